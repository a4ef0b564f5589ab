import rule from '../../../../server/src/rules/kubernetes/require-read-only-root-filesystem';
import { run } from '../../../helpers/ruleTester';

const HARDEN = 'Harden security context';
const TITLE = 'Set readOnlyRootFilesystem: true';
const job = (sc: string) =>
  'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - name: migrate\n        image: migrate:4\n        securityContext:\n          allowPrivilegeEscalation: false\n          capabilities:\n            drop:\n            - ALL\n' +
  sc;

run(rule, {
  valid: [
    job('          readOnlyRootFilesystem: true\n'),
    { name: 'a pod-level value is not a thing (only containers have it)', code: job('          readOnlyRootFilesystem: true\n').replace('runAsNonRoot: true\n', 'runAsNonRoot: true\n        readOnlyRootFilesystem: false\n') },
  ],
  invalid: [
    {
      name: 'unset: narrow and harden fixes add the same key here',
      code: job('').replace('- name: migrate', '- name: [|migrate|]'),
      errors: ['missing'],
      fixTitles: [HARDEN, TITLE],
      output: job('          readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'explicit false is reported on the value',
      code: job('          readOnlyRootFilesystem: [|false|]\n'),
      errors: ['writable'],
      fixTitles: [TITLE],
      output: job('          readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'pod-level true does not count (Polaris failure.pod shape), unnamed containers',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  securityContext:\n      readOnlyRootFilesystem: true\n  containers:\n    - securityContext:\n        readOnlyRootFilesystem: true\n    - [|image: nginx|]\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  securityContext:\n      readOnlyRootFilesystem: true\n      runAsNonRoot: true\n      seccompProfile:\n        type: RuntimeDefault\n  containers:\n    - securityContext:\n        readOnlyRootFilesystem: true\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop:\n            - ALL\n    - image: nginx\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop:\n            - ALL\n',
    },
    {
      name: 'kube-score capitalised booleans, ephemeral containers, CRLF line ends',
      code: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  securityContext:\r\n    runAsNonRoot: true\r\n    seccompProfile:\r\n      type: RuntimeDefault\r\n  containers:\r\n  - name: app\r\n    image: a\r\n    securityContext:\r\n      privileged: False\r\n      readOnlyRootFilesystem: True\r\n      allowPrivilegeEscalation: false\r\n      capabilities:\r\n        drop: [ALL]\r\n  ephemeralContainers:\r\n  - name: [|debug|]\r\n    image: busybox:1.36\r\n',
      errors: ['missing'],
      output: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  securityContext:\r\n    runAsNonRoot: true\r\n    seccompProfile:\r\n      type: RuntimeDefault\r\n  containers:\r\n  - name: app\r\n    image: a\r\n    securityContext:\r\n      privileged: False\r\n      readOnlyRootFilesystem: True\r\n      allowPrivilegeEscalation: false\r\n      capabilities:\r\n        drop: [ALL]\r\n  ephemeralContainers:\r\n  - name: debug\r\n    image: busybox:1.36\r\n    securityContext:\r\n      allowPrivilegeEscalation: false\r\n      readOnlyRootFilesystem: true\r\n      capabilities:\r\n        drop:\r\n        - ALL\r\n',
    },
  ],
});
