import { defineRule, type FixSpec } from '../../engine/rule';
import { getMap, getNode, getPair, getPath, scalarValue } from '../../languages/kubernetes/model';
import { insertBeforePair, replaceScalar } from '../../languages/kubernetes/migrate';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import { objectRange } from '../../languages/kubernetes/workloads';

/** Controllers that keep their pods running: the API server accepts only Always. */
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

export default defineRule({
  id: 'kubernetes/valid-restart-policy',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Use restartPolicy Always for Deployments and other controllers, and OnFailure or Never for Jobs and CronJobs.',
  rationale:
    'The pod restart policy must match the controller: Deployments, StatefulSets, DaemonSets and ReplicaSets keep pods ' +
    'running and accept only `Always`, while a Job runs to completion and accepts only `OnFailure` or `Never` — and because ' +
    'an unset policy defaults to `Always`, a Job or CronJob without one is rejected too. A Job with a podFailurePolicy needs ' +
    '`Never`. The API server refuses such manifests at deploy time; this finds them while you write.',
  fixable: true,
  // kube-linter's restart-policy accepts Always and OnFailure everywhere and flags Never even on Jobs,
  // which is the opposite of what the API server enforces; not mapped.
  sources: [{ tool: 'kube-score', id: 'cronjob-restartpolicy' }],
  messages: {
    controller: '{{kind}} "{{name}}" sets restartPolicy {{value}}, but its pods must be restarted: the API server accepts only Always. Use Always (or remove the field).',
    jobMissing: '{{kind}} "{{name}}" sets no restartPolicy, and the default (Always) is rejected for Jobs. Set restartPolicy to Never or OnFailure.',
    jobAlways: '{{kind}} "{{name}}" sets restartPolicy Always, which the API server rejects for Jobs. Use Never (a new pod per retry) or OnFailure (restart in place).',
    failurePolicy: '{{kind}} "{{name}}" has a podFailurePolicy, which requires restartPolicy Never. Use Never.',
  },
  examples: {
    valid: [
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: app:1.0\n',
    ],
    invalid: [
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: app:1.0\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n        - name: web\n          image: app:1.0\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      const isJob = o.kind === 'Job' || o.kind === 'CronJob';
      if (!isJob && !LONG_RUNNING.has(o.kind)) continue;
      const podSpec = ctx.model.podSpec(o);
      if (!podSpec) continue;
      const node = getNode(podSpec, 'restartPolicy');
      const value = scalarValue(node);
      if (typeof value === 'string' && value.includes('{{')) continue;
      const data = { kind: o.kind, name: o.name ?? '(unnamed)', value: String(value) };
      const set = (to: string): FixSpec['edits'] | undefined => {
        if (node && value !== null && value !== undefined) {
          const e = replaceScalar(ctx.model, node, to);
          return e && [e];
        }
        if (getPair(podSpec, 'restartPolicy')) return undefined; // `restartPolicy:` with no value
        const containers = getPair(podSpec, 'containers');
        const e = containers ? insertBeforePair(ctx.model, podSpec, containers, { restartPolicy: to }) : appendToMap(ctx.model, podSpec, { restartPolicy: to });
        return e && [e];
      };
      if (!isJob) {
        if (value === null || value === undefined || value === 'Always') continue;
        const edits = set('Always');
        // Always is the only value these controllers accept, so the fix needs no choice.
        ctx.report({ range: ctx.model.rangeOf(node), messageId: 'controller', data, fix: edits && { title: 'Set restartPolicy: Always', edits } });
        continue;
      }
      const jobSpec = o.kind === 'Job' ? getMap(o.map, 'spec') : getMap(getPath(o.map, ['spec', 'jobTemplate']), 'spec');
      const needsNever = getNode(jobSpec, 'podFailurePolicy') !== undefined;
      if (value === 'Never' || (value === 'OnFailure' && !needsNever)) continue;
      if (value === 'OnFailure') {
        const edits = set('Never');
        ctx.report({ range: ctx.model.rangeOf(node), messageId: 'failurePolicy', data, fix: edits && { title: 'Set restartPolicy: Never', edits } });
        continue;
      }
      if (value !== null && value !== undefined && value !== 'Always') continue; // other values: the schema check's business
      // Never keeps each failed pod (and its logs); OnFailure restarts in place. Which one fits is the owner's call.
      const choices = needsNever ? ['Never'] : ['Never', 'OnFailure'];
      const fix = choices.flatMap((to) => {
        const edits = set(to);
        return edits ? [{ title: `Set restartPolicy: ${to}`, edits, safe: needsNever }] : [];
      });
      const missing = value === null || value === undefined;
      ctx.report({
        range: missing ? objectRange(ctx.model, o) : ctx.model.rangeOf(node),
        messageId: missing ? (needsNever ? 'failurePolicy' : 'jobMissing') : needsNever ? 'failurePolicy' : 'jobAlways',
        data,
        fix: fix.length ? fix : undefined,
      });
    }
  },
});
