import type { Node, Pair } from 'yaml';
import { defineRule, type FixSpec } from '../../engine/rule';
import { getMap, getPair, scalarValue } from '../../languages/kubernetes/model';
import { replacePairs } from '../../languages/kubernetes/migrate';
import {
  at, AUTOSCALER_KINDS, effectiveReplicas, isObj, knownObjects, labelSelectorMatches, obj, ofKind, podLabelsOf, sameNamespace, stringMap, viewOf, type ObjectView,
} from '../../languages/kubernetes/workloads';

/** Workloads with a replica count that a budget can make undrainable. */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** `50%` -> 50; undefined for anything else. */
export function percent(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^\s*(\d+)\s*%\s*$/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

/** Whether the budget's selector picks the workload's pods: their template labels, which must include its matchLabels. */
function selects(pdb: ObjectView, workload: ObjectView): boolean {
  if (!sameNamespace(pdb.namespace, workload.namespace)) return false;
  const selector = at(pdb.json, ['spec', 'selector']);
  if (!isObj(selector)) return false;
  const empty = !Object.keys(stringMap(selector.matchLabels)).length && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length);
  // policy/v1beta1 read an empty selector as "no pods"; policy/v1 as "every pod of the namespace".
  if (empty && pdb.apiVersion === 'policy/v1beta1') return false;
  const labels = { ...stringMap(at(workload.json, ['spec', 'template', 'metadata', 'labels'])), ...stringMap(at(workload.json, ['spec', 'selector', 'matchLabels'])) };
  if (!Object.keys(labels).length) return false;
  return labelSelectorMatches(selector, labels);
}

/**
 * The fewest pods the workload runs: a KEDA ScaledObject's or an HPA's minimum when one scales it,
 * else spec.replicas. Undefined when unknown, or when it may scale to zero (nothing left to drain).
 */
function fewestPods(w: ObjectView, views: ObjectView[]): { replicas?: number; scaler?: string } {
  const keda = ofKind(views, 'ScaledObject').find((v) => {
    const ref = obj(at(v.json, ['spec', 'scaleTargetRef']));
    return ref.name === w.name && (ref.kind ?? 'Deployment') === w.kind && sameNamespace(v.namespace, w.namespace);
  });
  if (keda) {
    const min = at(keda.json, ['spec', 'minReplicaCount']);
    return typeof min === 'number' && min >= 1 ? { replicas: min, scaler: 'its ScaledObject\'s minReplicaCount' } : {};
  }
  const { replicas, hpa } = effectiveReplicas(w, views);
  return { replicas, scaler: hpa ? 'its HorizontalPodAutoscaler\'s minReplicas' : undefined };
}

export default defineRule({
  id: 'kubernetes/valid-pod-disruption-budget',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Give every PodDisruptionBudget room for at least one eviction.',
  rationale:
    'A node drain (cluster upgrade, autoscaler scale-down) evicts pods only as far as their PodDisruptionBudget allows. ' +
    '`maxUnavailable: 0`, `minAvailable: 100%`, or a minAvailable as large as the workload\'s replica count (or its ' +
    'autoscaler\'s minimum) allows none, so every drain of a node running such a pod hangs until someone deletes the pod ' +
    'by hand. `maxUnavailable: 1` protects the service and keeps drains moving.',
  fixable: true,
  // selects() and effectiveReplicas() on workloads; autoscalers whole.
  dependsOn: {
    kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', ...AUTOSCALER_KINDS],
    fields: (j) => (AUTOSCALER_KINDS.includes(j.kind as string) ? j : [...podLabelsOf(j), at(j, ['spec', 'selector', 'matchLabels']), at(j, ['spec', 'replicas'])]),
  },
  sources: [
    { tool: 'kube-linter', id: 'pdb-max-unavailable', tags: ['max-unavailable-zero'] },
    { tool: 'kube-linter', id: 'pdb-min-available', tags: ['min-available-replicas'] },
    { tool: 'polaris', id: 'pdbDisruptionsIsZero', tags: ['max-unavailable-zero', 'min-available-all'] },
  ],
  messages: {
    maxZero: 'PodDisruptionBudget "{{name}}" sets maxUnavailable {{value}}, so no pod may ever be evicted and node drains hang. Allow at least 1.',
    minAll: 'PodDisruptionBudget "{{name}}" requires minAvailable {{value}}, so no pod may ever be evicted and node drains hang. Use maxUnavailable: 1.',
    minReplicas:
      'PodDisruptionBudget "{{name}}" requires {{value}} available pods but {{kind}} "{{workload}}" runs {{replicas}}{{how}}, so none may be evicted and node drains hang. Lower minAvailable or use maxUnavailable: 1.',
    both: 'PodDisruptionBudget "{{name}}" sets both minAvailable and maxUnavailable, which the API server rejects. Keep one.',
  },
  examples: {
    valid: [
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n',
    ],
    invalid: [
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels: {app: web}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels: {app: web}\n',
    ],
  },
  check(ctx) {
    let views: ObjectView[] | undefined;
    for (const o of ctx.model.objects) {
      if (o.kind !== 'PodDisruptionBudget') continue;
      const spec = getMap(o.map, 'spec');
      if (!spec) continue;
      const minPair = getPair(spec, 'minAvailable') as Pair<Node, Node> | undefined;
      const maxPair = getPair(spec, 'maxUnavailable') as Pair<Node, Node> | undefined;
      const min = scalarValue(minPair?.value);
      const max = scalarValue(maxPair?.value);
      const templated = (v: unknown) => typeof v === 'string' && v.includes('{{');
      if (templated(min) || templated(max)) continue;
      const hasMin = min !== undefined && min !== null;
      const hasMax = max !== undefined && max !== null;
      const name = o.name ?? '(unnamed)';
      // Replacing minAvailable by maxUnavailable: 1 changes how much disruption the service takes: the owner decides.
      const useMaxOne = (): FixSpec | undefined => {
        const e = !hasMax && minPair ? replacePairs(ctx.model, spec, [minPair], { maxUnavailable: 1 }) : undefined;
        return e && { title: 'Use maxUnavailable: 1', edits: [e], safe: false };
      };
      if (hasMin && hasMax) ctx.report({ range: ctx.model.rangeOf(maxPair!.key), messageId: 'both', data: { name } });
      if (hasMax && (max === 0 || percent(max) === 0)) {
        // A plain 1: "1" in quotes would be a string, which the API accepts only as a percentage.
        const e = { range: ctx.model.rangeOf(maxPair!.value), newText: '1' };
        ctx.report({
          range: ctx.model.rangeOf(maxPair!.value), messageId: 'maxZero', data: { name, value: String(max) }, tags: ['max-unavailable-zero'],
          fix: { title: 'Allow one eviction at a time (maxUnavailable: 1)', edits: [e], safe: false },
        });
      }
      if (!hasMin) continue;
      const pct = percent(min);
      if (pct !== undefined && pct >= 100) {
        ctx.report({ range: ctx.model.rangeOf(minPair!.value), messageId: 'minAll', data: { name, value: String(min) }, tags: ['min-available-all'], fix: useMaxOne() });
        continue;
      }
      if (pct === undefined && typeof min !== 'number') continue;
      views ??= knownObjects(ctx);
      const self = viewOf(views, o);
      if (!self) continue;
      for (const w of views) {
        if (!REPLICATED.has(w.kind) || !selects(self, w)) continue;
        const { replicas, scaler } = fewestPods(w, views);
        if (replicas === undefined || replicas < 1) continue;
        const needed = pct !== undefined ? Math.ceil((replicas * pct) / 100) : (min as number);
        if (needed < replicas) continue;
        ctx.report({
          range: ctx.model.rangeOf(minPair!.value),
          messageId: 'minReplicas',
          data: { name, value: String(min), kind: w.kind, workload: w.name ?? '(unnamed)', replicas, how: scaler ? ` (${scaler})` : '' },
          tags: ['min-available-replicas'],
          fix: useMaxOne(),
        });
      }
    }
  },
});
