import { defineRule } from '../../engine/rule';
import { getNode } from '../../languages/kubernetes/model';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import { containerRange, isLongRunning, probeSkeleton } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/require-liveness-probe',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Give every long-running container a liveness probe.',
  rationale:
    'Without a liveness probe Kubernetes only restarts a container when its process exits, so a deadlocked or wedged server ' +
    'keeps its place (and its traffic) until someone notices. A liveness probe must check only the process itself, never ' +
    'its dependencies, or an outage of a database restarts every replica; because a careless one does more harm than none, ' +
    'this is advice (info). Jobs, CronJobs and init containers run to completion and are not checked.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'livenessProbeMissing' },
    { tool: 'kube-linter', id: 'no-liveness-probe' },
  ],
  messages: {
    missing: 'Container "{{name}}" has no livenessProbe, so a hung process is never restarted. Add a probe that checks the process itself.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        tcpSocket: {port: 80}\n',
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: task\n          image: busybox:1.36\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers(['containers'])) {
      if (!isLongRunning(ctx.model, c.object) || getNode(c.map, 'livenessProbe') !== undefined) continue;
      const probe = probeSkeleton(c.map, 'liveness');
      const edit = probe && appendToMap(ctx.model, c.map, { livenessProbe: probe });
      ctx.report({
        range: containerRange(ctx.model, c),
        messageId: 'missing',
        data: { name: c.name },
        // The endpoint and timings are the user's call: offered, never applied by fix-all.
        fix: edit ? { title: 'Add a liveness probe on the first declared port', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
