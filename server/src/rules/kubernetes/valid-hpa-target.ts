import { defineRule } from '../../engine/rule';
import { getMap, getNode, getScalar } from '../../languages/kubernetes/model';
import {
  canJudgeMissing, identityOf, knownObjects, objectRange, ofKind, POD_MAKING_KINDS, sameNamespace, viewOf,
} from '../../languages/kubernetes/workloads';

/** Built-in kinds with a scale subresource. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

export default defineRule({
  id: 'kubernetes/valid-hpa-target',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Point every HorizontalPodAutoscaler at a workload that exists and can be scaled.',
  rationale:
    'An autoscaler whose scaleTargetRef names a workload that does not exist (a typo, a rename) or cannot be scaled (a ' +
    'DaemonSet, a Job) does nothing, and the service runs at its fixed replica count during the very spike the autoscaler ' +
    'was meant for. Targets are looked for in this file and, once the workspace is indexed, in every other manifest.',
  fixable: false,
  // Targets can be of any kind (custom resources included): found by kind, name and namespace.
  dependsOn: { kinds: 'all', fields: identityOf },
  sources: [
    { tool: 'kube-linter', id: 'dangling-horizontalpodautoscaler' },
    { tool: 'kube-score', id: 'horizontalpodautoscaler-has-target' },
  ],
  messages: {
    notFound: 'HorizontalPodAutoscaler "{{name}}" scales {{kind}} "{{target}}", which is not defined, so it scales nothing. Fix scaleTargetRef.',
    notScalable: 'HorizontalPodAutoscaler "{{name}}" targets {{kind}} "{{target}}", which cannot be scaled. Target a Deployment or StatefulSet.',
  },
  examples: {
    valid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: []\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: []\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: frontend}\n  minReplicas: 2\n  maxReplicas: 10\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    for (const o of ctx.model.objects) {
      if (o.kind !== 'HorizontalPodAutoscaler') continue;
      const ref = getMap(getMap(o.map, 'spec'), 'scaleTargetRef');
      const kind = getScalar(ref, 'kind');
      const target = getScalar(ref, 'name');
      if (typeof kind !== 'string' || typeof target !== 'string' || `${kind}${target}`.includes('{{')) continue;
      const v = viewOf(views, o);
      const range = ref ? ctx.model.rangeOf(getNode(ref, 'name')) : objectRange(ctx.model, o);
      const data = { name: o.name ?? '(unnamed)', kind, target };
      if (POD_MAKING_KINDS.includes(kind) && !SCALABLE.has(kind)) {
        ctx.report({ range: ctx.model.rangeOf(getNode(ref, 'kind')), messageId: 'notScalable', data });
        continue;
      }
      const found = ofKind(views, kind).some((w) => w.name === target && sameNamespace(w.namespace, v?.namespace));
      if (found) continue;
      // Custom resources (Argo Rollouts, ...) may live anywhere: only a complete workspace can tell.
      const judge = SCALABLE.has(kind) ? canJudgeMissing(ctx, POD_MAKING_KINDS) : ctx.workspace.complete;
      if (judge) ctx.report({ range, messageId: 'notFound', data });
    }
  },
});
