import { defineRule } from '../../engine/rule';
import { getMap, getNode, getPath } from '../../languages/kubernetes/model';
import { effectiveReplicas, knownObjects, objectRange, viewOf } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/single-replica',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Run more than one replica of a Deployment or StatefulSet that serves others.',
  rationale:
    'With a single replica every node drain, eviction, crash or rollout of a StatefulSet is downtime. Two or more replicas ' +
    '(with a PodDisruptionBudget) keep the service up. Workloads scaled by a HorizontalPodAutoscaler, and Deployments with ' +
    'the Recreate strategy (which accept downtime on purpose), are not reported.',
  fixable: false,
  dependsOn: { kinds: ['HorizontalPodAutoscaler'] },
  sources: [{ tool: 'polaris', id: 'deploymentMissingReplicas' }],
  messages: {
    single: '{{kind}} "{{name}}" runs a single replica, so every drain, crash or rollout is downtime. Run at least 2 if it serves traffic.',
  },
  examples: {
    valid: ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: []\n'],
    invalid: ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers: []\n'],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    for (const o of ctx.model.objects) {
      if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
      const v = viewOf(views, o);
      if (!v) continue;
      const { replicas, hpa } = effectiveReplicas(v, views);
      if (hpa || replicas !== 1) continue;
      if (o.kind === 'Deployment' && getPath(o.map, ['spec', 'strategy', 'type'])?.toJSON() === 'Recreate') continue;
      const node = getNode(getMap(o.map, 'spec'), 'replicas');
      ctx.report({
        range: node ? ctx.model.rangeOf(node) : objectRange(ctx.model, o),
        messageId: 'single',
        data: { kind: o.kind, name: o.name ?? '(unnamed)' },
      });
    }
  },
});
