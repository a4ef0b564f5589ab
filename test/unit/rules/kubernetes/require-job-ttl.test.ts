import rule from '../../../../server/src/rules/kubernetes/require-job-ttl';
import { run } from '../../../helpers/ruleTester';

const job = (meta: string, spec: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n${meta}spec:\n${spec}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: app:1.0\n`;
const cron = (jobSpec: string) =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n${jobSpec}      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: app:1.0\n`;

run(rule, {
  valid: [
    job('', '  ttlSecondsAfterFinished: 3600\n'),
    { name: 'TTL 0 deletes at once', code: job('', '  ttlSecondsAfterFinished: 0\n') },
    { name: 'a Helm hook with a delete policy', code: job('  annotations:\n    helm.sh/hook: pre-upgrade\n    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded\n', '') },
    { name: 'an Argo CD hook with a delete policy', code: job('  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n', '') },
    { name: 'a CronJob relies on its history limits', code: cron('      backoffLimit: 2\n') },
  ],
  invalid: [
    {
      code: job('', '  backoffLimit: 3 # retries\n').replace('  name: migrate\n', '  name: [|migrate|]\n'),
      errors: ['missing'],
      fixTitles: ['Delete the Job a day after it finishes'],
      output: job('', '  backoffLimit: 3 # retries\n  ttlSecondsAfterFinished: 86400\n'),
    },
    {
      name: 'four-space indentation, several Jobs in one file',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n    name: [|a|]\nspec:\n    template:\n        spec:\n            restartPolicy: Never\n            containers: [{name: a, image: "app:1.0"}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n    name: b\nspec:\n    ttlSecondsAfterFinished: 60\n    template:\n        spec:\n            restartPolicy: Never\n            containers: [{name: b, image: "app:1.0"}]\n',
      errors: ['missing'],
      output: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n    name: a\nspec:\n    ttlSecondsAfterFinished: 86400\n    template:\n        spec:\n            restartPolicy: Never\n            containers: [{name: a, image: "app:1.0"}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n    name: b\nspec:\n    ttlSecondsAfterFinished: 60\n    template:\n        spec:\n            restartPolicy: Never\n            containers: [{name: b, image: "app:1.0"}]\n',
    },
    {
      name: 'a Helm hook without delete policy is not cleaned up',
      code: job('  annotations:\n    helm.sh/hook: pre-install\n', '').replace('  name: migrate\n', '  name: [|migrate|]\n'),
      errors: ['missing'],
      output: job('  annotations:\n    helm.sh/hook: pre-install\n', '  ttlSecondsAfterFinished: 86400\n'),
    },
    {
      name: 'a flow-style spec gets no fix',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: [|j|]}\nspec: {template: {spec: {restartPolicy: Never, containers: [{name: j, image: "app:1.0"}]}}}\n',
      errors: ['missing'],
    },
    {
      name: 'a CronJob with a TTL on its Jobs',
      code: cron('      [|ttlSecondsAfterFinished|]: 1200\n'),
      errors: ['cronJob'],
    },
  ],
});
