import { defineRule } from '../../engine/rule';
import { getMap, getPair, scalarValue } from '../../languages/kubernetes/model';
import {
  at, AUTOSCALER_KINDS, hpasFor, knownObjects, obj, ofKind, sameNamespace, viewOf, type ObjectView,
} from '../../languages/kubernetes/workloads';
import { removePair } from '../../languages/kubernetes/yamlRemove';

const SCALED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** What scales the workload: an HPA, or a KEDA ScaledObject (which drives an HPA of its own). */
function autoscaler(w: ObjectView, views: ObjectView[]): ObjectView | undefined {
  return hpasFor(w, views)[0] ?? ofKind(views, 'ScaledObject').find((v) => {
    const ref = obj(at(v.json, ['spec', 'scaleTargetRef']));
    return ref.name === w.name && (ref.kind ?? 'Deployment') === w.kind && sameNamespace(v.namespace, w.namespace);
  });
}

export default defineRule({
  id: 'kubernetes/no-replicas-with-hpa',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Leave replicas out of a Deployment or StatefulSet that an autoscaler scales.',
  rationale:
    'Once a HorizontalPodAutoscaler (or a KEDA ScaledObject) owns the replica count, a `replicas` in the manifest fights it: ' +
    'every `kubectl apply` or GitOps sync sets the count back to the manifest\'s value, scaling the workload down in the ' +
    'middle of a load peak until the autoscaler catches up. Remove the field. With client-side `kubectl apply`, remove it ' +
    'from the last-applied configuration too (`kubectl apply edit-last-applied`), or the first apply without it scales to 1.',
  fixable: true,
  dependsOn: { kinds: AUTOSCALER_KINDS },
  sources: [{ tool: 'kube-score', id: 'deployment-targeted-by-hpa-does-not-have-replicas-configured' }],
  messages: {
    replicas: '{{kind}} "{{name}}" sets replicas although {{scaler}} "{{scalerName}}" scales it; every apply resets the count to {{replicas}}. Remove replicas.',
  },
  examples: {
    valid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: []\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: []\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n',
    ],
  },
  check(ctx) {
    let views: ObjectView[] | undefined;
    for (const o of ctx.model.objects) {
      if (!SCALED.has(o.kind)) continue;
      const spec = getMap(o.map, 'spec');
      const pair = spec && getPair(spec, 'replicas');
      const replicas = scalarValue(pair?.value);
      if (!spec || !pair || replicas === undefined || replicas === null) continue;
      views ??= knownObjects(ctx);
      const self = viewOf(views, o);
      const scaler = self && autoscaler(self, views);
      if (!scaler) continue;
      const edit = removePair(ctx.model, spec, pair);
      ctx.report({
        range: ctx.model.rangeOf(pair.value),
        messageId: 'replicas',
        data: { kind: o.kind, name: o.name ?? '(unnamed)', scaler: scaler.kind, scalerName: scaler.name ?? '(unnamed)', replicas: String(replicas) },
        // With client-side apply, dropping the field scales to 1 once (see the rationale): a deliberate step.
        fix: edit ? { title: 'Remove replicas', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
