/**
 * The "Harden security context" fix shared by the security-context rules: one fix per workload,
 * the same on every finding, completing what is missing and never touching what the user wrote.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { lint } from '../../../server/src/engine/runner';
import { fixText } from '../../../server/src/engine/fixer';
import { applyEdits } from '../../../server/src/engine/text';
import type { Finding } from '../../../server/src/engine/types';
import { dropsAllCapabilities, HARDEN_TITLE, normalizeCapability } from '../../../server/src/languages/kubernetes/hardening';

const RULES = [
  'kubernetes/require-run-as-non-root',
  'kubernetes/no-run-as-root-user',
  'kubernetes/no-privilege-escalation',
  'kubernetes/require-read-only-root-filesystem',
  'kubernetes/drop-all-capabilities',
  'kubernetes/no-dangerous-capabilities',
  'kubernetes/require-seccomp-profile',
];

async function findings(text: string): Promise<Finding[]> {
  return (await lint({ text, language: 'kubernetes', only: new Set(RULES) })).findings;
}

function hardenOf(f: Finding) {
  return f.fixes.find((x) => x.title === HARDEN_TITLE);
}

/** Applies the harden fix of the first finding that has one; returns the new text and whether one existed. */
async function hardenOnce(text: string): Promise<{ text: string; applied: boolean }> {
  const fix = (await findings(text)).map(hardenOf).find((x) => x);
  return fix ? { text: applyEdits(text, fix.edits), applied: true } : { text, applied: false };
}

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop # the storefront
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      securityContext:
        fsGroup: 2000
      initContainers:
      - name: migrate
        image: migrate:4
        securityContext: {}
      containers:
      - name: web
        image: shop:1.2
        securityContext:
          readOnlyRootFilesystem: false # writes uploads to /srv
          allowPrivilegeEscalation: true
          capabilities:
            add: [NET_BIND_SERVICE]
      - name: metrics
        image: exporter:0.9
`;

const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop # the storefront
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      securityContext:
        fsGroup: 2000
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      initContainers:
      - name: migrate
        image: migrate:4
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop:
            - ALL
      containers:
      - name: web
        image: shop:1.2
        securityContext:
          readOnlyRootFilesystem: false # writes uploads to /srv
          allowPrivilegeEscalation: true
          capabilities:
            add: [NET_BIND_SERVICE]
            drop:
            - ALL
      - name: metrics
        image: exporter:0.9
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop:
            - ALL
`;

describe('Harden security context', () => {
  test('every finding of the security-context rules carries the same, unsafe fix', async () => {
    const all = await findings(WORKLOAD);
    const ids = new Set(all.map((f) => f.ruleId));
    for (const id of ['kubernetes/require-run-as-non-root', 'kubernetes/no-privilege-escalation', 'kubernetes/require-read-only-root-filesystem', 'kubernetes/drop-all-capabilities', 'kubernetes/require-seccomp-profile']) {
      assert.ok(ids.has(id), `${id} reports on the sample`);
    }
    const fixes = all.map(hardenOf);
    assert.ok(fixes.every((f) => f), 'offered on every finding');
    for (const f of fixes) assert.deepEqual(f, fixes[0]);
    assert.equal(fixes[0]!.safe, false, 'changes runtime behaviour: needs a preview');
  });

  test('completes partial maps, keeps comments, order and every value the user wrote', async () => {
    const once = await hardenOnce(WORKLOAD);
    assert.equal(once.text, HARDENED);
    assert.deepEqual(parseAllDocuments(once.text).flatMap((d) => d.errors), []);
  });

  test('is idempotent even when explicit values keep findings alive', async () => {
    const after = await findings(HARDENED);
    assert.deepEqual(after.map((f) => `${f.ruleId}:${f.messageId}`), [
      'kubernetes/require-read-only-root-filesystem:writable',
      'kubernetes/no-privilege-escalation:allowed',
    ]);
    assert.ok(after.every((f) => !hardenOf(f)), 'nothing left to harden: the fix is not offered');
    assert.equal((await hardenOnce(HARDENED)).applied, false);
  });

  test('fix-all (named rules) reaches a fixed point that still parses', async () => {
    const lintFn = (t: string) => findings(t);
    const fixed = await fixText(WORKLOAD, lintFn, { rules: new Set(RULES) });
    assert.deepEqual(parseAllDocuments(fixed.text).flatMap((d) => d.errors), []);
    const again = await fixText(fixed.text, lintFn, { rules: new Set(RULES) });
    assert.equal(again.text, fixed.text);
    // Safe-only fix-all applies none of these fixes.
    assert.equal((await fixText(WORKLOAD, lintFn)).text, WORKLOAD);
  });

  test('privileged containers do not get allowPrivilegeEscalation: false (the API rejects it)', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: csi\n    image: csi:1\n    securityContext:\n      privileged: true\n';
    const out = (await hardenOnce(text)).text;
    assert.equal(out, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: csi\n    image: csi:1\n    securityContext:\n      privileged: true\n      readOnlyRootFilesystem: true\n      capabilities:\n        drop:\n        - ALL\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n');
  });

  test('a container that cannot be edited is skipped; the rest of the workload is still hardened', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: a, image: a,\n     ports: []}\n  - name: b\n    image: b\n';
    const out = (await hardenOnce(text)).text;
    assert.equal(out, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: a, image: a,\n     ports: []}\n  - name: b\n    image: b\n    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities:\n        drop:\n        - ALL\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n');
    assert.equal((await hardenOnce(out)).applied, false, 'and it does not come back');
  });

  test('an explicit pod-level runAsNonRoot: false or seccomp Unconfined is respected', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: false\n    seccompProfile:\n      type: Unconfined\n  containers:\n  - name: a\n    image: a\n';
    const out = (await hardenOnce(text)).text;
    assert.ok(out.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: false\n    seccompProfile:\n      type: Unconfined\n'), out);
    assert.ok(!out.includes('runAsNonRoot: true') && !out.includes('RuntimeDefault'), out);
  });

  test('`securityContext:` with no value at the very end of a file without a final line break', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n    securityContext:';
    const out = (await hardenOnce(text)).text;
    assert.equal(out, text + '\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities:\n        drop:\n        - ALL\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault');
  });

  test('Windows pods get no fix', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  os:\n    name: windows\n  containers:\n  - name: a\n    image: a\n';
    assert.deepEqual(await findings(text), []);
  });

  test('capability helpers', () => {
    assert.equal(normalizeCapability('cap_sys_admin'), 'SYS_ADMIN');
    assert.equal(normalizeCapability(' Net_Raw '), 'NET_RAW');
    assert.equal(normalizeCapability(3), undefined);
    assert.equal(dropsAllCapabilities(['ALL']), true);
    assert.equal(dropsAllCapabilities(['NET_RAW']), false);
  });
});
