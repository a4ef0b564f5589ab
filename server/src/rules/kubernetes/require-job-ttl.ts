import { defineRule } from '../../engine/rule';
import { getMap, getNode, getPair, getPath, scalarValue } from '../../languages/kubernetes/model';
import { insertBeforePair } from '../../languages/kubernetes/migrate';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import { objectRange } from '../../languages/kubernetes/workloads';

/** Annotations of tools that delete the Jobs they run (Helm and Argo CD hooks). */
const CLEANED_UP_BY = ['helm.sh/hook-delete-policy', 'argocd.argoproj.io/hook-delete-policy'];

export default defineRule({
  id: 'kubernetes/require-job-ttl',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Let finished Jobs be cleaned up: set ttlSecondsAfterFinished on standalone Jobs, not on a CronJob\'s Jobs.',
  rationale:
    'A finished Job and its pods stay in the cluster until someone deletes them: they pile up, clutter `kubectl get pods` and ' +
    'keep counting against quotas. `ttlSecondsAfterFinished` lets Kubernetes delete them once their logs are no longer ' +
    'needed. A CronJob already prunes its Jobs with successfulJobsHistoryLimit and failedJobsHistoryLimit; a TTL on top ' +
    'deletes the failed runs those limits meant to keep, often before anyone has read their logs. Jobs of Helm or Argo CD ' +
    'hooks with a delete policy are not reported.',
  fixable: true,
  sources: [{ tool: 'kube-linter', id: 'job-ttl-seconds-after-finished' }],
  messages: {
    missing: 'Job "{{name}}" has no ttlSecondsAfterFinished, so it and its pods stay in the cluster after it finishes. Set one (86400 keeps it a day).',
    cronJob:
      'CronJob "{{name}}" sets ttlSecondsAfterFinished on its Jobs, on top of its history limits; the stricter one wins and can delete failed runs before their logs are read. Remove it and tune successfulJobsHistoryLimit and failedJobsHistoryLimit.',
  },
  examples: {
    valid: [
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  ttlSecondsAfterFinished: 86400\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: app:1.0\n',
    ],
    invalid: [
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: app:1.0\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      if (o.kind === 'CronJob') {
        const jobSpec = getMap(getPath(o.map, ['spec', 'jobTemplate']), 'spec');
        const ttl = jobSpec && getPair(jobSpec, 'ttlSecondsAfterFinished');
        const value = scalarValue(ttl?.value);
        if (ttl && value !== undefined && value !== null) {
          ctx.report({ range: ctx.model.rangeOf(ttl.key), messageId: 'cronJob', data: { name: o.name ?? '(unnamed)' } });
        }
        continue;
      }
      if (o.kind !== 'Job') continue;
      const annotations = getMap(getMap(o.map, 'metadata'), 'annotations');
      if (CLEANED_UP_BY.some((a) => getNode(annotations, a) !== undefined)) continue;
      const spec = getMap(o.map, 'spec');
      if (!spec) continue;
      // Any ttlSecondsAfterFinished, even one left empty on purpose, is the owner's decision.
      if (getPair(spec, 'ttlSecondsAfterFinished')) continue;
      const template = getPair(spec, 'template');
      const edit = template ? insertBeforePair(ctx.model, spec, template, { ttlSecondsAfterFinished: 86400 }) : appendToMap(ctx.model, spec, { ttlSecondsAfterFinished: 86400 });
      ctx.report({
        range: objectRange(ctx.model, o),
        messageId: 'missing',
        data: { name: o.name ?? '(unnamed)' },
        // How long to keep a finished Job is the owner's call.
        fix: edit ? { title: 'Delete the Job a day after it finishes', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
