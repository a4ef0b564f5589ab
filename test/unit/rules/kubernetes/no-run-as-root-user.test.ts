import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/kubernetes/no-run-as-root-user';
import { applyEdits } from '../../../../server/src/engine/text';
import { DEFAULT_SETTINGS, lintWith, run } from '../../../helpers/ruleTester';

// Everything else hardened, so the only finding is the root ID and no fix is left to offer.
const pod = (podSc: string, containerSc: string) =>
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n' + podSc +
  '  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n' +
  containerSc;

run(rule, {
  valid: [
    pod('    runAsUser: 10001\n    runAsGroup: 10001\n    fsGroup: 10001\n    supplementalGroups: [10002]\n', ''),
    { name: 'a pod-level 0 that every container overrides', code: pod('    runAsUser: 0\n', '        runAsUser: 1000\n') },
    { name: 'Windows pods', code: pod('    windowsOptions:\n      hostProcess: true\n    runAsUser: 0\n', '') },
    { name: 'string "0" is not a user id', code: pod('', '        runAsUser: "0"\n') },
  ],
  invalid: [
    { name: 'container runAsUser: 0', code: pod('', '        runAsUser: [|0|]\n'), errors: ['rootUser'] },
    { name: 'container runAsGroup: 0', code: pod('', '        runAsUser: 1000\n        runAsGroup: [|0|]\n'), errors: ['rootGroup'] },
    { name: 'pod-level runAsUser: 0 inherited by the container', code: pod('    runAsUser: [|0|]\n', ''), errors: ['rootUser'] },
    {
      name: 'fsGroup and supplementalGroups with the root group',
      code: pod('    runAsUser: 1000\n    fsGroup: [|0|]\n    supplementalGroups:\n      - 1001\n      - [|0|]\n', ''),
      errors: ['rootFsGroup', 'rootSupplementalGroup'],
    },
    {
      name: 'a pod with no containers yet',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsGroup: [|0|]\n',
      errors: ['rootGroup'],
    },
    {
      name: 'init container',
      code: pod('', '        runAsUser: 1000\n').replace('  containers:\n', '  initContainers:\n    - name: chown\n      image: busybox:1.36\n      securityContext:\n        runAsUser: [|0|]\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n  containers:\n'),
      errors: ['rootUser'],
    },
  ],
});

test('no-run-as-root-user offers no fix: which non-root id to use is the user\'s choice', async () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n';
  const findings = await lintWith(rule, text, DEFAULT_SETTINGS);
  assert.deepEqual(findings.map((f) => f.messageId), ['rootUser']);
  assert.deepEqual(findings[0].fixes, []);
});
