import rule from '../../../../server/src/rules/kubernetes/valid-restart-policy';
import { run } from '../../../helpers/ruleTester';

const job = (podExtra: string, jobExtra = '', name = 'migrate') =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n${jobExtra}  template:\n    spec:\n${podExtra}      containers:\n        - name: migrate\n          image: app:1.0\n`;
const deploy = (podExtra: string, kind = 'Deployment') =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${podExtra}      containers:\n        - name: web\n          image: app:1.0\n`;

run(rule, {
  valid: [
    job('      restartPolicy: Never\n'),
    job('      restartPolicy: OnFailure\n'),
    deploy(''),
    deploy('      restartPolicy: Always\n', 'DaemonSet'),
    { name: 'a bare Pod may use any policy', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers:\n    - name: app\n      image: app:1.0\n' },
    { name: 'podFailurePolicy with Never', code: job('      restartPolicy: Never\n', '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes: {operator: In, values: [42]}\n') },
    { name: 'templated policy', code: job('      restartPolicy: "{{ .Values.restartPolicy }}"\n') },
  ],
  invalid: [
    {
      name: 'a Job without restartPolicy (the default Always is rejected)',
      code: job('      serviceAccountName: migrate\n', '', '[|migrate|]'),
      errors: ['jobMissing'],
      fixTitles: ['Set restartPolicy: Never', 'Set restartPolicy: OnFailure'],
      output: job('      serviceAccountName: migrate\n      restartPolicy: Never\n'),
    },
    {
      name: 'a Job with Always',
      code: job('      restartPolicy: [|Always|] # like the Deployment\n'),
      errors: ['jobAlways'],
      output: job('      restartPolicy: Never # like the Deployment\n'),
    },
    {
      name: 'a CronJob without restartPolicy, four-space indentation (kube-score)',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: [|hello|]\nspec:\n    schedule: "* * * * *"\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    containers:\n                        -   name: hello\n                            image: busybox:1.36\n',
      errors: ['jobMissing'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: hello\nspec:\n    schedule: "* * * * *"\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: Never\n                    containers:\n                        -   name: hello\n                            image: busybox:1.36\n',
    },
    {
      name: 'a misspelled key does not count',
      code: job('      RestartPolicy: OnFailure\n', '', '[|migrate|]'),
      errors: ['jobMissing'],
      output: job('      RestartPolicy: OnFailure\n      restartPolicy: Never\n'),
    },
    {
      name: 'podFailurePolicy needs Never',
      code: job('      restartPolicy: [|OnFailure|]\n', '  podFailurePolicy:\n    rules:\n      - action: Ignore\n        onPodConditions: [{type: DisruptionTarget}]\n'),
      errors: ['failurePolicy'],
      output: job('      restartPolicy: Never\n', '  podFailurePolicy:\n    rules:\n      - action: Ignore\n        onPodConditions: [{type: DisruptionTarget}]\n'),
    },
    {
      name: 'podFailurePolicy without restartPolicy: Never is the only choice',
      code: job('', '  podFailurePolicy:\n    rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]\n', '[|migrate|]'),
      errors: ['failurePolicy'],
      fixTitles: ['Set restartPolicy: Never'],
      output: job('      restartPolicy: Never\n', '  podFailurePolicy:\n    rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]\n'),
    },
    {
      name: 'controllers accept only Always; quotes are kept',
      code: deploy('      restartPolicy: [|"OnFailure"|]\n') + '---\n' + deploy('      restartPolicy: [|Never|]\n', 'StatefulSet'),
      errors: ['controller', 'controller'],
      fixTitles: ['Set restartPolicy: Always'],
      output: deploy('      restartPolicy: "Always"\n') + '---\n' + deploy('      restartPolicy: Always\n', 'StatefulSet'),
    },
    {
      name: 'a flow-style pod spec gets no fix',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: [|j|]}\nspec:\n  template:\n    spec: {containers: [{name: j, image: "app:1.0"}]}\n',
      errors: ['jobMissing'],
    },
  ],
});
