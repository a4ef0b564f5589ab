import rule from '../../../../server/src/rules/kubernetes/no-host-namespaces';
import { run } from '../../../helpers/ruleTester';

const ds = (fields: string) =>
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-agent\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n' +
  fields + '      containers:\n        - name: agent\n          image: agent:1\n';

run(rule, {
  valid: [
    ds('      hostNetwork: false\n      hostPID: false\n      hostIPC: false\n'),
    { name: 'string "true" is not a boolean', code: ds('      hostNetwork: "true"\n') },
    { name: 'not a pod spec', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  hostNetwork: "true"\n' },
  ],
  invalid: [
    {
      name: 'all three, one message each, comments kept',
      code: ds('      hostNetwork: [|true|] # CNI\n      hostPID: [|true|]\n      hostIPC: [|yes|]\n'),
      errors: ['hostNetwork', 'hostPID', 'hostIPC'],
      fixTitles: ['Set hostNetwork: false'],
      output: ds('      hostNetwork: false # CNI\n      hostPID: false\n      hostIPC: false\n'),
    },
    {
      name: 'CronJob and a bare Pod in one file',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostPID: [|true|]\n          containers:\n          - name: x\n            image: x\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: [|true|], containers: [{name: y, image: y}]}\n',
      errors: ['hostPID', 'hostNetwork'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostPID: false\n          containers:\n          - name: x\n            image: x\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: false, containers: [{name: y, image: y}]}\n',
    },
  ],
});
