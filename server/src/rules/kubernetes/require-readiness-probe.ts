import { defineRule } from '../../engine/rule';
import { getNode } from '../../languages/kubernetes/model';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import { containerRange, isLongRunning, probeSkeleton } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/require-readiness-probe',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Give every long-running container a readiness probe.',
  rationale:
    'Without a readiness probe a pod receives traffic the moment its process starts, before it can answer, and a rolling ' +
    'update moves on to the next replica even when the new version never becomes able to serve, turning a bad release ' +
    'into an outage. Jobs, CronJobs and init containers run to completion and are not checked.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'readinessProbeMissing' },
    { tool: 'kube-linter', id: 'no-readiness-probe' },
  ],
  messages: {
    missing: 'Container "{{name}}" has no readinessProbe, so it gets traffic before it is ready and rollouts cannot tell a broken release. Add one.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      readinessProbe:\n        httpGet: {path: /healthz, port: 80}\n',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: task\n              image: busybox:1.36\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports:\n            - name: http\n              containerPort: 8080\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers(['containers'])) {
      if (!isLongRunning(ctx.model, c.object) || getNode(c.map, 'readinessProbe') !== undefined) continue;
      const probe = probeSkeleton(c.map, 'readiness');
      const edit = probe && appendToMap(ctx.model, c.map, { readinessProbe: probe });
      ctx.report({
        range: containerRange(ctx.model, c),
        messageId: 'missing',
        data: { name: c.name },
        // The endpoint and timings are the user's call: offered, never applied by fix-all.
        fix: edit ? { title: 'Add a readiness probe on the first declared port', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
