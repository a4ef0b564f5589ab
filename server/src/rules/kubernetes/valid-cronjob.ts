import type { Node, YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import { getMap, getNode, getPair, getScalar, type KubernetesModel } from '../../languages/kubernetes/model';
import { insertBeforePair, replaceScalar } from '../../languages/kubernetes/migrate';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import { objectRange } from '../../languages/kubernetes/workloads';

/** Rough seconds between two runs of a cron schedule (the finest of its minute and hour fields). */
export function scheduleInterval(schedule: string): number {
  const s = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  const macro: Record<string, number> = { '@hourly': 3600, '@daily': 86400, '@midnight': 86400, '@weekly': 86400, '@monthly': 86400, '@yearly': 86400, '@annually': 86400 };
  if (s.startsWith('@')) return macro[s] ?? 86400;
  const [minute = '*', hour = '*'] = s.split(/\s+/);
  const field = (f: string, unit: number, whole: number): number | undefined => {
    if (f === '*') return unit;
    const step = /^(?:\*|\d+-\d+)\/(\d+)$/.exec(f);
    if (step) return Number(step[1]) * unit;
    if (f.includes(',')) return Math.floor(whole / f.split(',').length);
    if (/^\d+-\d+$/.test(f)) return unit;
    return undefined;
  };
  return field(minute, 60, 3600) ?? field(hour, 3600, 86400) ?? 86400;
}

/** A deadline that lets a late start through but not one that collides with the next run. */
export function suggestedDeadline(schedule: unknown): number {
  const interval = typeof schedule === 'string' ? scheduleInterval(schedule) : 86400;
  return Math.max(10, Math.min(3600, Math.floor(interval / 2)));
}

/** Sets a key of the CronJob spec: replaces its value, or inserts it before jobTemplate. */
function setSpecKey(model: KubernetesModel, spec: YAMLMap, key: string, value: string | number): TextEdit | undefined {
  const pair = getPair(spec, key);
  if (pair) return pair.value ? replaceScalar(model, pair.value as Node, String(value)) : undefined;
  const jobTemplate = getPair(spec, 'jobTemplate');
  return jobTemplate ? insertBeforePair(model, spec, jobTemplate as never, { [key]: value }) : appendToMap(model, spec, { [key]: value });
}

export default defineRule({
  id: 'kubernetes/valid-cronjob',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Set a CronJob\'s concurrencyPolicy and startingDeadlineSeconds, and keep its failed jobs.',
  rationale:
    'With the default concurrencyPolicy (Allow) a run that takes longer than the interval overlaps the next one, and slow ' +
    'runs pile up until they exhaust the node or the database. Without startingDeadlineSeconds a run missed while the ' +
    'controller was down starts whenever it catches up, hours late. failedJobsHistoryLimit: 0 deletes failed jobs, and with ' +
    'them the logs that say why they failed.',
  fixable: true,
  sources: [{ tool: 'kube-score', id: 'cronjob-has-deadline', tags: ['deadline'] }],
  messages: {
    concurrency: 'CronJob "{{name}}" allows concurrent runs (concurrencyPolicy {{policy}}), so slow runs overlap and pile up. Use Forbid (or Replace).',
    deadline: 'CronJob "{{name}}" has no startingDeadlineSeconds, so a missed run starts whenever the controller catches up. Set one shorter than the interval.',
    failedHistory: 'CronJob "{{name}}" keeps no failed jobs (failedJobsHistoryLimit: 0), so the logs of a failure are deleted with it. Keep at least 1.',
  },
  examples: {
    valid: [
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup}\nspec:\n  schedule: "0 3 * * *"\n  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 3600\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: []\n',
    ],
    invalid: [
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: []\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      if (o.kind !== 'CronJob') continue;
      const spec = getMap(o.map, 'spec');
      if (!spec) continue;
      const name = o.name ?? '(unnamed)';
      const policy = getScalar(spec, 'concurrencyPolicy');
      if (policy === undefined || policy === null || policy === 'Allow') {
        const pair = getPair(spec, 'concurrencyPolicy');
        const edit = setSpecKey(ctx.model, spec, 'concurrencyPolicy', 'Forbid');
        ctx.report({
          // The value when there is one, the key when it is empty, the CronJob when it is absent.
          range: pair ? ctx.model.rangeOf((policy === 'Allow' ? pair.value : pair.key) as Node) : objectRange(ctx.model, o),
          messageId: 'concurrency',
          data: { name, policy: policy === 'Allow' ? 'Allow' : 'Allow, the default' },
          // Replace may suit the job better than Forbid: offered, not applied by fix-all.
          fix: edit ? { title: 'Set concurrencyPolicy: Forbid', edits: [edit], safe: false } : undefined,
        });
      }
      const deadline = getScalar(spec, 'startingDeadlineSeconds');
      if (deadline === undefined || deadline === null) {
        const seconds = suggestedDeadline(getScalar(spec, 'schedule'));
        const edit = setSpecKey(ctx.model, spec, 'startingDeadlineSeconds', seconds);
        ctx.report({
          range: objectRange(ctx.model, o),
          messageId: 'deadline',
          data: { name },
          tags: ['deadline'],
          fix: edit ? { title: `Set startingDeadlineSeconds: ${seconds}`, edits: [edit], safe: false } : undefined,
        });
      }
      const failed = getNode(spec, 'failedJobsHistoryLimit');
      if (getScalar(spec, 'failedJobsHistoryLimit') === 0 && failed) {
        const edit = replaceScalar(ctx.model, failed, '1');
        ctx.report({
          range: ctx.model.rangeOf(failed),
          messageId: 'failedHistory',
          data: { name },
          fix: edit ? { title: 'Keep 1 failed job', edits: [edit], safe: false } : undefined,
        });
      }
    }
  },
});
