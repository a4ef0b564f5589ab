import { defineRule } from '../../engine/rule';
import { appendDocument } from '../../languages/kubernetes/migrate';
import {
  at, canJudgeMissing, effectiveReplicas, isObj, knownObjects, labelSelectorMatches, objectRange, podTemplate, sameNamespace,
  stringMap, viewOf, type ObjectView,
} from '../../languages/kubernetes/workloads';

/** Whether a PodDisruptionBudget covers pods with these labels. */
function covers(pdb: ObjectView, namespace: string | undefined, labels: Record<string, string>): boolean {
  if (!sameNamespace(pdb.namespace, namespace)) return false;
  const selector = at(pdb.json, ['spec', 'selector']);
  if (!isObj(selector)) return false;
  // policy/v1beta1 read an empty selector as "no pods"; policy/v1 as "every pod of the namespace".
  const empty = !Object.keys(stringMap(selector.matchLabels)).length && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length);
  if (empty && pdb.apiVersion === 'policy/v1beta1') return false;
  return labelSelectorMatches(selector, labels);
}

export default defineRule({
  id: 'kubernetes/require-pod-disruption-budget',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Cover every Deployment and StatefulSet with more than one replica by a PodDisruptionBudget.',
  rationale:
    'Node drains (cluster upgrades, autoscaler scale-downs) evict pods without regard to the service they belong to: without a ' +
    'PodDisruptionBudget all replicas can be evicted at once and the service goes down even though it runs several. Single-' +
    'replica workloads are not reported: a budget there either blocks every drain or protects nothing. Budgets are looked ' +
    'for in this file and, once the workspace is indexed, in every other manifest.',
  fixable: true,
  dependsOn: { kinds: ['PodDisruptionBudget', 'HorizontalPodAutoscaler'] },
  // kube-score (deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget) and Polaris
  // (missingPodDisruptionBudget) also ask it of workloads without a replica count, i.e. single replicas; not mapped.
  sources: [],
  messages: {
    missing: '{{kind}} "{{name}}" runs {{replicas}} replicas but no PodDisruptionBudget covers its pods, so a node drain can evict them all at once. Add one with maxUnavailable: 1.',
  },
  examples: {
    valid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: api}\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    const judge = canJudgeMissing(ctx, ['PodDisruptionBudget']);
    const pdbs = views.filter((v) => v.kind === 'PodDisruptionBudget');
    for (const o of ctx.model.objects) {
      if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
      const v = viewOf(views, o);
      const tpl = v && podTemplate(v);
      if (!v || !tpl) continue;
      const { replicas } = effectiveReplicas(v, views);
      if (replicas === undefined || replicas < 2) continue;
      if (pdbs.some((p) => covers(p, v.namespace, tpl.labels))) continue;
      if (!judge) continue;
      const matchLabels = stringMap(at(v.json, ['spec', 'selector', 'matchLabels']));
      const labels = Object.keys(matchLabels).length ? matchLabels : tpl.labels;
      const edit = Object.keys(labels).length && o.name
        ? appendDocument(ctx.model, o, {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: o.name, ...(v.namespace ? { namespace: v.namespace } : {}) },
          spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
        })
        : undefined;
      ctx.report({
        range: objectRange(ctx.model, o),
        messageId: 'missing',
        data: { kind: o.kind, name: o.name ?? '(unnamed)', replicas },
        // How much disruption a service tolerates is the owner's call.
        fix: edit ? { title: 'Add a PodDisruptionBudget (maxUnavailable: 1)', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
