import rule from '../../../../server/src/rules/kubernetes/no-custom-selinux-options';
import { run } from '../../../helpers/ruleTester';

const pod = (podSc: string, containerSc: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${podSc}  containers:\n    - name: app\n      image: app:1.0\n${containerSc}`;

run(rule, {
  valid: [
    pod('', ''),
    { name: 'level only', code: pod('  securityContext:\n    seLinuxOptions:\n      level: "s0:c1,c2"\n', '') },
    { name: 'allowed types', code: pod('  securityContext:\n    seLinuxOptions: {type: container_init_t}\n', '      securityContext:\n        seLinuxOptions:\n          type: container_t\n') },
    { name: 'empty options and empty strings', code: pod('  securityContext:\n    seLinuxOptions: {}\n', '      securityContext:\n        seLinuxOptions: {user: "", role: ""}\n') },
    { name: 'Windows pods have no SELinux', code: pod('  os: {name: windows}\n  securityContext:\n    seLinuxOptions: {type: spc_t}\n', '') },
  ],
  invalid: [
    {
      name: 'pod-level type',
      code: pod('  securityContext:\n    seLinuxOptions:\n      type: [|spc_t|] # needs host access\n', ''),
      errors: ['type'],
    },
    {
      name: 'container-level user and role',
      code: pod('', '      securityContext:\n        seLinuxOptions:\n          type: container_t\n          role: [|admin|]\n          user: [|root|]\n'),
      errors: ['userRole', 'userRole'],
    },
    {
      name: 'Deployment pod template and init container',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      securityContext: {seLinuxOptions: {type: [|unconfined_t|]}}\n      initContainers:\n        - name: init\n          image: busybox:1.36\n          securityContext:\n            seLinuxOptions:\n              user: [|system_u|]\n      containers:\n        - name: app\n          image: app:1.0\n',
      errors: ['type', 'userRole'],
    },
  ],
});
