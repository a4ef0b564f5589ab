import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';

export default defineRule({
  id: 'kubernetes/valid-hpa-replicas',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Give every HorizontalPodAutoscaler a minReplicas of at least 1 and below maxReplicas.',
  rationale:
    'An autoscaler scales between minReplicas (default 1) and maxReplicas. With both equal it never scales and only hides a ' +
    'fixed replica count; with minReplicas above maxReplicas, or at 0 without the alpha HPAScaleToZero feature, the API ' +
    'server rejects it. Each of these usually means a values file set one bound and forgot the other.',
  fixable: false,
  sources: [{ tool: 'polaris', id: 'hpaMaxAvailability', tags: ['min-equals-max'] }],
  messages: {
    minAboveMax: 'HorizontalPodAutoscaler "{{name}}" has minReplicas {{min}} above maxReplicas {{max}}, which the API server rejects. Raise maxReplicas or lower minReplicas.',
    fixed: 'HorizontalPodAutoscaler "{{name}}" has minReplicas equal to maxReplicas ({{max}}), so it never scales. Raise maxReplicas, or drop the autoscaler and set replicas.',
    zero: 'HorizontalPodAutoscaler "{{name}}" has minReplicas 0, which the API server rejects unless the alpha HPAScaleToZero feature is on. Use at least 1.',
  },
  examples: {
    valid: [
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n',
    ],
    invalid: [
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 5\n  maxReplicas: 5\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      if (o.kind !== 'HorizontalPodAutoscaler') continue;
      const spec = getMap(o.map, 'spec');
      const minNode = getNode(spec, 'minReplicas');
      const maxNode = getNode(spec, 'maxReplicas');
      const rawMin = scalarValue(minNode);
      const max = scalarValue(maxNode);
      const min = rawMin === undefined || rawMin === null ? 1 : rawMin;
      if (typeof min !== 'number' || typeof max !== 'number') continue;
      const data = { name: o.name ?? '(unnamed)', min, max };
      if (min === 0) ctx.report({ range: ctx.model.rangeOf(minNode), messageId: 'zero', data });
      else if (min > max) ctx.report({ range: ctx.model.rangeOf(minNode ?? maxNode), messageId: 'minAboveMax', data });
      else if (min === max) ctx.report({ range: ctx.model.rangeOf(maxNode), messageId: 'fixed', data, tags: ['min-equals-max'] });
    }
  },
});
