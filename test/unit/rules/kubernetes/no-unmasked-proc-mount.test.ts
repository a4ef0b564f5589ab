import rule from '../../../../server/src/rules/kubernetes/no-unmasked-proc-mount';
import { run } from '../../../helpers/ruleTester';

const deploy = (sc: string, podExtra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n${podExtra}      containers:\n        - name: app\n          image: app:1.0\n          securityContext:\n${sc}`;

run(rule, {
  valid: [
    deploy('            procMount: Default\n'),
    deploy('            readOnlyRootFilesystem: true\n'),
    { name: 'user-namespaced pods may unmask their own /proc', code: deploy('            procMount: Unmasked\n', '      hostUsers: false\n') },
    { name: 'null is unset', code: deploy('            procMount: ~\n') },
  ],
  invalid: [
    {
      code: deploy('            procMount: [|Unmasked|] # for buildkit\n            readOnlyRootFilesystem: true\n'),
      errors: ['unmasked'],
      fixTitles: ['Set procMount: Default'],
      output: deploy('            procMount: Default # for buildkit\n            readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'hostUsers: true does not count, quotes are kept',
      code: deploy('            procMount: [|"Unmasked"|]\n', '      hostUsers: true\n'),
      errors: ['unmasked'],
      output: deploy('            procMount: "Default"\n', '      hostUsers: true\n'),
    },
    {
      name: 'any other value, in init and ephemeral containers',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n      securityContext: {procMount: [|Other|]}\n  containers:\n    - name: app\n      image: app:1.0\n  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n      securityContext:\n        procMount: [|Unmasked|]\n',
      errors: ['unmasked', 'unmasked'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n      securityContext: {procMount: Default}\n  containers:\n    - name: app\n      image: app:1.0\n  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n      securityContext:\n        procMount: Default\n',
    },
  ],
});
