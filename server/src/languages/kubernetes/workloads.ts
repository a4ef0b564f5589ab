/**
 * The object graph that cross-object rules read: every Kubernetes object of the current file and of
 * the rest of the workspace as plain JSON, the pods each workload makes (labels, containers, ports),
 * label selectors, namespaces, and whether "not found" can be trusted. Pure functions over JSON, so
 * a rule treats objects of the current file and of other files alike.
 */
import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { RuleContext } from '../../engine/rule';
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

/** The objects of the current file, as JSON. */
export function fileObjects(model: KubernetesModel): ObjectView[] {
  const out: ObjectView[] = [];
  for (const o of model.objects) {
    let json: unknown;
    try {
      json = o.map.toJSON();
    } catch {
      continue; // aliases to missing anchors and the like: nothing to learn from this object
    }
    const v = isObj(json) ? view(json, o) : undefined;
    if (v) out.push(v);
  }
  return out;
}

/** The objects of the current file and of every other file the workspace knows about. */
export function knownObjects(ctx: RuleContext<'kubernetes'>): ObjectView[] {
  const out = fileObjects(ctx.model);
  for (const w of ctx.workspace.objects) {
    const v = isObj(w.json) ? view(w.json) : undefined;
    if (v) out.push(v);
  }
  return out;
}

/**
 * Whether "not found" means "missing": always when the workspace is complete; otherwise only when
 * the current file itself holds objects of the kinds looked for (it manages them, so one that is
 * not there is most likely missing rather than defined in a file we have not read).
 */
export function canJudgeMissing(ctx: RuleContext<'kubernetes'>, kinds: readonly string[]): boolean {
  if (ctx.workspace.complete) return true;
  return ctx.model.objects.some((o) => kinds.includes(o.kind));
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

export function podTemplate(o: ObjectView): PodTemplateView | undefined {
  const path = TEMPLATE_PATHS[o.kind];
  if (!path) return undefined;
  const tpl = path.length ? at(o.json, path) : o.json;
  if (!isObj(tpl)) return undefined;
  return { labels: stringMap(at(tpl, ['metadata', 'labels'])), spec: obj(tpl.spec), namespace: o.namespace };
}

/** Every container of a pod spec (regular and init), as JSON. */
export function podContainers(spec: Json, fields: string[] = ['containers', 'initContainers']): Json[] {
  return fields.flatMap((f) => arr(spec[f]).filter(isObj));
}

/** The ports pods of this template declare, with protocol (TCP when unset). */
export function declaredPorts(spec: Json): { name?: string; port?: number; protocol: string }[] {
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

/** HorizontalPodAutoscalers among `objects` that scale `target`. */
export function hpasFor(target: ObjectView, objects: ObjectView[]): ObjectView[] {
  return objects.filter((o) => {
    if (o.kind !== 'HorizontalPodAutoscaler') return false;
    const ref = obj(at(o.json, ['spec', 'scaleTargetRef']));
    return ref.kind === target.kind && ref.name === target.name && sameNamespace(o.namespace, target.namespace);
  });
}

/**
 * How many pods a Deployment/StatefulSet/ReplicaSet runs: an HPA's minReplicas (default 1) when one
 * scales it, else `spec.replicas` (default 1). `undefined` when the count is not a plain number
 * (a template placeholder, say).
 */
export function effectiveReplicas(o: ObjectView, objects: ObjectView[]): { replicas?: number; hpa?: ObjectView } {
  const hpa = hpasFor(o, objects)[0];
  if (hpa) {
    const min = at(hpa.json, ['spec', 'minReplicas']);
    return { replicas: min === undefined || min === null ? 1 : typeof min === 'number' ? min : undefined, hpa };
  }
  const r = at(o.json, ['spec', 'replicas']);
  return { replicas: r === undefined || r === null ? 1 : typeof r === 'number' ? r : undefined };
}

/** The view of a local object (by identity). */
export function viewOf(views: ObjectView[], local: KubeObject): ObjectView | undefined {
  return views.find((v) => v.local === local);
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
export function selectedWorkloads(service: ObjectView, objects: ObjectView[]): { selector: Record<string, string>; workloads: ObjectView[] } | undefined {
  const spec = obj(service.json.spec);
  if (spec.type === 'ExternalName') return undefined;
  const selector = stringMap(spec.selector);
  if (!Object.keys(selector).length || JSON.stringify(selector).includes('{{')) return undefined;
  const workloads = objects.filter((o) => {
    const tpl = podTemplate(o);
    return !!tpl && sameNamespace(o.namespace, service.namespace) && mapSelectorMatches(selector, tpl.labels);
  });
  return { selector, workloads };
}
