import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/kubernetes/no-privilege-escalation';
import { applyEdits } from '../../../../server/src/engine/text';
import { DEFAULT_SETTINGS, lintWith, run } from '../../../helpers/ruleTester';

const HARDEN = 'Harden security context';
const TITLE = 'Set allowPrivilegeEscalation: false';
// A pod whose other settings are hardened already, so the harden fix adds just this one.
const pod = (sc: string) =>
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n' +
  '        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n' + sc;

run(rule, {
  valid: [
    pod('        allowPrivilegeEscalation: false\n'),
    { name: 'Windows pods', code: pod('').replace('spec:\n', 'spec:\n  os:\n    name: windows\n') },
  ],
  invalid: [
    {
      name: 'unset',
      code: pod('').replace('- name: app', '- name: [|app|]'),
      errors: ['missing'],
      fixTitles: [HARDEN, TITLE],
      output: pod('        allowPrivilegeEscalation: false\n'),
    },
    {
      name: 'explicit true is reported on the value; the narrow fix flips it',
      code: pod('        allowPrivilegeEscalation: [|true|] # needs sudo\n'),
      errors: ['allowed'],
      fixTitles: [TITLE],
      output: pod('        allowPrivilegeEscalation: false # needs sudo\n'),
    },
    {
      name: 'no securityContext value at all (Polaris fixture shape)',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: [|nginx|]\n    image: nginx\n    securityContext:\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: nginx\n    image: nginx\n    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities:\n        drop:\n        - ALL\n',
    },
    {
      name: 'only the offending container of several, in a StatefulSet',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n      containers:\n        - name: db\n          image: postgres:16\n          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n        - name: [|exporter|]\n          image: exporter:1\n          securityContext: {readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n',
      errors: ['missing'],
      output: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n      containers:\n        - name: db\n          image: postgres:16\n          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n        - name: exporter\n          image: exporter:1\n          securityContext: {readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}, allowPrivilegeEscalation: false}\n',
    },
    {
      name: 'a multi-line flow map cannot be edited safely: no fix',
      code: pod('').replace('      securityContext:\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n', '      securityContext: {readOnlyRootFilesystem: true,\n        capabilities: {drop: [ALL]}}\n').replace('- name: app', '- name: [|app|]'),
      errors: ['missing'],
    },
  ],
});

test('privileged containers and SYS_ADMIN: reported, with no fix (the API rejects false, and hardening would not resolve it)', async () => {
  for (const extra of ['        privileged: true\n', '        capabilities:\n          add: [CAP_SYS_ADMIN]\n          drop: [ALL]\n']) {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n' + extra;
    const findings = await lintWith(rule, text, DEFAULT_SETTINGS);
    assert.deepEqual(findings.map((f) => f.messageId), ['missing']);
    assert.deepEqual(findings[0].fixes, [], 'no fix that cannot resolve the finding');
  }
});
