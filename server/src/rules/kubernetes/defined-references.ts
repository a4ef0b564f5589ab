import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, getScalar } from '../../languages/kubernetes/model';
import { at, identityOf, knownObjects, obj, sameNamespace, str, type ObjectView } from '../../languages/kubernetes/workloads';

type RefKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

interface Ref {
  kind: RefKind;
  name: string;
  node: Node;
  /** Keys the reference needs in the ConfigMap or Secret. */
  keys: { key: string; node: Node }[];
  /** Where the reference is: an env var, a volume, or the pod itself. */
  from: 'env' | 'volume' | 'pod';
}

/** Names that exist in every namespace without a manifest. */
const BUILT_IN: Record<RefKind, string[]> = {
  ConfigMap: ['kube-root-ca.crt'],
  Secret: [],
  PersistentVolumeClaim: [],
  ServiceAccount: ['default'],
};

const REF_KINDS: readonly RefKind[] = ['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ServiceAccount'];
/** Kinds of objects that make Secrets (see definedNames). */
const SECRET_MAKERS: readonly string[] = ['SealedSecret', 'ExternalSecret', 'Certificate'];

/** The object names of `kind` that `o` brings into being (operators that write Secrets count). */
function definedNames(o: ObjectView, kind: RefKind): string[] {
  if (o.kind === kind) return o.name ? [o.name] : [];
  if (kind !== 'Secret') return [];
  const name = (...paths: string[][]) => paths.map((p) => str(at(o.json, p))).find((s) => !!s);
  if (o.kind === 'SealedSecret') return [name(['spec', 'template', 'metadata', 'name'], ['metadata', 'name'])].filter((s): s is string => !!s);
  if (o.kind === 'ExternalSecret') return [name(['spec', 'target', 'name'], ['metadata', 'name'])].filter((s): s is string => !!s);
  if (o.kind === 'Certificate') return [name(['spec', 'secretName'])].filter((s): s is string => !!s);
  return [];
}

/** The keys a plain ConfigMap or Secret holds; undefined for objects whose keys we cannot see. */
function keysOf(o: ObjectView, kind: RefKind): Set<string> | undefined {
  if (o.kind !== kind || (kind !== 'ConfigMap' && kind !== 'Secret')) return undefined;
  const sections = kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  return new Set(sections.flatMap((k) => Object.keys(obj(o.json[k]))));
}

/**
 * The references of each pod spec node. They hold nodes, not positions: still right when the editor's
 * incremental lint reuses an unchanged document's nodes at another place in the file.
 */
const referencesByPodSpec = new WeakMap<YAMLMap, Ref[]>();

function referencesOf(podSpec: YAMLMap): Ref[] {
  let refs = referencesByPodSpec.get(podSpec);
  if (!refs) referencesByPodSpec.set(podSpec, (refs = findReferences(podSpec)));
  return refs;
}

/** Every by-name reference of a pod spec, skipping those marked optional. */
function findReferences(podSpec: YAMLMap): Ref[] {
  const refs: Ref[] = [];
  const add = (kind: RefKind, holder: unknown, key: string, from: Ref['from'], keyNodes: unknown[] = []) => {
    const node = getNode(holder, key);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.value || node.value.includes('{{')) return;
    if (getScalar(holder, 'optional') === true) return;
    const keys = keyNodes.filter((k): k is Scalar => isScalar(k) && typeof k.value === 'string' && !k.value.includes('{{'))
      .map((k) => ({ key: String(k.value), node: k as Node }));
    refs.push({ kind, name: node.value, node, keys, from });
  };
  const itemKeys = (holder: unknown) => {
    const items = getNode(holder, 'items');
    return isSeq(items) ? items.items.map((i) => getNode(i, 'key')) : [];
  };
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    if (getNode(podSpec, key)) {
      add('ServiceAccount', podSpec, key, 'pod');
      break;
    }
  }
  const pullSecrets = getNode(podSpec, 'imagePullSecrets');
  for (const s of isSeq(pullSecrets) ? pullSecrets.items : []) add('Secret', s, 'name', 'pod');
  const volumes = getNode(podSpec, 'volumes');
  for (const v of isSeq(volumes) ? volumes.items : []) {
    add('ConfigMap', getMap(v, 'configMap'), 'name', 'volume', itemKeys(getMap(v, 'configMap')));
    add('Secret', getMap(v, 'secret'), 'secretName', 'volume', itemKeys(getMap(v, 'secret')));
    add('PersistentVolumeClaim', getMap(v, 'persistentVolumeClaim'), 'claimName', 'volume');
    const sources = getNode(getMap(v, 'projected'), 'sources');
    for (const s of isSeq(sources) ? sources.items : []) {
      add('ConfigMap', getMap(s, 'configMap'), 'name', 'volume', itemKeys(getMap(s, 'configMap')));
      add('Secret', getMap(s, 'secret'), 'name', 'volume', itemKeys(getMap(s, 'secret')));
    }
  }
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = getNode(podSpec, field);
    for (const c of isSeq(list) ? list.items : []) {
      if (!isMap(c)) continue;
      const env = getNode(c, 'env');
      for (const e of isSeq(env) ? env.items : []) {
        const from = getMap(e, 'valueFrom');
        add('ConfigMap', getMap(from, 'configMapKeyRef'), 'name', 'env', [getNode(getMap(from, 'configMapKeyRef'), 'key')]);
        add('Secret', getMap(from, 'secretKeyRef'), 'name', 'env', [getNode(getMap(from, 'secretKeyRef'), 'key')]);
      }
      const envFrom = getNode(c, 'envFrom');
      for (const e of isSeq(envFrom) ? envFrom.items : []) {
        add('ConfigMap', getMap(e, 'configMapRef'), 'name', 'env');
        add('Secret', getMap(e, 'secretRef'), 'name', 'env');
      }
    }
  }
  return refs;
}

export default defineRule({
  id: 'kubernetes/defined-references',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Define the ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccounts (and the keys) that pods reference by name.',
  rationale:
    'A pod that references a missing ConfigMap, Secret or claim never starts (CreateContainerConfigError, or Pending), and ' +
    'one that names a missing ServiceAccount is never created; the error shows up only at deploy time. Reported only when ' +
    'the manifests define objects of that kind (the whole workspace once it is indexed, else this file), since Secrets in ' +
    'particular are often created by other means (Sealed Secrets, External Secrets and cert-manager objects count as ' +
    'definitions). References marked `optional: true` are skipped.',
  fixable: false,
  // Names, and the keys (not the values) of ConfigMaps and Secrets (definedNames(), keysOf()).
  dependsOn: {
    kinds: [...REF_KINDS, ...SECRET_MAKERS],
    fields: (j) => [...identityOf(j), ...['data', 'binaryData', 'stringData'].map((k) => Object.keys(obj(j[k]))),
      at(j, ['spec', 'template', 'metadata', 'name']), at(j, ['spec', 'target', 'name']), at(j, ['spec', 'secretName'])],
  },
  sources: [
    { tool: 'kube-linter', id: 'env-value-from', tags: ['env'] },
    { tool: 'kube-linter', id: 'non-existent-service-account', tags: ['ServiceAccount'] },
  ],
  messages: {
    missingKey: '{{kind}} "{{ref}}" has no key "{{key}}" (it has {{keys}}), so the pod cannot start. Fix the key, or mark the reference optional.',
    undefined: '{{kind}} "{{ref}}" is referenced here but none of the manifests defines it, so the pod cannot start. Define it, fix the name, or mark the reference optional.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LEVEL: info}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      envFrom:\n        - configMapRef: {name: settings}\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LEVEL: info}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      envFrom:\n        - configMapRef: {name: setings}\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    // Definitions by kind, then name (in the order of the objects).
    type Definition = { name: string; namespace?: string; keys?: Set<string> };
    const defined = new Map<RefKind, Map<string, Definition[]>>(REF_KINDS.map((k) => [k, new Map()]));
    const any = new Set<RefKind>();
    const anyLocal = new Set<RefKind>();
    for (const o of views) {
      for (const kind of REF_KINDS) {
        for (const name of definedNames(o, kind)) {
          const byName = defined.get(kind)!;
          const d = { name, namespace: o.namespace, keys: keysOf(o, kind) };
          const same = byName.get(name);
          if (same) same.push(d);
          else byName.set(name, [d]);
          any.add(kind);
          if (o.local) anyLocal.add(kind);
        }
      }
    }
    // Without the whole workspace, only a file that defines objects of a kind can tell one of them is missing.
    const judge = new Map<RefKind, boolean>(REF_KINDS.map((k) => [k, ctx.workspace.complete ? any.has(k) : anyLocal.has(k)]));
    for (const o of ctx.model.objects) {
      const podSpec = ctx.model.podSpec(o);
      if (!podSpec) continue;
      const namespace = str(getScalar(getMap(o.map, 'metadata'), 'namespace'));
      for (const ref of referencesOf(podSpec)) {
        if (BUILT_IN[ref.kind].includes(ref.name)) continue;
        const tags = [ref.from, ref.kind];
        const found = (defined.get(ref.kind)!.get(ref.name) ?? []).filter((d) => sameNamespace(d.namespace, namespace));
        if (!found.length) {
          if (judge.get(ref.kind)) ctx.report({ range: ctx.model.rangeOf(ref.node), messageId: 'undefined', data: { kind: ref.kind, ref: ref.name }, tags });
          continue;
        }
        // Only a definition whose keys we can all see (a plain ConfigMap or Secret) can lack a key.
        if (found.some((d) => !d.keys)) continue;
        for (const k of ref.keys) {
          if (found.some((d) => d.keys!.has(k.key))) continue;
          const keys = [...new Set(found.flatMap((d) => [...d.keys!]))].map((x) => `"${x}"`).join(', ') || 'no keys';
          ctx.report({ range: ctx.model.rangeOf(k.node), messageId: 'missingKey', data: { kind: ref.kind, ref: ref.name, key: k.key, keys }, tags });
        }
      }
    }
  },
});
