import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule from '../../../../server/src/rules/kubernetes/single-replica';
import { run } from '../../../helpers/ruleTester';

const deployment = (spec: string, name = 'web') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n${spec}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers: []\n`;
const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 5\n';

run(rule, {
  valid: [
    deployment('  replicas: 2\n'),
    { name: 'scaled by an HPA in the same file', code: deployment('') + '---\n' + hpa },
    { name: 'Recreate strategy accepts downtime', code: deployment('  replicas: 1\n  strategy:\n    type: Recreate\n') },
    { name: 'scaled to zero on purpose', code: deployment('  replicas: 0\n') },
    { name: 'templated replica count', code: deployment('  replicas: "{{ .Values.replicas }}"\n') },
    { name: 'DaemonSets run one pod per node', code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers: []\n' },
  ],
  invalid: [
    { name: 'replicas: 1', code: deployment('  replicas: [|1|]\n'), errors: ['single'] },
    { name: 'replicas unset defaults to 1', code: deployment('', '[|web|]'), errors: ['single'] },
    {
      name: 'StatefulSet, and an HPA for another workload does not count',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: [|db|]\nspec:\n  serviceName: db\n  template:\n    spec:\n      containers: []\n---\n' + hpa,
      errors: ['single'],
    },
  ],
});

test('an HPA in another file of the workspace counts', async () => {
  const res = await lint({
    text: deployment(''), language: 'kubernetes', only: new Set([rule.id]),
    workspace: { complete: true, objects: [{ uri: 'file:///hpa.yaml', json: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 } } }] },
  });
  assert.deepEqual(res.findings, []);
});
