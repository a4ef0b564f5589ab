import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/kubernetes/no-service-account-token-automount';
import { lint } from '../../../../server/src/engine/runner';
import { run } from '../../../helpers/ruleTester';

const TITLE = 'Set automountServiceAccountToken: false';
const deploy = (podExtra: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n' +
  podExtra + '      containers:\n        - name: app\n          image: nginx:1.27\n';
const sa = (name: string, extra = '') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${extra}`;

run(rule, {
  valid: [
    deploy('      automountServiceAccountToken: false\n'),
    { name: 'the ServiceAccount in the same file turns it off', code: sa('web', 'automountServiceAccountToken: false\n') + '---\n' + deploy('      serviceAccountName: web\n') },
    { name: 'the pod turns it off over an account that allows it', code: deploy('      serviceAccountName: web\n      automountServiceAccountToken: false\n') },
  ],
  invalid: [
    {
      name: 'nothing turns it off: reported on the object name, fixed in the pod spec',
      code: deploy('').replace('  name: web', '  name: [|web|]'),
      errors: ['missing'],
      fixTitles: [TITLE],
      output: deploy('').replace('          image: nginx:1.27\n', '          image: nginx:1.27\n      automountServiceAccountToken: false\n'),
    },
    {
      name: 'the account in this file allows it: both are reported, the pod on its serviceAccountName',
      code: sa('[|api|]') + '---\n' + deploy('      serviceAccountName: [|api|] # talks to the API\n'),
      errors: ['serviceAccount', 'missing'],
      // Both fixes are offered; applying both is harmless.
      output: sa('api', 'automountServiceAccountToken: false\n') + '---\n' +
        deploy('      serviceAccountName: api # talks to the API\n').replace('          image: nginx:1.27\n', '          image: nginx:1.27\n      automountServiceAccountToken: false\n'),
    },
    {
      name: 'explicit true on the pod (Polaris failure.all_true shape)',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: test-pod\nspec:\n  automountServiceAccountToken: [|true|]\n  serviceAccountName: test\n  containers:\n  - name: nginx\n    image: nginx\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [|test|]\nautomountServiceAccountToken: true\n',
      errors: ['podTrue', 'serviceAccount'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: test-pod\nspec:\n  automountServiceAccountToken: false\n  serviceAccountName: test\n  containers:\n  - name: nginx\n    image: nginx\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: test\nautomountServiceAccountToken: false\n',
    },
    {
      name: 'a flow pod spec',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: [|p|]}\nspec: {containers: [{name: a, image: a}]}\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}], automountServiceAccountToken: false}\n',
    },
  ],
});

test('no-service-account-token-automount reads ServiceAccounts of other files, namespace-aware', async () => {
  const text = deploy('      serviceAccountName: web\n').replace('  name: web\n', '  name: web\n  namespace: shop\n');
  const lintWith = async (ns: string) => (await lint({
    text, language: 'kubernetes', only: new Set([rule.id]),
    workspace: { complete: true, objects: [{ uri: 'file:///sa.yaml', json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: ns }, automountServiceAccountToken: false } }] },
  })).findings.map((f) => f.messageId);
  assert.deepEqual(await lintWith('shop'), []);
  assert.deepEqual(await lintWith('other'), ['missing']);
});
