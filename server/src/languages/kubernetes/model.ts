/**
 * The parsed Kubernetes file that rules read: every YAML document with `apiVersion` and `kind`
 * as an object, and every container of every pod template (containers, initContainers,
 * ephemeralContainers) at the path its kind puts it, with node ranges for reporting and fixing.
 * Parsed as YAML 1.1, as kubectl reads manifests (`yes` is a boolean there).
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { LineIndex } from '../../engine/text';
import type { Range } from '../../engine/types';

export interface KubeObject {
  /** Index of the YAML document in the file. */
  index: number;
  doc: Document.Parsed;
  map: YAMLMap;
  apiVersion: string;
  kind: string;
  name?: string;
  range: Range;
}

export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  object: KubeObject;
  podSpec: YAMLMap;
  field: ContainerField;
  map: YAMLMap;
  name: string;
  /** Position in its list. */
  index: number;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'], // OpenShift
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/**
 * Pod spec of each object map, by kind: a node, not a position, so it stays right when the editor's
 * incremental lint reuses an unchanged document's nodes at another place in the file.
 */
const podSpecs = new WeakMap<YAMLMap, { kind: string; spec: YAMLMap | undefined }>();

/** The value stored under `key` in a map node (undefined if absent or not a map). */
export function getNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = getPair(map, key);
  return (pair?.value ?? undefined) as Node | undefined;
}

export function getPair(map: YAMLMap | undefined, key: string): Pair<Node, Node> | undefined {
  if (!map || !isMap(map)) return undefined;
  for (const item of map.items as Pair<Node, Node>[]) {
    if (isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return undefined;
}

export function getMap(map: unknown, key: string): YAMLMap | undefined {
  const n = getNode(map, key);
  return isMap(n) ? n : undefined;
}

/** A scalar's value as JS (string, number, boolean, null), undefined otherwise. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function getScalar(map: unknown, key: string): unknown {
  return scalarValue(getNode(map, key));
}

export function getPath(map: unknown, path: string[]): Node | undefined {
  let cur: unknown = map;
  for (const key of path) {
    cur = getNode(cur, key);
    if (cur === undefined) return undefined;
  }
  return cur as Node;
}

export class KubernetesModel {
  readonly lines: LineIndex;
  readonly docs: Document.Parsed[];
  readonly objects: KubeObject[] = [];

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    // No source tokens (CST): nothing reads them, and they cost a quarter of the parse and a third of its memory.
    this.docs = parseAllDocuments(text, { uniqueKeys: false, version: '1.1' }) as Document.Parsed[];
    if (!Array.isArray(this.docs)) this.docs = [];
    this.docs.forEach((doc, index) => {
      if (doc.errors.length > 0 || !isMap(doc.contents)) return;
      const map = doc.contents;
      // A document that names apiVersion or kind twice is ambiguous (tools disagree on which wins):
      // the schema check reports it, rules leave it alone.
      const keys = map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
      if (keys.filter((k) => k === 'apiVersion').length > 1 || keys.filter((k) => k === 'kind').length > 1) return;
      const apiVersion = getScalar(map, 'apiVersion');
      const kind = getScalar(map, 'kind');
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
      const name = getScalar(getMap(map, 'metadata'), 'name');
      this.objects.push({
        index, doc, map, apiVersion, kind,
        name: typeof name === 'string' ? name : undefined,
        range: this.rangeOf(map),
      });
    });
  }

  /**
   * A model of a file parsed elsewhere, document by document (the editor's incremental lint): nothing
   * is parsed or scanned again. `objects` are what rules check; `inFile` what they may see of the
   * rest of the file; the layout is the file's, measured by the caller.
   */
  static assemble(parts: {
    text: string; lines: LineIndex; docs: Document.Parsed[]; objects: KubeObject[]; inFile?: KubeObject[];
    indentUnit: number; indentsSequences: boolean;
  }): KubernetesModel {
    const m = Object.create(KubernetesModel.prototype) as KubernetesModel;
    Object.assign(m, {
      text: parts.text, lines: parts.lines, docs: parts.docs, objects: parts.objects, inFileObjects: parts.inFile,
      indentUnitCache: parts.indentUnit, indentsSequencesCache: parts.indentsSequences,
    });
    return m;
  }

  private inFileObjects?: KubeObject[];

  /**
   * The objects of the file that rules may look at. Rules check `objects`; the editor's incremental
   * lint checks a part of the file at a time and lets file-scope rules see only the objects they
   * depend on besides (see languages/kubernetes/incremental.ts). Otherwise the same as `objects`.
   */
  get inFile(): KubeObject[] {
    return this.inFileObjects ?? this.objects;
  }

  /** Range of a node's value (without trailing comments or whitespace). */
  rangeOf(node: Node | null | undefined): Range {
    const r = node?.range;
    if (!r) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.lines.range(r[0], r[1]);
  }

  /** Range of the key of `key` in `map`, falling back to the map itself. */
  keyRange(map: YAMLMap, key: string): Range {
    const pair = getPair(map, key);
    return pair ? this.rangeOf(pair.key) : this.rangeOf(map);
  }

  /** The pod spec of a workload object, if it has one. */
  podSpec(object: KubeObject): YAMLMap | undefined {
    const known = podSpecs.get(object.map);
    if (known && known.kind === object.kind) return known.spec;
    const path = POD_SPEC_PATHS[object.kind];
    const node = path ? getPath(object.map, path) : undefined;
    const spec = isMap(node) ? node : undefined;
    podSpecs.set(object.map, { kind: object.kind, spec });
    return spec;
  }

  private containersCache?: Map<string, ContainerRef[]>;

  /** Every container of every workload, in file order (one list per model and `fields`: read-only). */
  containers(fields: ContainerField[] = ['containers', 'initContainers', 'ephemeralContainers']): ContainerRef[] {
    const key = fields.join(',');
    this.containersCache ??= new Map();
    let out = this.containersCache.get(key);
    if (!out) this.containersCache.set(key, (out = this.findContainers(fields)));
    return out;
  }

  private findContainers(fields: ContainerField[]): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const object of this.objects) {
      const podSpec = this.podSpec(object);
      if (!podSpec) continue;
      for (const field of fields) {
        const list = getNode(podSpec, field);
        if (!isSeq(list)) continue;
        list.items.forEach((item, index) => {
          if (!isMap(item)) return;
          const name = getScalar(item, 'name');
          out.push({ object, podSpec, field, map: item, name: typeof name === 'string' ? name : `#${index + 1}`, index });
        });
      }
    }
    return out;
  }

  /** Column at which the keys of a block map start. */
  indentOf(map: YAMLMap): number {
    const first = map.items[0] as Pair<Node, Node> | undefined;
    const start = first?.key?.range?.[0] ?? map.range?.[0] ?? 0;
    return this.lines.positionAt(start).character;
  }

  private indentUnitCache?: number;
  private indentsSequencesCache?: boolean;

  /** The indentation step the file uses (2 unless the file shows otherwise). */
  indentUnit(): number {
    if (this.indentUnitCache === undefined) this.indentUnitCache = this.computeIndentUnit();
    return this.indentUnitCache;
  }

  /**
   * Whether the file indents block sequences under their key (`key:` then `  - a`) rather than
   * writing the dashes at the key's column; most files do one or the other, and new lines follow.
   */
  indentsSequences(): boolean {
    if (this.indentsSequencesCache === undefined) this.indentsSequencesCache = this.computeIndentsSequences();
    return this.indentsSequencesCache;
  }

  private computeIndentsSequences(): boolean {
    let indented = 0;
    let flush = 0;
    let prev: { keyCol: number } | undefined;
    for (let i = 0; i < this.lines.lineCount; i++) {
      const line = this.lines.lineText(i);
      if (!line.trim() || line.trim().startsWith('#')) continue;
      const dash = /^(\s*)-\s/.exec(line);
      if (prev && dash) {
        if (dash[1].length > prev.keyCol) indented++;
        else if (dash[1].length === prev.keyCol) flush++;
      }
      const key = /^(\s*(?:-\s+)?)[^\s#'"{[][^:#]*:\s*(#.*)?$/.exec(line);
      prev = key ? { keyCol: key[1].length } : undefined;
    }
    return indented >= flush;
  }

  private computeIndentUnit(): number {
    const counts = new Map<number, number>();
    let prev = 0;
    for (let i = 0; i < this.lines.lineCount; i++) {
      const line = this.lines.lineText(i);
      if (!line.trim() || line.trim().startsWith('#')) continue;
      const indent = line.length - line.trimStart().length;
      if (indent > prev) counts.set(indent - prev, (counts.get(indent - prev) ?? 0) + 1);
      prev = indent;
    }
    let best = 2;
    let bestCount = 0;
    for (const [step, n] of counts) if (n > bestCount && step >= 2 && step <= 8) [best, bestCount] = [step, n];
    return best;
  }
}
