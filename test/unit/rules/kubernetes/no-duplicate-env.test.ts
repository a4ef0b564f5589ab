import rule from '../../../../server/src/rules/kubernetes/no-duplicate-env';
import { run } from '../../../helpers/ruleTester';

const deploy = (env: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n          env:\n' + env;

run(rule, {
  valid: [
    deploy('            - name: PORT\n              value: "8080"\n            - name: HOST\n              value: 0.0.0.0\n'),
    { name: 'names are case-sensitive', code: deploy('            - name: port\n              value: "1"\n            - name: PORT\n              value: "2"\n') },
    {
      name: 'the same name in two containers',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n      env: [{name: MODE, value: init}]\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: MODE, value: serve}]\n',
    },
    { name: 'templated names are not compared', code: deploy('            - name: "{{ .Values.name }}"\n              value: a\n            - name: "{{ .Values.name }}"\n              value: b\n') },
  ],
  invalid: [
    {
      name: 'a conflicting redefinition: the earlier one can be dropped on request',
      code: deploy('            - name: PORT # the default\n              value: "8080"\n            - name: HOST\n              value: 0.0.0.0\n            - name: [|PORT|]\n              value: "9090"\n'),
      errors: ['conflicting'],
      fixTitles: ['Remove the earlier PORT (keep the value that takes effect)'],
      output: deploy('            - name: HOST\n              value: 0.0.0.0\n            - name: PORT\n              value: "9090"\n'),
    },
    {
      name: 'an identical repeat is removed (the later one)',
      code: deploy('            - name: LOG_LEVEL\n              value: info\n            - name: [|LOG_LEVEL|]\n              value: info # copied from the chart\n            - name: HOST\n              value: 0.0.0.0\n'),
      errors: ['repeated'],
      fixTitles: ['Remove the repeated LOG_LEVEL'],
      output: deploy('            - name: LOG_LEVEL\n              value: info\n            - name: HOST\n              value: 0.0.0.0\n'),
    },
    {
      name: 'valueFrom repeats count, and the last entry of the file is removed cleanly',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: app\n            image: app:1.0\n            env:\n                -   name: TOKEN\n                    valueFrom:\n                        secretKeyRef: {name: api, key: token}\n                -   name: [|TOKEN|]\n                    valueFrom:\n                        secretKeyRef: {name: api, key: token}',
      errors: ['repeated'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: app\n            image: app:1.0\n            env:\n                -   name: TOKEN\n                    valueFrom:\n                        secretKeyRef: {name: api, key: token}',
    },
    {
      name: 'every repeat is reported, in CronJobs and init containers too',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          initContainers:\n            - name: migrate\n              image: app:1.0\n              env:\n                - {name: A, value: "1"}\n                - {name: [|A|], value: "2"}\n          containers:\n            - name: job\n              image: app:1.0\n              env:\n              - name: B\n                value: x\n              - name: [|B|]\n                value: x\n              - name: [|B|]\n                value: y\n',
      errors: ['conflicting', 'repeated', 'conflicting'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          initContainers:\n            - name: migrate\n              image: app:1.0\n              env:\n                - {name: A, value: "2"}\n          containers:\n            - name: job\n              image: app:1.0\n              env:\n              - name: B\n                value: y\n',
    },
    {
      name: 'flow sequences get the finding but no fix',
      code: deploy('            [{name: A, value: "1"}, {name: [|A|], value: "1"}]\n').replace('          env:\n            [', '          env: ['),
      errors: ['repeated'],
    },
  ],
});
