import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule from '../../../../server/src/rules/kubernetes/require-pod-disruption-budget';
import { run } from '../../../helpers/ruleTester';

const deployment = (spec: string, meta = '  name: web\n') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n${meta}spec:\n${spec}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        version: v2\n    spec:\n      containers: []\n`;
const pdb = (selector: string, apiVersion = 'policy/v1', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n  maxUnavailable: 1\n  selector:\n${selector}`;
const other = pdb('    matchLabels:\n      app: api\n', 'policy/v1', 'api');

run(rule, {
  valid: [
    deployment('  replicas: 3\n') + '---\n' + pdb('    matchLabels:\n      app: web\n'),
    { name: 'matchExpressions', code: deployment('  replicas: 3\n') + '---\n' + pdb('    matchExpressions:\n      - {key: app, operator: In, values: [web, api]}\n') },
    { name: 'single replica: a budget would block drains', code: deployment('  replicas: 1\n') + '---\n' + other },
    { name: 'replicas unset', code: deployment('') + '---\n' + other },
    { name: 'no budget anywhere and the workspace is not indexed: cannot tell', code: deployment('  replicas: 3\n') },
  ],
  invalid: [
    {
      name: 'no budget covers the pods; fix adds one after the workload',
      code: deployment('  replicas: 3\n', '  name: [|web|]\n  namespace: shop # team namespace\n') + '---\n' + other,
      errors: ['missing'],
      fixTitles: ['Add a PodDisruptionBudget (maxUnavailable: 1)'],
      output: deployment('  replicas: 3\n', '  name: web\n  namespace: shop # team namespace\n')
        + '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n---\n' + other,
    },
    {
      name: 'HPA minReplicas counts; a policy/v1beta1 budget with an empty selector covers nothing',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: [|db|]\nspec:\n  serviceName: db\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: []\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: db\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n  minReplicas: 2\n  maxReplicas: 4\n---\n' + pdb('    {}\n', 'policy/v1beta1', 'all'),
      errors: ['missing'],
      output: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: []\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: db\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: db\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: db\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n  minReplicas: 2\n  maxReplicas: 4\n---\n' + pdb('    {}\n', 'policy/v1beta1', 'all'),
    },
    {
      name: 'a budget in another namespace does not count',
      code: deployment('  replicas: 2\n', '  name: [|web|]\n  namespace: a\n') + '---\n' + pdb('    matchLabels:\n      app: web\n').replace('  name: web\n', '  name: web\n  namespace: b\n'),
      errors: ['missing'],
      output: deployment('  replicas: 2\n', '  name: web\n  namespace: a\n') + '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: a\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n---\n' + pdb('    matchLabels:\n      app: web\n').replace('  name: web\n', '  name: web\n  namespace: b\n'),
    },
  ],
});

const lintWith = (text: string, objects: { uri: string; json: Record<string, unknown> }[]) =>
  lint({ text, language: 'kubernetes', only: new Set([rule.id]), workspace: { complete: true, objects } });

test('an indexed workspace: budgets in other files count, and a missing one is reported', async () => {
  const budget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };
  assert.deepEqual((await lintWith(deployment('  replicas: 3\n'), [{ uri: 'file:///pdb.yaml', json: budget }])).findings, []);
  const res = await lintWith(deployment('  replicas: 3\n'), [{ uri: 'file:///svc.yaml', json: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } } }]);
  assert.deepEqual(res.findings.map((f) => f.messageId), ['missing']);
});
