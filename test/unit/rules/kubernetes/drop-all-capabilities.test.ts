import rule from '../../../../server/src/rules/kubernetes/drop-all-capabilities';
import { run } from '../../../helpers/ruleTester';

const HARDEN = 'Harden security context';
const NARROW = 'Drop all capabilities';
// Hardened except for capabilities, so both fixes touch only them.
const ds = (caps: string) =>
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        seccompProfile: {type: RuntimeDefault}\n      containers:\n        - name: agent\n          image: agent:2\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n' +
  caps;
const DEFAULTS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

run(rule, {
  valid: [
    ds('            capabilities:\n              drop:\n                - ALL\n              add:\n                - NET_BIND_SERVICE\n'),
    { name: 'case does not matter to runtimes', code: ds('            capabilities:\n              drop: [all]\n') },
    { name: 'every runtime default dropped one by one', code: ds(`            capabilities:\n              drop: [${DEFAULTS.map((c) => c.toLowerCase()).join(', ')}]\n`) },
    { name: 'Windows pods', code: ds('').replace('      securityContext:\n        runAsNonRoot', '      os: {name: windows}\n      securityContext:\n        runAsNonRoot') },
  ],
  invalid: [
    {
      name: 'no capabilities: both fixes add drop [ALL] in the file\'s sequence style',
      code: ds('').replace('- name: agent', '- name: [|agent|]'),
      errors: ['missing'],
      fixTitles: [HARDEN, NARROW],
      output: ds('            capabilities:\n              drop:\n                - ALL\n'),
    },
    {
      name: 'a partial flow list is completed, reported on its key',
      code: ds('            capabilities:\n              [|drop|]: [NET_RAW, "MKNOD"]\n              add: [NET_BIND_SERVICE]\n'),
      errors: ['partial'],
      output: ds('            capabilities:\n              drop: [NET_RAW, "MKNOD", ALL]\n              add: [NET_BIND_SERVICE]\n'),
    },
    {
      name: 'a partial block list keeps its comments',
      code: ds('            capabilities:\n              [|drop|]:\n                - NET_RAW # spoofing\n              # add nothing\n'),
      errors: ['partial'],
      output: ds('            capabilities:\n              drop:\n                - NET_RAW # spoofing\n                - ALL\n              # add nothing\n'),
    },
    {
      name: 'an empty list and a missing drop',
      code: ds('            capabilities:\n              drop: []\n').replace('- name: agent', '- name: [|agent|]') +
        '        - name: [|sidecar|]\n          image: proxy:1\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              add: [NET_BIND_SERVICE]\n',
      errors: ['missing', 'missing'],
      output: ds('            capabilities:\n              drop: [ALL]\n') +
        '        - name: sidecar\n          image: proxy:1\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              add: [NET_BIND_SERVICE]\n              drop:\n                - ALL\n',
    },
    {
      name: '`capabilities:` with no value, and a pod-level drop that Kubernetes ignores',
      code: ds('            capabilities:\n').replace('runAsNonRoot: true\n', 'runAsNonRoot: true\n        capabilities: {drop: [ALL]}\n').replace('- name: agent', '- name: [|agent|]'),
      errors: ['missing'],
      output: ds('            capabilities:\n              drop:\n                - ALL\n').replace('runAsNonRoot: true\n', 'runAsNonRoot: true\n        capabilities: {drop: [ALL]}\n'),
    },
  ],
});
