import rule from '../../../../server/src/rules/kubernetes/require-run-as-non-root';
import { run } from '../../../helpers/ruleTester';

const HARDEN = 'Harden security context';
const deploy = (podExtra: string, container: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n' +
  podExtra +
  '      containers:\n        - name: app\n          image: nginx:1.27\n' +
  container;
const hardenedSc =
  '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n                - ALL\n';

run(rule, {
  valid: [
    { name: 'pod-level runAsNonRoot is inherited', code: deploy('      securityContext:\n        runAsNonRoot: true\n', '') },
    { name: 'container-level runAsNonRoot', code: deploy('', '          securityContext:\n            runAsNonRoot: true\n') },
    { name: 'a non-zero runAsUser on the container', code: deploy('', '          securityContext:\n            runAsUser: 10001\n') },
    { name: 'a non-zero runAsUser on the pod', code: deploy('      securityContext:\n        runAsUser: 1000\n', '') },
    { name: 'container runAsUser wins over a pod-level runAsNonRoot: false', code: deploy('      securityContext:\n        runAsNonRoot: false\n', '          securityContext:\n            runAsUser: 1000\n') },
    { name: 'explicit runAsUser: 0 is left to no-run-as-root-user', code: deploy('', '          securityContext:\n            runAsUser: 0\n') },
    { name: 'Windows pods cannot set it', code: deploy('      os:\n        name: windows\n', '') },
    { name: 'not a workload', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  runAsNonRoot: "false"\n' },
    { name: 'YAML 1.1 reads yes as true', code: deploy('', '          securityContext:\n            runAsNonRoot: yes\n') },
  ],
  invalid: [
    {
      name: 'nothing set: the harden fix completes the workload',
      code: deploy('', '').replace('- name: app', '- name: [|app|]').replace('nginx:1.27\n', 'nginx:1.27 # pinned\n'),
      errors: ['missing'],
      fixTitles: [HARDEN, 'Set runAsNonRoot: true'],
      output: deploy('', '').replace('nginx:1.27\n', 'nginx:1.27 # pinned\n') + hardenedSc +
        '      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n',
    },
    {
      name: 'explicit false on the container is reported on the value and survives the harden fix',
      code: deploy('', '          securityContext:\n            runAsNonRoot: [|false|] # legacy image\n'),
      errors: ['allowsRoot'],
      fixTitles: [HARDEN, 'Set runAsNonRoot: true'],
      // Harden adds the rest; the narrow fix then flips the explicit value.
      output: deploy('', '          securityContext:\n            runAsNonRoot: true # legacy image\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n                - ALL\n') +
        '      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n',
    },
    {
      name: 'pod-level false is kept; the narrow fix overrides it on the container',
      code: deploy('      securityContext:\n        runAsNonRoot: false\n        seccompProfile:\n          type: RuntimeDefault\n', '').replace('- name: app', '- name: [|app|]'),
      errors: ['missing'],
      output: deploy('      securityContext:\n        runAsNonRoot: false\n        seccompProfile:\n          type: RuntimeDefault\n', '') +
        '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n                - ALL\n            runAsNonRoot: true\n',
    },
    {
      name: 'a container with runAsUser: 0 keeps runAsNonRoot off the pod; the others get it themselves',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: root\n    image: a\n    securityContext:\n      runAsUser: 0\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities: {drop: [ALL]}\n  - name: [|app|]\n    image: b\n    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities: {drop: [ALL]}\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: root\n    image: a\n    securityContext:\n      runAsUser: 0\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities: {drop: [ALL]}\n  - name: app\n    image: b\n    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities: {drop: [ALL]}\n      runAsNonRoot: true\n',
    },
    {
      name: 'init containers and CronJob nesting, four-space indentation',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: nightly\nspec:\n    schedule: "0 3 * * *"\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: OnFailure\n                    initContainers:\n                        -   name: [|migrate|]\n                            image: busybox:1.36\n                    containers:\n                        -   name: [|job|]\n                            image: busybox:1.36\n',
      errors: ['missing', 'missing'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: nightly\nspec:\n    schedule: "0 3 * * *"\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: OnFailure\n                    initContainers:\n                        -   name: migrate\n                            image: busybox:1.36\n                            securityContext:\n                                allowPrivilegeEscalation: false\n                                readOnlyRootFilesystem: true\n                                capabilities:\n                                    drop:\n                                        - ALL\n                    containers:\n                        -   name: job\n                            image: busybox:1.36\n                            securityContext:\n                                allowPrivilegeEscalation: false\n                                readOnlyRootFilesystem: true\n                                capabilities:\n                                    drop:\n                                        - ALL\n                    securityContext:\n                        runAsNonRoot: true\n                        seccompProfile:\n                            type: RuntimeDefault\n',
    },
    {
      name: 'multi-document file: each workload is fixed on its own',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: ok\n    image: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: [|bad|]\n    image: x\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: ok\n    image: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: bad\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities:\n        drop:\n        - ALL\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n',
    },
    {
      name: 'one-line flow maps are completed in flow style',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {fsGroup: 2000}\n  containers:\n    - {name: [|app|], image: "nginx:1.27"}\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {fsGroup: 2000, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - {name: app, image: "nginx:1.27", securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}}\n',
    },
  ],
});
