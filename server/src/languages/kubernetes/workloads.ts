/**
 * The object graph that cross-object rules read: every Kubernetes object of the current file and of
 * the rest of the workspace as plain JSON, the pods each workload makes (labels, containers, ports),
 * label selectors, namespaces, and whether "not found" can be trusted. Pure functions over JSON, so
 * a rule treats objects of the current file and of other files alike.
 *
 * The rules of one lint share the work: `knownObjects` returns the same array for every rule that
 * lints the same model with the same workspace view, and lookups in it (by file object, by kind, the
 * autoscalers of a workload, the pod templates a selector picks) go through an index built once per
 * array. Arrays and JSON handed out here are shared: treat them as read-only.
 */
import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { RuleContext, WorkspaceView } from '../../engine/rule';
import type { Range } from '../../engine/types';
import { getMap, getNode, getScalar, type ContainerRef, type KubeObject, type KubernetesModel } from './model';

export type Json = Record<string, unknown>;

/** One object as a rule sees it: JSON, plus the parsed object when it lives in the current file. */
export interface ObjectView {
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  json: Json;
  /** Set for objects of the file being linted. */
  local?: KubeObject;
}

/** Where each kind keeps its pod template (metadata + spec); `[]` means the object is the pod. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // OpenShift's Deployment; its pods are as real as any other for Services and selectors.
  DeploymentConfig: ['spec', 'template'],
};

/** Kinds whose objects make pods. */
export const POD_MAKING_KINDS = Object.keys(TEMPLATE_PATHS);

export function isObj(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function obj(v: unknown): Json {
  return isObj(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function at(json: unknown, path: string[]): unknown {
  let cur: unknown = json;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A plain string map (labels, matchLabels, a Service selector); non-scalar values are dropped. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}

function view(json: Json, local?: KubeObject): ObjectView | undefined {
  const kind = json.kind;
  const apiVersion = json.apiVersion;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return undefined;
  const meta = obj(json.metadata);
  return { kind, apiVersion, name: str(meta.name), namespace: str(meta.namespace), json, local };
}

/**
 * The JSON of a map node, computed once per node. JSON has no positions, so this stays right when the
 * incremental linter reuses an unchanged document's nodes at another place in the file; `null`: the
 * node cannot be converted (aliases to missing anchors and the like).
 */
const jsonOfNode = new WeakMap<YAMLMap, unknown>();

function toJson(map: YAMLMap): unknown {
  if (jsonOfNode.has(map)) return jsonOfNode.get(map);
  let json: unknown;
  try {
    json = map.toJSON();
  } catch {
    json = null;
  }
  jsonOfNode.set(map, json);
  return json;
}

/** The JSON of an object (computed once per YAML node); null when it cannot be converted. */
export function objectJson(o: KubeObject): unknown {
  return toJson(o.map);
}

const fileObjectsOf = new WeakMap<KubernetesModel, ObjectView[]>();

/** The objects of the current file, as JSON (the same array for every call on one model). */
export function fileObjects(model: KubernetesModel): ObjectView[] {
  let out = fileObjectsOf.get(model);
  if (out) return out;
  out = [];
  for (const o of model.inFile) {
    const json = toJson(o.map);
    const v = isObj(json) ? view(json, o) : undefined;
    if (v) out.push(v);
  }
  fileObjectsOf.set(model, out);
  return out;
}

/** Views of other files' objects, by their JSON (which the workspace index keeps until the file changes). */
const workspaceViews = new WeakMap<Json, ObjectView | null>();

const knownObjectsOf = new WeakMap<KubernetesModel, { workspace: WorkspaceView; views: ObjectView[] }>();

/**
 * The objects of the current file and of every other file the workspace knows about. Computed once
 * per model and workspace view: every rule of a lint gets the same (read-only) array.
 */
export function knownObjects(ctx: RuleContext<'kubernetes'>): ObjectView[] {
  const known = knownObjectsOf.get(ctx.model);
  if (known && known.workspace === ctx.workspace) return known.views;
  const out = [...fileObjects(ctx.model)];
  for (const w of ctx.workspace.objects) {
    if (!isObj(w.json)) continue;
    let v = workspaceViews.get(w.json);
    if (v === undefined) {
      v = view(w.json) ?? null;
      workspaceViews.set(w.json, v);
    }
    if (v) out.push(v);
  }
  knownObjectsOf.set(ctx.model, { workspace: ctx.workspace, views: out });
  return out;
}

/** Lookups in an array of views, built on first use (see {@link indexOf}). */
interface ViewIndex {
  /** Length when built: an array that grew or shrank since gets a new index. */
  length: number;
  byLocal: Map<KubeObject, ObjectView>;
  byKind: Map<string, ObjectView[]>;
  /** HorizontalPodAutoscalers by the kind and name they target (see {@link targetKey}). */
  hpas?: Map<string, ObjectView[]>;
  /** Pod-making objects by label key, then value, of their pod template. */
  podsByLabel?: Map<string, Map<string, ObjectView[]>>;
  /** selectedWorkloads() per Service view. */
  selected?: Map<ObjectView, { selector: Record<string, string>; workloads: ObjectView[] } | undefined>;
}

const indexes = new WeakMap<readonly ObjectView[], ViewIndex>();
const NONE: readonly ObjectView[] = [];

function indexOf(views: readonly ObjectView[]): ViewIndex {
  let ix = indexes.get(views);
  if (ix && ix.length === views.length) return ix;
  ix = { length: views.length, byLocal: new Map(), byKind: new Map() };
  for (const v of views) {
    if (v.local && !ix.byLocal.has(v.local)) ix.byLocal.set(v.local, v);
    const same = ix.byKind.get(v.kind);
    if (same) same.push(v);
    else ix.byKind.set(v.kind, [v]);
  }
  indexes.set(views, ix);
  return ix;
}

/** The views of one kind, in the order of `views`. */
export function ofKind(views: readonly ObjectView[], kind: string): readonly ObjectView[] {
  return indexOf(views).byKind.get(kind) ?? NONE;
}

/**
 * Key under which an autoscaler's `scaleTargetRef` (kind, name) equals a target's (kind, name):
 * undefined when no target can be equal (a kind that is not a string, a name that is neither a
 * string nor absent).
 */
function targetKey(kind: unknown, name: unknown): string | undefined {
  if (typeof kind !== 'string' || (name !== undefined && typeof name !== 'string')) return undefined;
  return JSON.stringify([kind, name ?? null]);
}

/**
 * Whether "not found" means "missing": always when the workspace is complete; otherwise only when
 * the current file itself holds objects of the kinds looked for (it manages them, so one that is
 * not there is most likely missing rather than defined in a file we have not read).
 */
export function canJudgeMissing(ctx: RuleContext<'kubernetes'>, kinds: readonly string[]): boolean {
  if (ctx.workspace.complete) return true;
  return ctx.model.inFile.some((o) => kinds.includes(o.kind));
}

/** Namespaces are compatible when equal, or when either is left to the tool that applies the manifest. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return !a || !b || a === b;
}

/** The pod template of a pod-making object: its labels and pod spec, namespace from the object. */
export interface PodTemplateView {
  labels: Record<string, string>;
  spec: Json;
  namespace?: string;
}

/** Pod templates by the object's JSON, which they are computed from (the JSON is cached per node). */
const templates = new WeakMap<Json, PodTemplateView | null>();

/** The object's pod template (computed once per object JSON; read-only). */
export function podTemplate(o: ObjectView): PodTemplateView | undefined {
  let tpl = templates.get(o.json);
  if (tpl === undefined) {
    tpl = computePodTemplate(o) ?? null;
    templates.set(o.json, tpl);
  }
  return tpl ?? undefined;
}

/** From the JSON alone (a view's kind and namespace come from it). */
function computePodTemplate(o: ObjectView): PodTemplateView | undefined {
  const kind = o.json.kind;
  const path = typeof kind === 'string' ? TEMPLATE_PATHS[kind] : undefined;
  if (!path) return undefined;
  const tpl = path.length ? at(o.json, path) : o.json;
  if (!isObj(tpl)) return undefined;
  return { labels: stringMap(at(tpl, ['metadata', 'labels'])), spec: obj(tpl.spec), namespace: str(obj(o.json.metadata).namespace) };
}

/** Kinds that scale a workload: HPAs, and KEDA ScaledObjects (which drive an HPA of their own). */
export const AUTOSCALER_KINDS: readonly string[] = ['HorizontalPodAutoscaler', 'ScaledObject'];

/**
 * What every cross-document rule reads of another object (see RuleMeta.dependsOn): kind and
 * apiVersion (a view needs both), name, namespace.
 */
export function identityOf(json: Json): unknown[] {
  const meta = obj(json.metadata);
  return [json.kind, json.apiVersion, meta.name, meta.namespace];
}

/** Identity and pod template labels (what a selector picks); null for an object without a pod template. */
export function podLabelsOf(json: Json): unknown[] {
  const tpl = typeof json.kind === 'string' && typeof json.apiVersion === 'string' ? podTemplate({ kind: json.kind, apiVersion: json.apiVersion, json }) : undefined;
  return [...identityOf(json), tpl ? tpl.labels : null];
}

/** Every container of a pod spec (regular and init), as JSON. */
export function podContainers(spec: Json, fields: string[] = ['containers', 'initContainers']): Json[] {
  return fields.flatMap((f) => arr(spec[f]).filter(isObj));
}

const declaredPortsOf = new WeakMap<Json, { name?: string; port?: number; protocol: string }[]>();

/** The ports pods of this template declare, with protocol (TCP when unset); computed once per spec (read-only). */
export function declaredPorts(spec: Json): { name?: string; port?: number; protocol: string }[] {
  let out = declaredPortsOf.get(spec);
  if (!out) declaredPortsOf.set(spec, (out = findDeclaredPorts(spec)));
  return out;
}

function findDeclaredPorts(spec: Json): { name?: string; port?: number; protocol: string }[] {
  const out: { name?: string; port?: number; protocol: string }[] = [];
  for (const c of podContainers(spec)) {
    for (const p of arr(c.ports).filter(isObj)) {
      out.push({
        name: typeof p.name === 'string' ? p.name : undefined,
        port: typeof p.containerPort === 'number' ? p.containerPort : undefined,
        protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP',
      });
    }
  }
  return out;
}

interface Requirement {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

/**
 * Whether a metav1.LabelSelector (`matchLabels` + `matchExpressions`) selects `labels`. An empty
 * selector selects everything; a selector we cannot read selects nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const sel = obj(selector);
  for (const [k, v] of Object.entries(stringMap(sel.matchLabels))) if (labels[k] !== v) return false;
  for (const r of arr(sel.matchExpressions) as Requirement[]) {
    if (!isObj(r) || typeof r.key !== 'string') return false;
    const values = arr(r.values).map((x) => String(x));
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(labels[r.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a plain map selector (Service, ReplicationController) selects `labels`; empty selects nothing. */
export function mapSelectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** `a=b, c=d` for messages. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** HorizontalPodAutoscalers among `objects` that scale `target`, in the order of `objects`. */
export function hpasFor(target: ObjectView, objects: readonly ObjectView[]): ObjectView[] {
  const ix = indexOf(objects);
  if (!ix.hpas) {
    ix.hpas = new Map();
    for (const o of ix.byKind.get('HorizontalPodAutoscaler') ?? NONE) {
      const ref = obj(at(o.json, ['spec', 'scaleTargetRef']));
      const key = targetKey(ref.kind, ref.name);
      if (key === undefined) continue;
      const same = ix.hpas.get(key);
      if (same) same.push(o);
      else ix.hpas.set(key, [o]);
    }
  }
  const key = targetKey(target.kind, target.name);
  const candidates = key === undefined ? undefined : ix.hpas.get(key);
  return candidates ? candidates.filter((o) => sameNamespace(o.namespace, target.namespace)) : [];
}

/**
 * How many pods a Deployment/StatefulSet/ReplicaSet runs: an HPA's minReplicas (default 1) when one
 * scales it, else `spec.replicas` (default 1). `undefined` when the count is not a plain number
 * (a template placeholder, say).
 */
export function effectiveReplicas(o: ObjectView, objects: readonly ObjectView[]): { replicas?: number; hpa?: ObjectView } {
  const hpa = hpasFor(o, objects)[0];
  if (hpa) {
    const min = at(hpa.json, ['spec', 'minReplicas']);
    return { replicas: min === undefined || min === null ? 1 : typeof min === 'number' ? min : undefined, hpa };
  }
  const r = at(o.json, ['spec', 'replicas']);
  return { replicas: r === undefined || r === null ? 1 : typeof r === 'number' ? r : undefined };
}

/** The view of a local object (by identity). */
export function viewOf(views: readonly ObjectView[], local: KubeObject): ObjectView | undefined {
  return indexOf(views).byLocal.get(local);
}

// --- helpers on the parsed file --------------------------------------------------------------

/** Range to report an object-level finding on: the `metadata.name` value, else the `kind` value. */
export function objectRange(model: KubernetesModel, o: KubeObject): Range {
  const name = getNode(getMap(o.map, 'metadata'), 'name');
  return model.rangeOf(name ?? getNode(o.map, 'kind') ?? o.map);
}

/** Range of a container's `name` value (its first entry when it has none). */
export function containerRange(model: KubernetesModel, c: ContainerRef): Range {
  const name = getNode(c.map, 'name');
  if (name) return model.rangeOf(name);
  const first = c.map.items[0] as Pair<Node, Node> | undefined;
  if (!first?.key) return model.rangeOf(c.map);
  return { start: model.rangeOf(first.key).start, end: model.rangeOf(first.value ?? first.key).end };
}

/** Kinds whose pods are meant to run until replaced (not run to completion). */
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

/**
 * Whether an object runs long-lived pods: controllers that keep pods running, and bare Pods and
 * PodTemplates whose restartPolicy is Always (the default). Jobs and CronJobs run to completion.
 */
export function isLongRunning(model: KubernetesModel, o: KubeObject): boolean {
  if (LONG_RUNNING.has(o.kind)) return true;
  if (o.kind !== 'Pod' && o.kind !== 'PodTemplate') return false;
  const policy = getScalar(model.podSpec(o), 'restartPolicy');
  return policy === undefined || policy === null || policy === 'Always';
}

/** Whether an init container is a native sidecar (restartPolicy: Always), which runs alongside the app. */
export function isSidecar(c: ContainerRef): boolean {
  return c.field === 'initContainers' && getScalar(c.map, 'restartPolicy') === 'Always';
}

/** The container's declared ports as JSON (name, containerPort, protocol defaulting to TCP). */
export function containerPorts(container: YAMLMap): { name?: string; port?: number; protocol: string }[] {
  const ports = getNode(container, 'ports');
  if (!isSeq(ports)) return [];
  const out: { name?: string; port?: number; protocol: string }[] = [];
  for (const p of ports.items) {
    if (!isMap(p)) continue;
    const name = getScalar(p, 'name');
    const port = getScalar(p, 'containerPort');
    const protocol = getScalar(p, 'protocol');
    out.push({
      name: typeof name === 'string' ? name : undefined,
      port: typeof port === 'number' ? port : undefined,
      protocol: typeof protocol === 'string' ? protocol.toUpperCase() : 'TCP',
    });
  }
  return out;
}

/**
 * A probe to start from, on the container's first declared TCP port: an HTTP GET on `/` when the
 * port is named http/https, a TCP connect otherwise. Undefined when the container declares no port.
 */
export function probeSkeleton(container: YAMLMap, probe: 'liveness' | 'readiness'): Record<string, unknown> | undefined {
  const port = containerPorts(container).find((p) => p.protocol === 'TCP' && p.port !== undefined);
  if (!port) return undefined;
  const ref = port.name ?? port.port;
  const http = port.name ? /^(https?)(-|$)/i.exec(port.name) : null;
  const handler = http
    ? { httpGet: { path: '/', port: ref, ...(http[1].toLowerCase() === 'https' ? { scheme: 'HTTPS' } : {}) } }
    : { tcpSocket: { port: ref } };
  // Liveness waits a little so a slow start is not taken for a hang; readiness checks more often.
  return probe === 'liveness' ? { ...handler, initialDelaySeconds: 10, periodSeconds: 10 } : { ...handler, periodSeconds: 5 };
}

/** The pod-making objects whose pods a Service's selector picks; undefined when it has no usable selector. */
export function selectedWorkloads(service: ObjectView, objects: readonly ObjectView[]): { selector: Record<string, string>; workloads: ObjectView[] } | undefined {
  const ix = indexOf(objects);
  ix.selected ??= new Map();
  if (ix.selected.has(service)) return ix.selected.get(service);
  const selected = findSelectedWorkloads(service, objects);
  ix.selected.set(service, selected);
  return selected;
}

function findSelectedWorkloads(service: ObjectView, objects: readonly ObjectView[]): { selector: Record<string, string>; workloads: ObjectView[] } | undefined {
  const spec = obj(service.json.spec);
  if (spec.type === 'ExternalName') return undefined;
  const selector = stringMap(spec.selector);
  const entries = Object.entries(selector);
  if (!entries.length || JSON.stringify(selector).includes('{{')) return undefined;
  // Only objects whose template has every label of the selector qualify: start from the fewest
  // objects having one of them (a subsequence of `objects`, so the order is kept).
  const byLabel = podsByLabel(objects);
  let candidates: readonly ObjectView[] | undefined;
  for (const [k, v] of entries) {
    const list = byLabel.get(k)?.get(v) ?? NONE;
    if (!candidates || list.length < candidates.length) candidates = list;
  }
  const workloads = candidates!.filter((o) => sameNamespace(o.namespace, service.namespace) && mapSelectorMatches(selector, podTemplate(o)!.labels));
  return { selector, workloads };
}

function podsByLabel(objects: readonly ObjectView[]): Map<string, Map<string, ObjectView[]>> {
  const ix = indexOf(objects);
  if (!ix.podsByLabel) {
    ix.podsByLabel = new Map();
    for (const o of objects) {
      const tpl = podTemplate(o);
      if (!tpl) continue;
      for (const [k, v] of Object.entries(tpl.labels)) {
        let values = ix.podsByLabel.get(k);
        if (!values) ix.podsByLabel.set(k, (values = new Map()));
        const same = values.get(v);
        if (same) same.push(o);
        else values.set(v, [o]);
      }
    }
  }
  return ix.podsByLabel;
}
