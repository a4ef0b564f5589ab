// Tests for the engine-offered code actions of server/src/engine/lsp.ts: "disable for this line,
// with a reason", "disable for this object" (the shipshape.io/ignore annotation), and the fixes
// offered for the whole file ("… to all containers in this file", "… of all workloads in this file").
// Run: node --import tsx --test test/unit/code-actions.test.ts

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import type { CodeAction } from 'vscode-languageserver';
import { codeActions, REASON_PLACEHOLDER, toDiagnostic } from '../../server/src/engine/lsp';
import { lint, type LintResult } from '../../server/src/engine/runner';
import { applyEdits } from '../../server/src/engine/text';
import type { Finding, Language } from '../../server/src/engine/types';
import { sharedYamlService } from '../helpers/services';

const URI = 'file:///test/doc';

async function check(text: string, language: Language = 'kubernetes'): Promise<LintResult> {
  return lint({ text, language, uri: `${URI}.${language === 'kubernetes' ? 'yaml' : 'Dockerfile'}`, services: { yaml: sharedYamlService() } });
}

/** The actions for the `nth` finding of `ruleId` (model passed unless `withModel` is false). */
async function actionsFor(text: string, ruleId: string, opts: { language?: Language; nth?: number; withModel?: boolean; all?: boolean } = {}) {
  const res = await check(text, opts.language);
  const mine = res.findings.filter((f) => f.ruleId === ruleId);
  const f = mine[opts.nth ?? 0];
  assert.ok(f, `no ${ruleId} finding in:\n${text}\n${res.findings.map((x) => x.ruleId).join(', ')}`);
  const diagnostics = (opts.all ? mine : [f]).map((x) => toDiagnostic(x, 1));
  const actions = codeActions({
    uri: URI, language: res.language, lines: res.model.lines, findings: res.findings, diagnostics,
    ...(opts.withModel === false ? {} : { model: res.model }),
  });
  return { res, f, actions };
}

function apply(text: string, action: CodeAction | undefined): string {
  assert.ok(action?.edit?.changes?.[URI], 'the action has an edit');
  return applyEdits(text, action.edit.changes[URI]);
}

const byTitle = (actions: CodeAction[], title: string) => actions.find((a) => a.title === title);
const ids = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);

const POD = (metadata: string) =>
  `apiVersion: v1\nkind: Pod\n${metadata}spec:\n  containers:\n    - name: app # the app\n      image: nginx:1.27\n`;
const LIMITS = 'kubernetes/require-resource-limits';

describe('Disable for this line, with a reason', () => {
  test('Dockerfile: offered after "for this line"; the comment carries a reason placeholder and silences the rule', async () => {
    const text = 'FROM alpine:3.20\n  ADD . /app\n';
    const { actions } = await actionsFor(text, 'dockerfile/prefer-copy-over-add', { language: 'dockerfile' });
    assert.deepEqual(actions.map((a) => a.title), [
      'Replace ADD with COPY',
      'Disable dockerfile/prefer-copy-over-add for this line',
      'Disable dockerfile/prefer-copy-over-add for this line, with a reason',
      'Show documentation for dockerfile/prefer-copy-over-add',
    ], 'no "for this object" in a Dockerfile');
    const out = apply(text, actions[2]);
    assert.equal(out, `FROM alpine:3.20\n  # shipshape-ignore dockerfile/prefer-copy-over-add -- ${REASON_PLACEHOLDER}\n  ADD . /app\n`);
    assert.ok(!ids((await check(out, 'dockerfile')).findings).includes('dockerfile/prefer-copy-over-add'));
    // Whatever the user writes as the reason.
    const edited = out.replace(REASON_PLACEHOLDER, 'the tarball must be unpacked -- really');
    assert.ok(!ids((await check(edited, 'dockerfile')).findings).includes('dockerfile/prefer-copy-over-add'));
  });

  test('Kubernetes: indented like the line', async () => {
    const text = POD('metadata:\n  name: p\n');
    const { actions } = await actionsFor(text, LIMITS);
    const out = apply(text, byTitle(actions, `Disable ${LIMITS} for this line, with a reason`));
    assert.ok(out.includes(`\n    # shipshape-ignore ${LIMITS} -- ${REASON_PLACEHOLDER}\n    - name: app # the app\n`), out);
    assert.ok(!ids((await check(out)).findings).includes(LIMITS));
  });
});

describe('Disable for this object (shipshape.io/ignore annotation)', () => {
  const TITLE = `Disable ${LIMITS} for this object`;

  async function disableForObject(text: string, nth = 0): Promise<string> {
    const { actions } = await actionsFor(text, LIMITS, { nth });
    const out = apply(text, byTitle(actions, TITLE));
    const after = await check(out);
    assert.equal(after.findings.filter((f) => f.ruleId === LIMITS).length, (await check(text)).findings.filter((f) => f.ruleId === LIMITS).length - 1, `one ${LIMITS} finding fewer:\n${out}`);
    assert.ok(!ids(after.findings).includes('kubernetes/valid-schema'), `no schema problem:\n${out}`);
    return out;
  }

  test('the full list of actions for a Kubernetes finding', async () => {
    const { actions } = await actionsFor(POD('metadata:\n  name: p\n'), LIMITS);
    assert.deepEqual(actions.map((a) => a.title), [
      'Add resource requests and limits',
      `Disable ${LIMITS} for this line`,
      `Disable ${LIMITS} for this line, with a reason`,
      TITLE,
      `Show documentation for ${LIMITS}`,
    ]);
  });

  test('creates annotations under metadata, keeping comments and indentation', async () => {
    const text = POD('metadata:\n    name: p # keep me\n');
    assert.equal(await disableForObject(text), POD(`metadata:\n    name: p # keep me\n    annotations:\n      shipshape.io/ignore: ${LIMITS}\n`));
  });

  test('adds the key to existing annotations', async () => {
    const text = POD('metadata:\n  name: p\n  annotations:\n    team: web\n');
    assert.equal(await disableForObject(text), POD(`metadata:\n  name: p\n  annotations:\n    team: web\n    shipshape.io/ignore: ${LIMITS}\n`));
  });

  test('appends to an existing comma-separated value, in its quoting style', async () => {
    const plain = POD('metadata:\n  name: p\n  annotations:\n    shipshape.io/ignore: kubernetes/no-latest-tag # why\n');
    assert.match(await disableForObject(plain), new RegExp(`shipshape.io/ignore: kubernetes/no-latest-tag,${LIMITS} # why\\n`));
    const spaced = POD('metadata:\n  name: p\n  annotations:\n    shipshape.io/ignore: "kubernetes/no-latest-tag, kubernetes/single-replica"\n');
    assert.match(await disableForObject(spaced), new RegExp(`shipshape.io/ignore: "kubernetes/no-latest-tag, kubernetes/single-replica, ${LIMITS}"\\n`));
    const single = POD("metadata:\n  name: p\n  annotations:\n    shipshape.io/ignore: 'kubernetes/no-latest-tag'\n");
    assert.match(await disableForObject(single), new RegExp(`shipshape.io/ignore: 'kubernetes/no-latest-tag,${LIMITS}'\\n`));
  });

  test('fills empty flow maps', async () => {
    assert.equal(await disableForObject(POD('metadata: {}\n')), POD(`metadata:\n  annotations:\n    shipshape.io/ignore: ${LIMITS}\n`));
    const text = POD('metadata:\n  name: p\n  annotations: {}\n');
    assert.equal(await disableForObject(text), POD(`metadata:\n  name: p\n  annotations:\n    shipshape.io/ignore: ${LIMITS}\n`));
  });

  test('the object the finding is in, in a file of several', async () => {
    const text = `${POD('metadata:\n  name: a\n')}---\n${POD('metadata:\n  name: b\n')}`;
    const out = await disableForObject(text, 1);
    const [a, b] = out.split('---\n').map((d) => parseYaml(d));
    assert.equal(a.metadata.annotations, undefined);
    assert.deepEqual(b.metadata.annotations, { 'shipshape.io/ignore': LIMITS });
  });

  test('not offered without the model, for flow-style metadata, or a block-scalar value', async () => {
    const titles = async (text: string, withModel = true) => (await actionsFor(text, LIMITS, { withModel })).actions.map((a) => a.title);
    assert.ok(!(await titles(POD('metadata:\n  name: p\n'), false)).includes(TITLE));
    assert.ok(!(await titles(POD('metadata: {name: p}\n'))).includes(TITLE));
    assert.ok(!(await titles(POD('metadata:\n  name: p\n  annotations:\n    shipshape.io/ignore: |\n      kubernetes/no-latest-tag\n'))).includes(TITLE));
  });
});

describe('Fixes for the whole file', () => {
  const ALL_LIMITS = 'Add resource requests and limits to all containers in this file';
  const HARDEN_ALL = 'Harden security context of all workloads in this file';
  const DEPLOYMENT = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n` +
    `    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n` +
    `        - name: sidecar\n          image: busybox:1.36\n`;

  test('resources: every container of the file at once, offered once per request', async () => {
    const text = `${DEPLOYMENT('a')}---\n${DEPLOYMENT('b')}`;
    const { actions, res } = await actionsFor(text, LIMITS, { all: true });
    assert.equal(res.findings.filter((f) => f.ruleId === LIMITS).length, 4);
    assert.equal(actions.filter((a) => a.title === ALL_LIMITS).length, 1);
    const all = byTitle(actions, ALL_LIMITS)!;
    assert.equal(all.kind, 'quickfix');
    assert.equal(all.diagnostics?.length, 4);
    assert.ok(!all.isPreferred, 'values are a choice');
    const out = apply(text, all);
    const after = await check(out);
    assert.ok(!ids(after.findings).includes(LIMITS), out);
    assert.ok(!ids(after.findings).includes('kubernetes/valid-schema'), out);
    for (const doc of out.split('---\n').map((d) => parseYaml(d))) {
      for (const c of doc.spec.template.spec.containers) assert.deepEqual(c.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    }
    // The order: the finding's own fix first, then the file-wide one.
    const titles = (await actionsFor(text, LIMITS)).actions.map((a) => a.title);
    assert.deepEqual(titles.slice(0, 3), ['Add resource requests and limits', ALL_LIMITS, `Disable ${LIMITS} for this line`]);
  });

  test('resources: not offered for a single container', async () => {
    const { actions } = await actionsFor(POD('metadata:\n  name: p\n'), LIMITS);
    assert.equal(byTitle(actions, ALL_LIMITS), undefined);
  });

  test('security context: every workload of the file at once', async () => {
    const text = `${DEPLOYMENT('a')}---\n${DEPLOYMENT('b')}`;
    const before = await check(text);
    const securityRules = new Set(before.findings.filter((f) => f.fixes.some((x) => x.title === 'Harden security context')).map((f) => f.ruleId));
    assert.ok(securityRules.size >= 2, [...securityRules].join(', '));
    const { actions } = await actionsFor(text, 'kubernetes/require-run-as-non-root');
    const out = apply(text, byTitle(actions, HARDEN_ALL));
    const after = await check(out);
    for (const id of securityRules) assert.ok(!ids(after.findings).includes(id), `${id} fixed in:\n${out}`);
    assert.ok(!ids(after.findings).includes('kubernetes/valid-schema'), out);
    const docs = out.split('---\n').map((d) => parseYaml(d));
    for (const d of docs) assert.equal(d.spec.template.spec.securityContext.runAsNonRoot, true);
  });

  test('security context: not offered for a single workload', async () => {
    const { actions } = await actionsFor(DEPLOYMENT('a'), 'kubernetes/require-run-as-non-root');
    assert.ok(byTitle(actions, 'Harden security context'));
    assert.equal(byTitle(actions, HARDEN_ALL), undefined);
  });
});

describe('Order and duplicates in the menu', () => {
  const SECURITY = [
    'kubernetes/require-run-as-non-root',
    'kubernetes/no-privilege-escalation',
    'kubernetes/require-read-only-root-filesystem',
    'kubernetes/drop-all-capabilities',
    'kubernetes/require-seccomp-profile',
  ];

  test('every finding on the line: fixes first, one "Harden security context" for all of them, then disable and docs', async () => {
    const text = POD('metadata:\n  name: web\n');
    const res = await check(text);
    const onLine = res.findings.filter((f) => SECURITY.includes(f.ruleId) || f.ruleId === LIMITS);
    assert.equal(onLine.length, SECURITY.length + 1, ids(res.findings).join(', '));
    const diagnostics = onLine.map((f) => toDiagnostic(f, 1));
    const actions = codeActions({ uri: URI, language: res.language, lines: res.model.lines, findings: res.findings, diagnostics, model: res.model });
    const titles = actions.map((a) => a.title);
    const firstOther = titles.findIndex((t) => t.startsWith('Disable ') || t.startsWith('Show documentation'));
    assert.ok(firstOther > 0, JSON.stringify(titles));
    assert.ok(titles.slice(firstOther).every((t) => t.startsWith('Disable ') || t.startsWith('Show documentation')),
      `nothing but disable/docs after the first of them: ${JSON.stringify(titles)}`);
    assert.ok(titles.slice(0, firstOther).includes('Add resource requests and limits'), JSON.stringify(titles));
    const harden = actions.filter((a) => a.title === 'Harden security context');
    assert.equal(harden.length, 1, JSON.stringify(titles));
    assert.deepEqual(harden[0].diagnostics!.map((d) => d.code).sort(), [...SECURITY].sort());
    // The one action still fixes them all.
    const fixed = ids((await check(apply(text, harden[0]))).findings);
    for (const r of SECURITY) assert.ok(!fixed.includes(r), `${r} still reported after "Harden security context"`);
    // Titles are unique but for different edits: no two actions with the same title and edit.
    const keys = actions.filter((a) => a.edit).map((a) => `${a.title}|${JSON.stringify(a.edit)}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});
