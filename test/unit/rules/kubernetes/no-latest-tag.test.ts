import rule from '../../../../server/src/rules/kubernetes/no-latest-tag';
import { run } from '../../../helpers/ruleTester';

const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;

run(rule, {
  valid: [
    pod('nginx:1.27'),
    pod('registry.example.com:5000/team/app:2.1'),
    pod('nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000'),
    { name: 'non-Kubernetes YAML', code: 'services:\n  web:\n    image: nginx\n' },
    { name: 'Helm-style placeholders are left to Helm', code: pod('"{{ .Values.image }}"') },
  ],
  invalid: [
    { code: pod('[|nginx|]'), errors: ['untagged'] },
    { code: pod('[|nginx:latest|]'), errors: ['latest'] },
    { name: 'quoted', code: pod('[|"nginx:latest"|]'), errors: ['latest'] },
    {
      name: 'CronJob, init and ephemeral containers',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n            - name: init\n              image: [|busybox|]\n          containers:\n            - name: app\n              image: [|alpine:latest|]\n          ephemeralContainers:\n            - name: debug\n              image: [|busybox:latest|]\n',
      errors: ['untagged', 'latest', 'latest'],
    },
    {
      name: 'second document of a multi-document file',
      code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n' + pod('[|nginx|]'),
      errors: ['untagged'],
    },
  ],
});
