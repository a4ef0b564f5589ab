import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule from '../../../../server/src/rules/kubernetes/valid-hpa-target';
import { run } from '../../../helpers/ruleTester';

const workload = (kind: string, name = 'web', meta = '') => `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${meta}spec:\n  template:\n    spec:\n      containers: []\n`;
const hpa = (kind: string, name: string, meta = '') =>
  `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n${meta}spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: ${kind}\n    name: ${name}\n  minReplicas: 2\n  maxReplicas: 10\n`;

run(rule, {
  valid: [
    workload('Deployment') + hpa('Deployment', 'web'),
    { name: 'StatefulSet', code: workload('StatefulSet', 'db') + hpa('StatefulSet', 'db') },
    { name: 'target in another file of an unindexed workspace', code: hpa('Deployment', 'web').slice(4) },
    { name: 'custom resource target, workspace not indexed', code: workload('Deployment') + hpa('Rollout', 'web').replace('apps/v1\n    kind: Rollout', 'argoproj.io/v1alpha1\n    kind: Rollout') },
    { name: 'Helm placeholder', code: workload('Deployment') + hpa('Deployment', '"{{ .Release.Name }}"') },
  ],
  invalid: [
    { name: 'typo in the target name', code: workload('Deployment') + hpa('Deployment', '[|wbe|]'), errors: ['notFound'] },
    { name: 'right name, wrong kind', code: workload('Deployment') + hpa('StatefulSet', '[|web|]'), errors: ['notFound'] },
    { name: 'other namespace', code: workload('Deployment', 'web', '  namespace: a\n') + hpa('Deployment', '[|web|]', '  namespace: b\n'), errors: ['notFound'] },
    { name: 'DaemonSets cannot be scaled', code: workload('DaemonSet') + hpa('[|DaemonSet|]', 'web'), errors: ['notScalable'] },
  ],
});

test('an indexed workspace: targets in other files count, custom resources are judged', async () => {
  const lintWith = (text: string, objects: { uri: string; json: Record<string, unknown> }[]) =>
    lint({ text, language: 'kubernetes', only: new Set([rule.id]), workspace: { complete: true, objects } });
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
  assert.deepEqual((await lintWith(hpa('Deployment', 'web').slice(4), [{ uri: 'file:///d.yaml', json: dep }])).findings, []);
  assert.deepEqual((await lintWith(hpa('Deployment', 'api').slice(4), [{ uri: 'file:///d.yaml', json: dep }])).findings.map((f) => f.messageId), ['notFound']);
  assert.deepEqual((await lintWith(hpa('Rollout', 'web').slice(4), [])).findings.map((f) => f.messageId), ['notFound']);
});
