/**
 * Text edits that move an object to a newer apiVersion and reshape what the new version requires
 * (a Deployment's selector, an Ingress backend, HPA v2 metric targets), plus the small block-YAML
 * edits they are built from: replace a value, insert keys before a pair, replace adjacent pairs,
 * rename a key. Everything the user wrote around the edited spots (comments, order, indentation,
 * quoting) is kept; layouts we cannot edit safely (flow maps) give `undefined`: no fix.
 */
import { isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../engine/types';
import { getMap, getNode, getPair, getScalar, type KubeObject, type KubernetesModel } from './model';
import { appendToMap, fillEmptyFlowMap, isBlockMap, renderBlock } from './yamlEdit';

type AnyPair = Pair<Node, Node>;

/** Offset where a node's text ends, stepping back over the line break block scalars include. */
function nodeEnd(model: KubernetesModel, node: Node | null | undefined): number | undefined {
  let end = node?.range?.[1];
  if (end === undefined) return undefined;
  while (end > 0 && (model.text[end - 1] === '\n' || model.text[end - 1] === '\r')) end--;
  return end;
}

/** Replaces a scalar's text, keeping its quote style. */
export function replaceScalar(model: KubernetesModel, node: Node, value: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const q = node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : '';
  // `key:` with no value: the empty scalar sits right after the colon.
  const space = node.range[0] === node.range[1] ? ' ' : '';
  return { range: model.lines.range(node.range[0], node.range[1]), newText: space + q + value + q };
}

/** Renders `entries` as block lines for a spot at `column` that already has the first line's indentation. */
function blockAt(model: KubernetesModel, entries: Record<string, unknown>, column: number): string {
  const lines = renderBlock(entries, column, model.indentUnit());
  lines[0] = lines[0].slice(column);
  return lines.join(model.lines.eol);
}

/** Inserts `entries` as block keys just before `pair` of a block map, at its column. */
export function insertBeforePair(model: KubernetesModel, map: YAMLMap, pair: AnyPair, entries: Record<string, unknown>): TextEdit | undefined {
  const start = pair.key?.range?.[0];
  if (!isBlockMap(map) || start === undefined) return undefined;
  const pos = model.lines.positionAt(start);
  const eol = model.lines.eol;
  return { range: { start: pos, end: pos }, newText: blockAt(model, entries, pos.character) + eol + ' '.repeat(pos.character) };
}

/**
 * Replaces a run of pairs that follow each other in a block map (in any order) with `entries`.
 * Text after the last value on its line (a comment) stays.
 */
export function replacePairs(model: KubernetesModel, map: YAMLMap, pairs: AnyPair[], entries: Record<string, unknown>): TextEdit | undefined {
  if (!isBlockMap(map) || !pairs.length) return undefined;
  const idx = pairs.map((p) => map.items.indexOf(p as never)).sort((a, b) => a - b);
  if (idx[0] < 0 || idx.some((v, i) => i > 0 && v !== idx[i - 1] + 1)) return undefined;
  const first = map.items[idx[0]] as AnyPair;
  const last = map.items[idx[idx.length - 1]] as AnyPair;
  const start = first.key?.range?.[0];
  const end = nodeEnd(model, (last.value ?? last.key) as Node);
  if (start === undefined || end === undefined) return undefined;
  const column = model.lines.positionAt(start).character;
  return { range: model.lines.range(start, end), newText: blockAt(model, entries, column) };
}

/** Renames the key of a pair (the key must be a plain scalar). */
export function renameKey(model: KubernetesModel, pair: AnyPair, key: string): TextEdit | undefined {
  const k = pair.key;
  if (!isScalar(k) || !k.range) return undefined;
  return { range: model.lines.range(k.range[0], k.range[1]), newText: key };
}

/** Sets `key` in a block map to a scalar: replaces the value when present, appends the pair otherwise. */
export function setScalar(model: KubernetesModel, map: YAMLMap, key: string, value: string | number): TextEdit | undefined {
  const pair = getPair(map, key);
  if (pair) return pair.value ? replaceScalar(model, pair.value as Node, String(value)) : undefined;
  return appendToMap(model, map, { [key]: value });
}

// --- migrations -------------------------------------------------------------------------------

/** The edit of the apiVersion value. */
export function apiVersionEdit(model: KubernetesModel, object: KubeObject, apiVersion: string): TextEdit | undefined {
  const node = getNode(object.map, 'apiVersion');
  return node ? replaceScalar(model, node, apiVersion) : undefined;
}

/**
 * apps/v1 requires `spec.selector`; older versions defaulted it from the pod template's labels.
 * Adds `selector.matchLabels` with those labels when the selector is missing or empty.
 * Returns [] when nothing is needed, undefined when it cannot be done.
 */
export function workloadSelectorEdits(model: KubernetesModel, object: KubeObject): TextEdit[] | undefined {
  const spec = getMap(object.map, 'spec');
  if (!spec) return undefined;
  // Fields apps/v1 dropped: the user has to decide what replaces them.
  if (getNode(spec, 'rollbackTo') || getNode(spec, 'templateGeneration')) return undefined;
  const selectorPair = getPair(spec, 'selector') as AnyPair | undefined;
  const selector = selectorPair?.value;
  if (isMap(selector) && (getNode(selector, 'matchLabels') || getNode(selector, 'matchExpressions'))) return [];
  const labelsNode = getMap(getMap(getMap(spec, 'template'), 'metadata'), 'labels');
  const labels = labelsNode?.toJSON() as Record<string, unknown> | undefined;
  if (!labels || !Object.keys(labels).length) return undefined;
  const matchLabels = { ...labels };
  if (!selectorPair) {
    const templatePair = getPair(spec, 'template') as AnyPair | undefined;
    const e = templatePair ? insertBeforePair(model, spec, templatePair, { selector: { matchLabels } }) : appendToMap(model, spec, { selector: { matchLabels } });
    return e && [e];
  }
  if (!isMap(selector)) return undefined;
  const e = selector.flow ? fillEmptyFlowMap(model, spec, selectorPair!, { matchLabels }) : appendToMap(model, selector, { matchLabels });
  return e && [e];
}

/** Converts one v1beta1 Ingress backend (`serviceName`/`servicePort`) to the v1 shape. */
function ingressBackendEdit(model: KubernetesModel, backend: unknown): TextEdit[] | undefined {
  if (!isMap(backend)) return undefined;
  const namePair = getPair(backend, 'serviceName') as AnyPair | undefined;
  const portPair = getPair(backend, 'servicePort') as AnyPair | undefined;
  if (!namePair && !portPair) return getNode(backend, 'service') || getNode(backend, 'resource') ? [] : undefined;
  const name = getScalar(backend, 'serviceName');
  const port = getScalar(backend, 'servicePort');
  if (typeof name !== 'string' || (typeof port !== 'number' && typeof port !== 'string')) return undefined;
  const portValue = typeof port === 'number' || /^\d+$/.test(port) ? { number: Number(port) } : { name: port };
  const e = replacePairs(model, backend, [namePair!, portPair!], { service: { name, port: portValue } });
  return e && [e];
}

/**
 * extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress to networking.k8s.io/v1: `spec.backend`
 * becomes `spec.defaultBackend`, backends become `service: {name, port: {number|name}}`, and every
 * path gets the now required `pathType` (ImplementationSpecific: what v1beta1 did).
 */
export function ingressEdits(model: KubernetesModel, object: KubeObject): TextEdit[] | undefined {
  const spec = getMap(object.map, 'spec');
  if (!spec) return [];
  if (spec.flow && spec.items.length) return undefined;
  const edits: TextEdit[] = [];
  const defaultPair = getPair(spec, 'backend') as AnyPair | undefined;
  if (defaultPair) {
    const rename = renameKey(model, defaultPair, 'defaultBackend');
    const shape = ingressBackendEdit(model, defaultPair.value);
    if (!rename || !shape) return undefined;
    edits.push(rename, ...shape);
  }
  const rules = getNode(spec, 'rules');
  for (const rule of isSeq(rules) ? rules.items : []) {
    const paths = getNode(getMap(rule, 'http'), 'paths');
    for (const path of isSeq(paths) ? paths.items : []) {
      if (!isMap(path) || !isBlockMap(path)) return undefined;
      const backendPair = getPair(path, 'backend') as AnyPair | undefined;
      if (!backendPair) return undefined;
      const shape = ingressBackendEdit(model, backendPair.value);
      if (!shape) return undefined;
      edits.push(...shape);
      if (!getNode(path, 'pathType')) {
        const e = insertBeforePair(model, path, backendPair, { pathType: 'ImplementationSpecific' });
        if (!e) return undefined;
        edits.push(e);
      }
    }
  }
  return edits;
}

/**
 * autoscaling/v2beta1 to autoscaling/v2 for Resource metrics: `targetAverageUtilization: N` becomes
 * `target: {type: Utilization, averageUtilization: N}`, `targetAverageValue: V` becomes
 * `target: {type: AverageValue, averageValue: V}`. Other metric types: undefined (no fix).
 */
export function hpaV2beta1Edits(model: KubernetesModel, object: KubeObject): TextEdit[] | undefined {
  const metrics = getNode(getMap(object.map, 'spec'), 'metrics');
  if (metrics === undefined) return [];
  if (!isSeq(metrics)) return undefined;
  const edits: TextEdit[] = [];
  for (const m of metrics.items) {
    if (!isMap(m) || getScalar(m, 'type') !== 'Resource') return undefined;
    const resource = getMap(m, 'resource');
    if (!resource) return undefined;
    const util = getPair(resource, 'targetAverageUtilization') as AnyPair | undefined;
    const value = getPair(resource, 'targetAverageValue') as AnyPair | undefined;
    if (!!util === !!value) {
      if (!util && getNode(resource, 'target')) continue;
      return undefined;
    }
    const target = util
      ? { type: 'Utilization', averageUtilization: getScalar(resource, 'targetAverageUtilization') }
      : { type: 'AverageValue', averageValue: getScalar(resource, 'targetAverageValue') };
    const e = replacePairs(model, resource, [(util ?? value)!], { target });
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}

/** How an object is reshaped when its apiVersion moves on. */
export type Migration = 'apiVersion' | 'workload' | 'ingress' | 'hpa-v2beta1';

/** All edits of a migration to `apiVersion`, or undefined when it cannot be done mechanically. */
export function migrateObject(model: KubernetesModel, object: KubeObject, apiVersion: string, migration: Migration): TextEdit[] | undefined {
  const version = apiVersionEdit(model, object, apiVersion);
  if (!version) return undefined;
  let extra: TextEdit[] | undefined = [];
  if (migration === 'workload') extra = workloadSelectorEdits(model, object);
  else if (migration === 'ingress') extra = ingressEdits(model, object);
  else if (migration === 'hpa-v2beta1') extra = hpaV2beta1Edits(model, object);
  return extra && [version, ...extra];
}

/** Adds a new YAML document with `value` right after the document of `object`. */
export function appendDocument(model: KubernetesModel, object: KubeObject, value: Record<string, unknown>): TextEdit | undefined {
  const end = nodeEnd(model, object.map);
  if (end === undefined) return undefined;
  const pos = model.lines.positionAt(end);
  const lineEnd = model.lines.lineText(pos.line).length;
  const eol = model.lines.eol;
  const body = renderBlock(value, 0, model.indentUnit()).join(eol);
  return { range: { start: { line: pos.line, character: lineEnd }, end: { line: pos.line, character: lineEnd } }, newText: `${eol}---${eol}${body}` };
}
