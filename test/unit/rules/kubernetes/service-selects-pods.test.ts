import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule from '../../../../server/src/rules/kubernetes/service-selects-pods';
import { run } from '../../../helpers/ruleTester';

const deployment = (labels: string, meta = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n${meta}spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels:\n${labels}    spec:\n      containers: []\n`;
const service = (spec: string, meta = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n${meta}spec:\n${spec}  ports:\n    - port: 80\n`;
const web = '        app: web\n        tier: frontend\n';

run(rule, {
  valid: [
    deployment(web) + '---\n' + service('  selector:\n    app: web\n    tier: frontend\n'),
    { name: 'bare Pod', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web}\nspec:\n  containers: []\n---\n' + service('  selector: {app: web}\n') },
    { name: 'CronJob pods', code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels: {app: web}\n        spec:\n          restartPolicy: Never\n          containers: []\n---\n' + service('  selector: {app: web}\n') },
    { name: 'no selector: endpoints managed by hand', code: deployment(web) + '---\n' + service('  clusterIP: None\n') },
    { name: 'ExternalName', code: deployment(web) + '---\n' + service('  type: ExternalName\n  externalName: db.example.com\n  selector: {app: db}\n') },
    { name: 'workloads in another file of an unindexed workspace', code: service('  selector: {app: api}\n') },
    { name: 'namespace left to kubectl/Helm on one side', code: deployment(web, '  namespace: shop\n') + '---\n' + service('  selector: {app: web}\n') },
  ],
  invalid: [
    { name: 'typo in the selector', code: deployment(web) + '---\n' + service('  [|selector|]:\n    app: wbe\n'), errors: ['noPods'] },
    { name: 'more labels than the pods have', code: deployment(web) + '---\n' + service('  [|selector|]: {app: web, tier: backend}\n'), errors: ['noPods'] },
    { name: 'pods in another namespace', code: deployment(web, '  namespace: a\n') + '---\n' + service('  [|selector|]: {app: web}\n', '  namespace: b\n'), errors: ['noPods'] },
  ],
});

test('an indexed workspace: pods in other files count, and a Service alone is judged', async () => {
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { template: { metadata: { labels: { app: 'api' } } } } };
  const lintWith = (objects: { uri: string; json: Record<string, unknown> }[]) =>
    lint({ text: service('  selector: {app: api}\n'), language: 'kubernetes', only: new Set([rule.id]), workspace: { complete: true, objects } });
  assert.deepEqual((await lintWith([{ uri: 'file:///dep.yaml', json: dep }])).findings, []);
  assert.deepEqual((await lintWith([])).findings.map((f) => f.messageId), ['noPods']);
});
