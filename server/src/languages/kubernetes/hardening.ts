/**
 * Security-context facts and the "Harden security context" fix shared by the Kubernetes
 * security-context rules: the settings a container effectively runs with (its own securityContext
 * over the pod's), and one structural edit that adds the missing pod-level (runAsNonRoot,
 * seccompProfile) and container-level (allowPrivilegeEscalation, readOnlyRootFilesystem,
 * capabilities.drop ALL) settings of a whole workload. It completes partial maps and never changes
 * or removes a value the user wrote, so an explicit `readOnlyRootFilesystem: false` survives it.
 */
import { isMap, isScalar, isSeq, stringify, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FixSpec } from '../../engine/rule';
import type { Range, TextEdit } from '../../engine/types';
import { getMap, getNode, getPair, getPath, getScalar, scalarValue, type ContainerRef, type KubeObject, type KubernetesModel } from './model';
import { isBlockMap, joinInsertions, stringifyBlock } from './yamlEdit';

export const HARDEN_TITLE = 'Harden security context';

/** What containerd and Docker grant a container unless told otherwise (CRI-O grants a subset). */
export const RUNTIME_DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Capabilities the Pod Security Standards' baseline profile lets a container add. */
export const BASELINE_ADDABLE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** `sys_admin`, `CAP_SYS_ADMIN` -> `SYS_ADMIN` (runtimes compare capability names case-insensitively). */
export function normalizeCapability(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const s = v.trim().toUpperCase();
  return s.startsWith('CAP_') ? s.slice(4) : s;
}

/** The normalized capability names of a `capabilities.add` / `.drop` sequence. */
export function capabilityList(node: unknown): string[] {
  if (!isSeq(node)) return [];
  return node.items.map((i) => normalizeCapability(scalarValue(i))).filter((c): c is string => !!c);
}

/** Whether a list of dropped capabilities leaves the container none: ALL, or every runtime default one by one. */
export function dropsAllCapabilities(dropped: readonly string[]): boolean {
  return dropped.includes('ALL') || RUNTIME_DEFAULT_CAPABILITIES.every((c) => dropped.includes(c));
}

/** Windows pods cannot set most Linux security settings (the API rejects them), so the rules skip them. */
export function isWindowsPod(podSpec: YAMLMap | undefined): boolean {
  if (getScalar(getMap(podSpec, 'os'), 'name') === 'windows') return true;
  return getScalar(getMap(getMap(podSpec, 'securityContext'), 'windowsOptions'), 'hostProcess') === true;
}

export interface Setting {
  node: Node;
  value: unknown;
  level: 'container' | 'pod';
}

/** A securityContext field as the container runs with it: its own value, else the pod's (null counts as unset). */
export function effectiveSetting(c: ContainerRef, key: string): Setting | undefined {
  const levels: Array<[Setting['level'], YAMLMap | undefined]> = [
    ['container', getMap(c.map, 'securityContext')],
    ['pod', getMap(c.podSpec, 'securityContext')],
  ];
  for (const [level, map] of levels) {
    const node = getNode(map, key);
    const value = scalarValue(node);
    if (node && value !== null && value !== undefined) return { node, value, level };
  }
  return undefined;
}

/** The user ID the container runs as when the manifest says so (a number), else undefined. */
export function effectiveUser(c: ContainerRef): number | undefined {
  const v = effectiveSetting(c, 'runAsUser')?.value;
  return typeof v === 'number' ? v : undefined;
}

/** Whether the container cannot run as root: runAsNonRoot: true, or a non-zero runAsUser. */
export function runsAsNonRoot(c: ContainerRef): boolean {
  const user = effectiveUser(c);
  if (user !== undefined && user > 0) return true;
  return user !== 0 && effectiveSetting(c, 'runAsNonRoot')?.value === true;
}

/** Where each kind keeps its pod template's metadata (seccomp annotations live there). */
const TEMPLATE_METADATA: Record<string, string[]> = {
  Pod: ['metadata'],
  PodTemplate: ['template', 'metadata'],
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
};

/** The pod template's annotations map, if any. */
export function podAnnotations(object: KubeObject): YAMLMap | undefined {
  const path = TEMPLATE_METADATA[object.kind];
  return path ? getMap(getPath(object.map, path), 'annotations') : undefined;
}

export interface SeccompSetting {
  /** `RuntimeDefault`, `Localhost`, `Unconfined`, or whatever else was written. */
  type: string;
  node: Node;
  source: 'container' | 'pod' | 'container-annotation' | 'pod-annotation';
}

function fieldProfile(sc: YAMLMap | undefined): { type: string; node: Node } | undefined {
  const typeNode = getNode(getMap(sc, 'seccompProfile'), 'type');
  const v = scalarValue(typeNode);
  return typeNode && v !== null && v !== undefined ? { type: String(v), node: typeNode } : undefined;
}

function annotationProfile(value: unknown): string {
  const v = String(value);
  if (v === 'runtime/default' || v === 'docker/default') return 'RuntimeDefault';
  if (v.startsWith('localhost/')) return 'Localhost';
  if (v === 'unconfined') return 'Unconfined';
  return v;
}

/**
 * The seccomp profile a container runs with: the securityContext fields (container over pod) win;
 * only when neither sets a type do the deprecated `seccomp.security.alpha.kubernetes.io` annotations
 * count (container annotation over pod annotation).
 */
export function effectiveSeccomp(c: ContainerRef): SeccompSetting | undefined {
  const own = fieldProfile(getMap(c.map, 'securityContext'));
  if (own) return { ...own, source: 'container' };
  const pod = fieldProfile(getMap(c.podSpec, 'securityContext'));
  if (pod) return { ...pod, source: 'pod' };
  const annotations = podAnnotations(c.object);
  const containerNode = getNode(annotations, `container.seccomp.security.alpha.kubernetes.io/${c.name}`);
  if (isScalar(containerNode) && containerNode.value !== null) return { type: annotationProfile(containerNode.value), node: containerNode, source: 'container-annotation' };
  const podNode = getNode(annotations, 'seccomp.security.alpha.kubernetes.io/pod');
  if (isScalar(podNode) && podNode.value !== null) return { type: annotationProfile(podNode.value), node: podNode, source: 'pod-annotation' };
  return undefined;
}

/** Seccomp types that confine a container. */
export function isConfiningSeccomp(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

// --- structural edits ---------------------------------------------------------------------------

/** What a map should contain; existing scalars are never touched. */
export type Want =
  | { kind: 'scalar'; value: unknown }
  | { kind: 'map'; entries: Record<string, Want>; onlyIfEmpty?: boolean }
  | { kind: 'seq-item'; item: string; present: (items: unknown[]) => boolean };

export const scalar = (value: unknown): Want => ({ kind: 'scalar', value });
export const map = (entries: Record<string, Want>, onlyIfEmpty = false): Want => ({ kind: 'map', entries, onlyIfEmpty });

function plain(want: Want): unknown {
  if (want.kind === 'scalar') return want.value;
  if (want.kind === 'seq-item') return [want.item];
  return Object.fromEntries(Object.entries(want.entries).map(([k, w]) => [k, plain(w)]));
}

function flowText(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

function endOfLineAt(model: KubernetesModel, offset: number): Range {
  const pos = model.lines.positionAt(offset);
  const end = { line: pos.line, character: model.lines.lineText(pos.line).length };
  return { start: end, end };
}

const indentUnits = new WeakMap<KubernetesModel, number>();

const eols = new WeakMap<KubernetesModel, string>();

/** The file's line break; `lines.eol` scans the whole text, so once per file. */
function eolOf(model: KubernetesModel): string {
  let eol = eols.get(model);
  if (eol === undefined) {
    eol = model.lines.eol;
    eols.set(model, eol);
  }
  return eol;
}

/** model.indentUnit(), which scans the whole file, once per file: a fix per container must not cost a scan each. */
function indentUnit(model: KubernetesModel): number {
  let unit = indentUnits.get(model);
  if (unit === undefined) {
    unit = model.indentUnit();
    indentUnits.set(model, unit);
  }
  return unit;
}

/** `value` as block YAML lines at `indent`, in the file's indentation step and sequence style. */
function blockLines(model: KubernetesModel, value: unknown, indent: number): string[] {
  const text = stringifyBlock(value, indentUnit(model), model.indentsSequences());
  return text.split('\n').map((l) => ' '.repeat(indent) + l);
}

/** Appends `entries` to a block map, after the line on which its last value ends (trailing comments stay put). */
function appendBlock(model: KubernetesModel, target: YAMLMap, entries: Record<string, unknown>): TextEdit | undefined {
  if (!isBlockMap(target)) return undefined;
  const last = target.items[target.items.length - 1] as Pair<Node, Node>;
  let end = (last.value ?? last.key)?.range?.[1];
  if (end === undefined) return undefined;
  // Block scalars end after their line break; step back onto their last line.
  while (end > 0 && (model.text[end - 1] === '\n' || model.text[end - 1] === '\r')) end--;
  const eol = eolOf(model);
  return { range: endOfLineAt(model, end), newText: eol + blockLines(model, entries, model.indentOf(target)).join(eol) };
}

/** Replaces an empty flow map value (`securityContext: {}`) with a block map holding `entries`. */
function fillEmptyFlow(model: KubernetesModel, parent: YAMLMap, pair: Pair<Node, Node>, entries: Record<string, unknown>): TextEdit | undefined {
  const keyEnd = pair.key?.range?.[1];
  const valueEnd = pair.value?.range?.[1];
  if (keyEnd === undefined || valueEnd === undefined) return undefined;
  const between = model.text.slice(keyEnd, valueEnd);
  if (!/^\s*:\s*\{\s*\}$/.test(between)) return undefined;
  const eol = eolOf(model);
  return { range: model.lines.range(keyEnd, valueEnd), newText: ':' + eol + blockLines(model, entries, model.indentOf(parent) + indentUnit(model)).join(eol) };
}

/** Inserts `text` as the last entry of a one-line flow map or sequence without comments. */
function insertIntoFlow(model: KubernetesModel, node: YAMLMap | YAMLSeq, text: string): TextEdit | undefined {
  const r = node.range;
  if (!r) return undefined;
  const src = model.text.slice(r[0], r[1]);
  if (src.includes('\n') || src.includes('\r') || src.includes('#')) return undefined;
  const close = src.lastIndexOf(isMap(node) ? '}' : ']');
  if (close <= 0) return undefined;
  const head = src.slice(0, close).trimEnd();
  const inner = head.slice(1).trim();
  const sep = inner === '' ? '' : head.endsWith(',') ? ' ' : ', ';
  const at = model.lines.positionAt(r[0] + head.length);
  return { range: { start: at, end: at }, newText: sep + text };
}

function flowEntries(entries: Record<string, unknown>): string {
  return Object.entries(entries).map(([k, v]) => `${k}: ${flowText(v)}`).join(', ');
}

/** Appends an item to a block or one-line flow sequence. */
function appendToSeq(model: KubernetesModel, seq: YAMLSeq, item: string): TextEdit | undefined {
  if (seq.flow) return insertIntoFlow(model, seq, flowText(item));
  const first = seq.items[0] as Node | undefined;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!first?.range || !last?.range) return undefined;
  const start = model.lines.positionAt(first.range[0]);
  const dash = /^(\s*)-(\s+)$/.exec(model.lines.lineText(start.line).slice(0, start.character));
  if (!dash) return undefined;
  let end = last.range[1];
  while (end > 0 && (model.text[end - 1] === '\n' || model.text[end - 1] === '\r')) end--;
  const eol = eolOf(model);
  return { range: endOfLineAt(model, end), newText: eol + dash[1] + '-' + dash[2] + flowText(item) };
}

/** Gives `key:` (no value, or an explicit `null` / `~`, which mean the same) a block value on the lines after the key. */
function fillNull(model: KubernetesModel, parent: YAMLMap, pair: Pair<Node, Node | null>, value: unknown): TextEdit | undefined {
  const v = pair.value;
  if (parent.flow || !pair.key?.range) return undefined;
  if (v && (!isScalar(v) || v.value !== null)) return undefined;
  const eol = eolOf(model);
  const lines = blockLines(model, value, model.indentOf(parent) + indentUnit(model));
  if (v?.range && v.range[1] > v.range[0]) {
    // `key: null`: the null token goes, a comment after it stays.
    return { range: model.lines.range(pair.key.range[1], v.range[1]), newText: ':' + eol + lines.join(eol) };
  }
  return { range: endOfLineAt(model, pair.key.range[1]), newText: eol + lines.join(eol) };
}

/**
 * The edits that make `target` contain what `entries` asks for, innermost first; undefined when the
 * layout cannot be edited safely (multi-line flow collections, comments inside flow collections).
 */
export function ensureEntries(model: KubernetesModel, target: YAMLMap, entries: Record<string, Want>): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const missing: Record<string, unknown> = {};
  for (const [key, want] of Object.entries(entries)) {
    const pair = getPair(target, key) as Pair<Node, Node | null> | undefined;
    if (!pair) {
      missing[key] = plain(want);
      continue;
    }
    const value = pair.value;
    if (!value || (isScalar(value) && value.value === null)) {
      if (want.kind === 'scalar') continue; // `key:` left empty on purpose is the user's business
      const e = fillNull(model, target, pair, plain(want));
      if (!e) return undefined;
      edits.push(e);
      continue;
    }
    if (want.kind === 'scalar') continue;
    if (want.kind === 'seq-item') {
      if (!isSeq(value) || want.present(value.items.map((i) => scalarValue(i)))) continue;
      const e = appendToSeq(model, value, want.item);
      if (!e) return undefined;
      edits.push(e);
      continue;
    }
    if (!isMap(value)) continue;
    if (want.onlyIfEmpty && value.items.length > 0) continue;
    if (value.flow && value.items.length === 0 && !target.flow) {
      const e = fillEmptyFlow(model, target, pair as Pair<Node, Node>, plain(want) as Record<string, unknown>);
      if (!e) return undefined;
      edits.push(e);
      continue;
    }
    const inner = ensureEntries(model, value, want.entries);
    if (!inner) return undefined;
    edits.push(...inner);
  }
  if (Object.keys(missing).length) {
    const e = target.flow ? insertIntoFlow(model, target, flowEntries(missing)) : appendBlock(model, target, missing);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}

// --- the workload fix ---------------------------------------------------------------------------

const cache = new WeakMap<KubeObject, FixSpec | null>();
const byObject = new WeakMap<KubernetesModel, Map<KubeObject, ContainerRef[]>>();

/** The containers (all kinds) of one workload, from one pass over the file. */
export function containersOf(model: KubernetesModel, object: KubeObject): ContainerRef[] {
  let index = byObject.get(model);
  if (!index) {
    index = new Map();
    for (const c of model.containers()) {
      const list = index.get(c.object);
      if (list) list.push(c);
      else index.set(c.object, [c]);
    }
    byObject.set(model, index);
  }
  return index.get(object) ?? [];
}

function hasKey(m: YAMLMap | undefined, key: string): boolean {
  return !!m && getPair(m, key) !== undefined;
}

/** Whether the container adds SYS_ADMIN or runs privileged: the API then rejects allowPrivilegeEscalation: false. */
export function mustAllowEscalation(c: ContainerRef): boolean {
  const sc = getMap(c.map, 'securityContext');
  return getScalar(sc, 'privileged') === true || capabilityList(getNode(getMap(sc, 'capabilities'), 'add')).includes('SYS_ADMIN');
}

/** Wants for one container's securityContext (without runAsNonRoot / seccompProfile). */
function containerWants(c: ContainerRef): Record<string, Want> {
  const sc: Record<string, Want> = {};
  if (!mustAllowEscalation(c)) sc.allowPrivilegeEscalation = scalar(false);
  sc.readOnlyRootFilesystem = scalar(true);
  // An empty `seccompProfile: {}` is invalid (type is required): complete it rather than leave it.
  const own = getNode(getMap(c.map, 'securityContext'), 'seccompProfile');
  if (isMap(own) && own.items.length === 0) sc.seccompProfile = map({ type: scalar('RuntimeDefault') }, true);
  sc.capabilities = map({
    drop: { kind: 'seq-item', item: 'ALL', present: (items) => dropsAllCapabilities(items.map(normalizeCapability).filter((x): x is string => !!x)) },
  });
  return sc;
}

/** Where runAsNonRoot: true goes: the pod, the listed containers, or nowhere. */
function planNonRoot(containers: ContainerRef[], podSc: YAMLMap | undefined): { pod: boolean; containers: ContainerRef[] } {
  const needs = containers.filter((c) => !runsAsNonRoot(c) && effectiveUser(c) !== 0);
  if (!needs.length || hasKey(podSc, 'runAsNonRoot')) return { pod: false, containers: [] };
  // runAsNonRoot: true beside an explicit runAsUser: 0 stops the container from starting.
  const rootByChoice = getScalar(podSc, 'runAsUser') === 0 ||
    containers.some((c) => effectiveUser(c) === 0 && !hasKey(getMap(c.map, 'securityContext'), 'runAsNonRoot'));
  return rootByChoice ? { pod: false, containers: needs } : { pod: true, containers: [] };
}

/** Where seccompProfile: RuntimeDefault goes: the pod, the listed containers, or nowhere. */
function planSeccomp(containers: ContainerRef[], podSc: YAMLMap | undefined): { pod: boolean; containers: ContainerRef[] } {
  // Containers with no profile, or only the deprecated annotation for the runtime default (same meaning).
  const needs = containers.filter((c) => {
    const s = effectiveSeccomp(c);
    return !s || (s.type === 'RuntimeDefault' && s.source.endsWith('annotation'));
  });
  if (!needs.length) return { pod: false, containers: [] };
  const podProfile = getNode(podSc, 'seccompProfile');
  const podFree = !podProfile || (isScalar(podProfile) && podProfile.value === null) || (isMap(podProfile) && podProfile.items.length === 0);
  // A pod-level profile reaches every container without its own; keep it away from containers
  // whose annotation chose something else.
  const inheritors = containers.filter((c) => !fieldProfile(getMap(c.map, 'securityContext')));
  if (podFree && inheritors.every((c) => needs.includes(c))) return { pod: true, containers: [] };
  return { pod: false, containers: needs.filter((c) => !fieldProfile(getMap(c.map, 'securityContext'))) };
}

/**
 * The "Harden security context" fix for the workload `object`, or undefined when nothing is left to
 * add (or the layout cannot be edited). Not safe: a read-only root filesystem, dropped
 * capabilities and a non-root user can each stop an image from working, so it needs a preview.
 */
export function hardenWorkload(model: KubernetesModel, object: KubeObject): FixSpec | undefined {
  const cached = cache.get(object);
  if (cached !== undefined) return cached ?? undefined;
  const fix = buildHardening(model, object);
  cache.set(object, fix ?? null);
  return fix;
}

function buildHardening(model: KubernetesModel, object: KubeObject): FixSpec | undefined {
  const podSpec = model.podSpec(object);
  const containers = containersOf(model, object);
  if (!podSpec || isWindowsPod(podSpec) || !containers.length) return undefined;
  const podSc = getMap(podSpec, 'securityContext');
  const nonRoot = planNonRoot(containers, podSc);
  const seccomp = planSeccomp(containers, podSc);
  const edits: TextEdit[] = [];
  for (const c of containers) {
    const sc = containerWants(c);
    if (nonRoot.containers.includes(c)) sc.runAsNonRoot = scalar(true);
    if (seccomp.containers.includes(c)) sc.seccompProfile = map({ type: scalar('RuntimeDefault') }, true);
    // A container whose layout cannot be edited is left alone; the others are still hardened.
    const e = ensureEntries(model, c.map, { securityContext: map(sc) });
    if (e) edits.push(...e);
  }
  const pod: Record<string, Want> = {};
  if (nonRoot.pod) pod.runAsNonRoot = scalar(true);
  if (seccomp.pod) pod.seccompProfile = map({ type: scalar('RuntimeDefault') }, true);
  if (Object.keys(pod).length) {
    const e = ensureEntries(model, podSpec, { securityContext: map(pod) });
    if (e) edits.push(...e);
  }
  const joined = joinInsertions(edits);
  return joined.length ? { title: HARDEN_TITLE, edits: joined, safe: false } : undefined;
}

/** A fix that sets one securityContext field of one container (adding maps as needed). */
export function setContainerField(model: KubernetesModel, c: ContainerRef, title: string, key: string, want: Want): FixSpec | undefined {
  const edits = ensureEntries(model, c.map, { securityContext: map({ [key]: want }) });
  return edits?.length ? { title, edits: joinInsertions(edits), safe: false } : undefined;
}

/** A fix that replaces a scalar the user wrote (an explicit `false`, `Unconfined`). */
export function replaceScalar(model: KubernetesModel, node: Node, title: string, text: string): FixSpec {
  return { title, edits: [{ range: model.rangeOf(node), newText: text }], safe: false };
}

/** The fixes of a security-context finding: the workload hardening (when it adds anything), then `extra`. */
export function securityFixes(model: KubernetesModel, object: KubeObject, ...extra: Array<FixSpec | undefined>): FixSpec[] | undefined {
  const fixes = [hardenWorkload(model, object), ...extra].filter((f): f is FixSpec => !!f);
  return fixes.length ? fixes : undefined;
}
