import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/kubernetes/require-seccomp-profile';
import { applyEdits } from '../../../../server/src/engine/text';
import { DEFAULT_SETTINGS, lintWith, run } from '../../../helpers/ruleTester';

const HARDEN = 'Harden security context';
const NARROW = 'Set seccomp profile type: RuntimeDefault';
const C_SC = '      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n';
// Hardened except for seccomp; `meta` goes under metadata, `podSc` under the pod's securityContext.
const pod = (opts: { meta?: string; podSc?: string; a?: string; b?: string; markA?: boolean; markB?: boolean }) =>
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' + (opts.meta ?? '') + 'spec:\n  securityContext:\n    runAsNonRoot: true\n' + (opts.podSc ?? '') +
  `  containers:\n    - name: ${opts.markA ? '[|a|]' : 'a'}\n      image: nginx:1.27\n` + C_SC + (opts.a ?? '') +
  `    - name: ${opts.markB ? '[|b|]' : 'b'}\n      image: nginx:1.27\n` + C_SC + (opts.b ?? '');
const RD = '        seccompProfile:\n          type: RuntimeDefault\n';
const POD_RD = '    seccompProfile:\n      type: RuntimeDefault\n';

run(rule, {
  valid: [
    { name: 'pod-level RuntimeDefault', code: pod({ podSc: POD_RD }) },
    { name: 'container-level RuntimeDefault and Localhost', code: pod({ a: RD, b: '        seccompProfile:\n          type: Localhost\n          localhostProfile: profiles/app.json\n' }) },
    { name: 'containers override a pod-level Unconfined', code: pod({ podSc: '    seccompProfile:\n      type: Unconfined\n', a: RD, b: RD }) },
    { name: 'Windows pods', code: pod({}).replace('spec:\n', 'spec:\n  os: {name: windows}\n') },
  ],
  invalid: [
    {
      name: 'nowhere: one finding per container, the harden fix sets it once on the pod',
      code: pod({ markA: true, markB: true }),
      errors: ['missing', 'missing'],
      fixTitles: [HARDEN],
      output: pod({ podSc: POD_RD }),
    },
    {
      name: 'pod {} is completed; a container without a profile',
      code: pod({ podSc: '    seccompProfile: {}\n', a: RD, markB: true }),
      errors: ['missing'],
      output: pod({ podSc: '    seccompProfile:\n      type: RuntimeDefault\n', a: RD }),
    },
    {
      name: 'explicit Unconfined on a container is reported on the value; only the narrow fix changes it',
      code: pod({ podSc: POD_RD, b: '        seccompProfile:\n          type: [|Unconfined|] # strace\n' }),
      errors: ['unconfined'],
      fixTitles: [NARROW],
      output: pod({ podSc: POD_RD, b: '        seccompProfile:\n          type: RuntimeDefault # strace\n' }),
    },
    {
      name: 'pod-level Unconfined is reported on each container that inherits it',
      code: pod({ podSc: '    seccompProfile:\n      type: Unconfined\n', a: RD, markB: true }),
      errors: ['unconfined'],
      output: pod({ podSc: POD_RD, a: RD }),
    },
    {
      name: 'an unknown type',
      code: pod({ podSc: '    seccompProfile:\n      type: [|custom|]\n' }).replace('[|custom|]', 'custom').replace('name: a', 'name: [|a|]').replace('name: b', 'name: [|b|]'),
      errors: ['invalid', 'invalid'],
      output: pod({ podSc: POD_RD }),
    },
    {
      name: 'the deprecated annotation for the runtime default moves to the field',
      code: pod({ meta: '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n', markA: true, markB: true }),
      errors: ['annotation', 'annotation'],
      fixTitles: [HARDEN],
      output: pod({ meta: '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n', podSc: POD_RD }),
    },
    {
      name: 'Deployment with the profile in a flow map',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      securityContext: {runAsNonRoot: true}\n      containers:\n      - name: [|app|]\n        image: a\n        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n',
      errors: ['missing'],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n      containers:\n      - name: app\n        image: a\n        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n',
    },
  ],
});

test('require-seccomp-profile: an unconfined annotation gets no fix and stays', async () => {
  const text = pod({ meta: '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\n' });
  const findings = await lintWith(rule, text, DEFAULT_SETTINGS);
  assert.deepEqual(findings.map((f) => [f.messageId, f.fixes.length]), [['unconfined', 0], ['unconfined', 0]]);
});

test('require-seccomp-profile: a localhost annotation is not replaced by RuntimeDefault', async () => {
  const text = pod({ meta: '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: localhost/profiles/app.json\n' });
  const findings = await lintWith(rule, text, DEFAULT_SETTINGS);
  assert.deepEqual(findings.map((f) => f.messageId), ['annotation', 'annotation']);
  assert.deepEqual(findings[0].fixes, [], 'the profile choice is the user\'s: move it to a Localhost field by hand');
});

test('require-seccomp-profile: a container annotation that chose unconfined is never overridden by a pod-level default', async () => {
  const meta = '  annotations:\n    container.seccomp.security.alpha.kubernetes.io/a: unconfined\n';
  const text = pod({ meta });
  const findings = await lintWith(rule, text, DEFAULT_SETTINGS);
  assert.deepEqual(findings.map((f) => f.messageId), ['unconfined', 'missing']);
  assert.deepEqual(findings[0].range.start, { line: 5, character: 54 }, 'reported on the annotation value');
  const harden = findings[1].fixes.find((f) => f.title === HARDEN);
  assert.ok(harden);
  assert.deepEqual(findings[0].fixes, [], 'no fix on the annotation the user chose: hardening would not change it');
  const fixed = applyEdits(text, harden.edits);
  assert.equal(fixed, pod({ meta, b: RD }), 'container b gets its own profile; the pod gets none');
  const again = await lintWith(rule, fixed, DEFAULT_SETTINGS);
  assert.deepEqual(again.map((f) => [f.messageId, f.fixes.length]), [['unconfined', 0]]);
});
