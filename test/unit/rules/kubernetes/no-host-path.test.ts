import rule from '../../../../server/src/rules/kubernetes/no-host-path';
import { run } from '../../../helpers/ruleTester';

const pod = (volumes: string) =>
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n' + volumes;

run(rule, {
  valid: [
    pod('    - name: cache\n      emptyDir: {}\n    - name: cfg\n      configMap:\n        name: cfg\n'),
    { name: 'runtime sockets are left to no-container-runtime-socket', code: pod('    - name: sock\n      hostPath:\n        path: /var/run/docker.sock\n') },
    { name: 'a volume without a source', code: pod('    - name: log-volume\n') },
  ],
  invalid: [
    {
      name: 'a hostPath volume, reported on its key',
      code: pod('    - name: logs\n      [|hostPath|]:\n        path: /var/log\n        type: Directory\n'),
      errors: ['hostPath'],
    },
    {
      name: 'Trivy fixture shape: no name, empty type; a StatefulSet next to it',
      code: pod('    - [|hostPath|]:\n        path: /sys\n        type: ""\n') +
        '---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a}]\n      volumes: [{name: data, [|hostPath|]: {path: /data}}]\n',
      errors: ['hostPath', 'hostPath'],
    },
  ],
});
