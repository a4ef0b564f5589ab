import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/kubernetes/no-dangerous-capabilities';
import { DEFAULT_SETTINGS, lintWith, run } from '../../../helpers/ruleTester';

// Hardened otherwise, so the only fix left is removing the capability.
const pod = (caps: string) =>
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n' +
  caps;

run(rule, {
  valid: [
    pod('          add: [NET_BIND_SERVICE, chown, CAP_SETUID]\n'),
    { name: 'empty add', code: pod('          add:\n') },
    { name: 'Windows pods', code: pod('          add: [SYS_ADMIN]\n').replace('spec:\n', 'spec:\n  os:\n    name: windows\n') },
  ],
  invalid: [
    {
      name: 'a block list: each dangerous item, its line removed',
      code: pod('          add:\n            - NET_BIND_SERVICE\n            - [|SYS_ADMIN|] # for mount\n            - [|net_raw|]\n'),
      errors: ['dangerous', 'dangerous'],
      fixTitles: ['Remove SYS_ADMIN from capabilities.add'],
      output: pod('          add:\n            - NET_BIND_SERVICE\n'),
    },
    {
      name: 'a flow list, CAP_ prefix and case normalized',
      code: pod('          add: [[|CAP_SYS_PTRACE|], NET_BIND_SERVICE, [|"ALL"|]]\n'),
      errors: ['dangerous', 'dangerous'],
      fixTitles: ['Remove SYS_PTRACE from capabilities.add'],
      output: pod('          add: [NET_BIND_SERVICE]\n'),
    },
    {
      name: 'the only item of a flow list',
      code: pod('          add: [[|NET_ADMIN|]]\n'),
      errors: ['dangerous'],
      output: pod('          add: []\n'),
    },
    {
      name: 'the only item of a block list leaves an empty list',
      code: pod('          add: # extra\n          - [|SYS_MODULE|]\n'),
      errors: ['dangerous'],
      output: pod('          add: [] # extra\n'),
    },
  ],
});

test('no-dangerous-capabilities: tags name the capability, and the harden fix comes after the removal', async () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: a\n    securityContext:\n      capabilities:\n        add: [SYS_ADMIN, BPF]\n';
  const findings = await lintWith(rule, text, DEFAULT_SETTINGS);
  assert.deepEqual(findings.map((f) => f.tags), [['SYS_ADMIN'], ['BPF']]);
  // Both added capabilities are dangerous: each finding offers the same edit emptying the list, so
  // applying them together leaves `add: []`, not an empty (null) key.
  assert.deepEqual(findings[0].fixes.map((f) => [f.title, f.safe]), [['Remove the added capabilities', false], ['Harden security context', false]]);
  assert.deepEqual(findings[0].fixes[0].edits, findings[1].fixes[0].edits);
  assert.equal(findings[0].severity, 'error');
});
