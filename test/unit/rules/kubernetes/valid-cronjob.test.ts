import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { scheduleInterval, suggestedDeadline } from '../../../../server/src/rules/kubernetes/valid-cronjob';
import { run } from '../../../helpers/ruleTester';

const cron = (spec: string, name = 'report', schedule = '"0 3 * * *"') =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${name}\nspec:\n  schedule: ${schedule}\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: job:1.0\n`;

test('scheduleInterval and suggestedDeadline', () => {
  assert.equal(scheduleInterval('* * * * *'), 60);
  assert.equal(scheduleInterval('*/15 * * * *'), 900);
  assert.equal(scheduleInterval('0,30 * * * *'), 1800);
  assert.equal(scheduleInterval('0 * * * *'), 3600);
  assert.equal(scheduleInterval('0 */6 * * *'), 21600);
  assert.equal(scheduleInterval('0 3 * * *'), 86400);
  assert.equal(scheduleInterval('@hourly'), 3600);
  assert.equal(scheduleInterval('CRON_TZ=Europe/Paris */5 * * * *'), 300);
  assert.equal(suggestedDeadline('* * * * *'), 30);
  assert.equal(suggestedDeadline('0 3 * * *'), 3600);
  assert.equal(suggestedDeadline(undefined), 3600);
});

run(rule, {
  valid: [
    cron('  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 600\n'),
    { name: 'Replace is a deliberate choice', code: cron('  concurrencyPolicy: Replace\n  startingDeadlineSeconds: 30\n  failedJobsHistoryLimit: 1\n  successfulJobsHistoryLimit: 0\n') },
    { name: 'not a CronJob', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n' },
  ],
  invalid: [
    {
      name: 'both missing: fixes insert before jobTemplate',
      code: cron('', '[|[|report|]|]'),
      errors: ['concurrency', 'deadline'],
      fixTitles: ['Set concurrencyPolicy: Forbid'],
      output: cron('  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 3600\n'),
    },
    {
      name: 'explicit Allow is replaced; deadline from an every-5-minutes schedule',
      code: cron('  concurrencyPolicy: [|Allow|] # overlap is fine?\n', '[|sync|]', '"*/5 * * * *"'),
      errors: ['deadline', 'concurrency'],
      output: cron('  concurrencyPolicy: Forbid # overlap is fine?\n  startingDeadlineSeconds: 150\n', 'sync', '"*/5 * * * *"'),
    },
    {
      name: 'failed jobs not kept; batch/v1beta1 too',
      code: cron('  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 60\n  failedJobsHistoryLimit: [|0|]\n').replace('batch/v1', 'batch/v1beta1'),
      errors: ['failedHistory'],
      output: cron('  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 60\n  failedJobsHistoryLimit: 1\n').replace('batch/v1', 'batch/v1beta1'),
    },
    {
      name: 'four-space indentation, jobTemplate first',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: [|x|]\nspec:\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: Never\n                    containers: []\n    schedule: "* * * * *"\n    concurrencyPolicy: Forbid\n',
      errors: ['deadline'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: x\nspec:\n    startingDeadlineSeconds: 30\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: Never\n                    containers: []\n    schedule: "* * * * *"\n    concurrencyPolicy: Forbid\n',
    },
    {
      name: 'empty concurrencyPolicy value is filled in',
      code: cron('  [|concurrencyPolicy|]:\n  startingDeadlineSeconds: 600\n'),
      errors: ['concurrency'],
      output: cron('  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 600\n'),
    },
    {
      name: 'flow-style spec: findings without fixes',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: [|[|x|]|]\nspec: {schedule: "@daily", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: []}}}}}\n',
      errors: ['concurrency', 'deadline'],
    },
  ],
});
