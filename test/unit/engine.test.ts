/** The engine's building blocks: text edits, suppressions, settings, fixer, runner safety, LSP bridge. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, EditError, LineIndex } from '../../server/src/engine/text';
import { Suppressions } from '../../server/src/engine/suppressions';
import { normalizeSettings } from '../../server/src/engine/settings';
import { collectFixEdits, fixText } from '../../server/src/engine/fixer';
import { lint } from '../../server/src/engine/runner';
import { codeActions, FIX_ALL_KIND, toDiagnostic } from '../../server/src/engine/lsp';
import { defineRule } from '../../server/src/engine/rule';
import { getRule } from '../../server/src/engine/registry';
import { detectLanguage, looksLikeKubernetes } from '../../server/src/languages/detect';
import { guessDistro, parseImageReference } from '../../server/src/languages/image';
import { toServerSettings } from '../../server/src/settings';
import type { Finding } from '../../server/src/engine/types';
import { allRules } from '../../server/src/rules/index';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('text', () => {
  test('LineIndex handles LF, CRLF and CR', () => {
    const idx = new LineIndex('a\r\nbc\rd\ne');
    assert.equal(idx.lineCount, 4);
    assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
    assert.equal(idx.lineText(1), 'bc');
    assert.equal(idx.offsetAt({ line: 2, character: 0 }), 6);
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), 5, 'clamped to the line end');
    assert.equal(new LineIndex('a\r\nb\r\n').eol, '\r\n');
  });
  test('applyEdits applies in any order and refuses overlaps and out-of-range edits', () => {
    assert.equal(applyEdits('hello world', [{ range: r(0, 6, 0, 11), newText: 'there' }, { range: r(0, 0, 0, 5), newText: 'HELLO' }]), 'HELLO there');
    assert.throws(() => applyEdits('abc', [{ range: r(0, 0, 0, 2), newText: 'x' }, { range: r(0, 1, 0, 3), newText: 'y' }]), EditError);
    assert.throws(() => applyEdits('abc', [{ range: r(0, 0, 0, 9), newText: 'x' }]), EditError);
    assert.throws(() => applyEdits('abc', [{ range: r(3, 0, 3, 0), newText: 'x' }]), EditError);
    assert.throws(() => applyEdits('abc', [{ range: r(0, 1, 0, 1), newText: 'x' }, { range: r(0, 1, 0, 1), newText: 'y' }]), EditError, 'two insertions at one point are ambiguous');
  });
});

describe('suppressions', () => {
  const finding = (ruleId: string, line: number): Finding => ({ ruleId, messageId: 'm', message: '', severity: 'warning', range: r(line, 0, line, 1), fixes: [] });
  test('shipshape-ignore applies to the next line of code, across comment lines', () => {
    const s = new Suppressions(new LineIndex('# shipshape-ignore dockerfile/a, dockerfile/b\n# another comment\nFROM x\nRUN y\n'), 'dockerfile');
    assert.ok(s.isSuppressed(finding('dockerfile/a', 2), undefined));
    assert.ok(s.isSuppressed(finding('dockerfile/b', 2), undefined));
    assert.ok(!s.isSuppressed(finding('dockerfile/c', 2), undefined));
    assert.ok(!s.isSuppressed(finding('dockerfile/a', 3), undefined), 'only the next line');
  });
  test('hadolint pragmas silence mapped rules only', () => {
    const rule = getRule('dockerfile/no-latest-tag')!;
    const s = new Suppressions(new LineIndex('# hadolint ignore=DL3007\nFROM node:latest\nFROM node:latest\n'), 'dockerfile');
    assert.ok(s.isSuppressed(finding(rule.id, 1), rule));
    assert.ok(!s.isSuppressed(finding(rule.id, 2), rule));
    assert.ok(!s.isSuppressed(finding('dockerfile/no-root-user', 1), getRule('dockerfile/no-root-user')), 'DL3007 is not DL3002');
    const g = new Suppressions(new LineIndex('# hadolint global ignore=DL3006\nFROM a\n\nFROM b\n'), 'dockerfile');
    assert.ok(g.isSuppressed(finding(rule.id, 3), rule));
  });
  test('trailing comments count in YAML, not in Dockerfiles', () => {
    const text = 'image: nginx # shipshape-ignore kubernetes/no-latest-tag\n';
    assert.ok(new Suppressions(new LineIndex(text), 'kubernetes').isSuppressed(finding('kubernetes/no-latest-tag', 0), undefined));
    assert.ok(!new Suppressions(new LineIndex('RUN echo # shipshape-ignore dockerfile/x\n'), 'dockerfile').isSuppressed(finding('dockerfile/x', 0), undefined));
  });
});

describe('settings', () => {
  test('normalize keeps valid values and drops the rest', () => {
    const s = normalizeSettings({ rules: { 'a/b': 'Warn', 'c/d': 'loud', 'e/f': 'information' }, kubernetes: { version: 'x', resources: { policy: 'guaranteed', cpuRequest: '2 cores', memoryLimitFactor: 0 } } });
    assert.deepEqual(s.rules, { 'a/b': 'warning', 'e/f': 'info' });
    assert.equal(s.kubernetes.version, '');
    assert.equal(s.kubernetes.resources.policy, 'guaranteed');
    assert.equal(s.kubernetes.resources.cpuRequest, '100m');
    assert.equal(s.kubernetes.resources.memoryLimitFactor, 2);
    assert.deepEqual(normalizeSettings(null), normalizeSettings({}));
  });
  test('auto features step aside for other extensions; on/off win', () => {
    const others = { dockerfileLanguage: true, kubernetesSchema: false };
    assert.equal(toServerSettings({}, others).dockerfileLanguageFeatures, false);
    assert.equal(toServerSettings({}, others).engine.providers.dockerfileSyntax, false);
    assert.equal(toServerSettings({}, others).kubernetesSchemaFeatures, true);
    assert.equal(toServerSettings({ dockerfile: { languageFeatures: 'on' } }, others).dockerfileLanguageFeatures, true);
    assert.equal(toServerSettings({ kubernetes: { schemaFeatures: 'off' } }, others).kubernetesSchemaFeatures, false);
  });
});

describe('runner', () => {
  test('a rule that throws is reported once and does not stop the others', async () => {
    const boom = defineRule({
      id: 'dockerfile/test-boom', language: 'dockerfile', defaultSeverity: 'warning', description: 'd', rationale: 'r', fixable: false,
      sources: [], messages: { x: 'x' }, examples: { valid: [], invalid: [] },
      check() { throw new Error('kaboom'); },
    });
    allRules.push(boom);
    try {
      const res = await lint({ text: 'FROM node\n', language: 'dockerfile' });
      const crash = res.findings.filter((f) => f.ruleId === boom.id);
      assert.equal(crash.length, 1);
      assert.match(crash[0].message, /kaboom/);
      assert.ok(res.findings.some((f) => f.ruleId === 'dockerfile/no-latest-tag'), 'other rules still ran');
    } finally {
      allRules.pop();
    }
  });
  test('off rules do not run; settings change severity', async () => {
    const settings = normalizeSettings({ rules: { 'dockerfile/no-latest-tag': 'off', 'dockerfile/no-root-user': 'error' } });
    const res = await lint({ text: 'FROM node\n', language: 'dockerfile', settings });
    assert.deepEqual(res.findings.map((f) => `${f.ruleId}:${f.severity}`), ['dockerfile/no-root-user:error']);
  });
});

describe('fixer', () => {
  test('safe fixes only, without overlaps; fixText converges', async () => {
    const text = 'FROM alpine:3.20\nADD a /a\nADD b /b\n';
    const res = await lint({ text, language: 'dockerfile' });
    const edits = collectFixEdits(res.findings);
    assert.equal(edits.length, 2, 'both ADD fixes; the unsafe USER fix is not applied');
    const fixed = await fixText(text, async (t) => (await lint({ text: t, language: 'dockerfile' })).findings);
    assert.equal(fixed.text, 'FROM alpine:3.20\nCOPY a /a\nCOPY b /b\n');
    const overlapping: Finding[] = [1, 2].map((i) => ({
      ruleId: 'x/y', messageId: 'm', message: '', severity: 'warning', range: r(0, 0, 0, 1),
      fixes: [{ title: 't' + i, safe: true, edits: [{ range: r(0, 0, 0, 4), newText: 'Z' + i }] }],
    }));
    assert.deepEqual(collectFixEdits(overlapping).map((e) => e.newText), ['Z1']);
  });
});

describe('LSP bridge', () => {
  test('diagnostics carry code, docs link, source and data; code actions find their finding', async () => {
    const text = 'FROM alpine:3.20\n  ADD . /app\n';
    const res = await lint({ text, language: 'dockerfile' });
    const add = res.findings.find((f) => f.ruleId === 'dockerfile/prefer-copy-over-add')!;
    const d = toDiagnostic(add, 7);
    assert.equal(d.code, 'dockerfile/prefer-copy-over-add');
    assert.equal(d.source, 'shipshape');
    assert.match(d.codeDescription!.href, /docs\/rules\/dockerfile\/prefer-copy-over-add\.md$/);
    const actions = codeActions({ uri: 'file:///D', language: 'dockerfile', lines: res.model.lines, findings: res.findings, diagnostics: [d] });
    assert.deepEqual(actions.map((a) => a.title), ['Replace ADD with COPY', 'Disable dockerfile/prefer-copy-over-add for this line', 'Disable dockerfile/prefer-copy-over-add for this line, with a reason', 'Show documentation for dockerfile/prefer-copy-over-add']);
    assert.equal(actions[0].isPreferred, true);
    const disable = actions[1].edit!.changes!['file:///D'];
    assert.equal(applyEdits(text, disable), 'FROM alpine:3.20\n  # shipshape-ignore dockerfile/prefer-copy-over-add\n  ADD . /app\n');
    const after = await lint({ text: applyEdits(text, disable), language: 'dockerfile' });
    assert.ok(!after.findings.some((f) => f.ruleId === 'dockerfile/prefer-copy-over-add'), 'the inserted comment silences the rule');
    assert.deepEqual(actions[3].command?.arguments, ['dockerfile/prefer-copy-over-add']);
    const foreign = { ...d, source: 'other' };
    assert.equal(codeActions({ uri: 'file:///D', language: 'dockerfile', lines: res.model.lines, findings: res.findings, diagnostics: [foreign] }).length, 0);
    const fixAll = codeActions({ uri: 'file:///D', language: 'dockerfile', lines: res.model.lines, findings: res.findings, diagnostics: [], only: ['source.fixAll'] });
    assert.deepEqual(fixAll.map((a) => a.kind), [FIX_ALL_KIND]);
    assert.equal(codeActions({ uri: 'file:///D', language: 'dockerfile', lines: res.model.lines, findings: res.findings, diagnostics: [], only: ['quickfix'] }).length, 0);
  });
});

describe('languages', () => {
  test('detectLanguage', () => {
    for (const n of ['Dockerfile', 'dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'dir/Dockerfile']) assert.equal(detectLanguage(n, ''), 'dockerfile', n);
    assert.equal(detectLanguage('k.yaml', 'apiVersion: v1\nkind: Pod\n'), 'kubernetes');
    assert.equal(detectLanguage('k.yml', '# x\n---\nfoo: 1\n---\napiVersion: v1\nkind: Pod\n'), 'kubernetes');
    assert.equal(detectLanguage('ci.yaml', 'on: push\njobs: {}\n'), undefined);
    assert.equal(detectLanguage('README.md', 'apiVersion: v1\nkind: Pod\n'), undefined);
    assert.ok(!looksLikeKubernetes('spec:\n  apiVersion: v1\n  kind: Pod\n'), 'nested keys are not top-level');
  });
  test('image references', () => {
    assert.deepEqual(parseImageReference('node'), { registry: undefined, repository: 'node', tag: undefined, digest: undefined });
    assert.deepEqual(parseImageReference('localhost:5000/a/b:1.2@sha256:abc'), { registry: 'localhost:5000', repository: 'a/b', tag: '1.2', digest: 'sha256:abc' });
    assert.deepEqual(parseImageReference('registry.io:443/app'), { registry: 'registry.io:443', repository: 'app', tag: undefined, digest: undefined });
    assert.equal(parseImageReference('bad image'), undefined);
    assert.equal(guessDistro(parseImageReference('python:3.12-alpine')), 'alpine');
    assert.equal(guessDistro(parseImageReference('python:3.12-slim')), 'debian');
    assert.equal(guessDistro(parseImageReference('gcr.io/distroless/java21')), 'distroless');
    assert.equal(guessDistro(parseImageReference('mycorp/base:1')), 'unknown');
  });
});

describe('object annotations', () => {
  const deploy = (annotations: string, templateAnnotations = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n${annotations}spec:\n  template:\n    metadata:\n${templateAnnotations}      labels: {app: d}\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n`;
  const ids = async (text: string) => (await lint({ text, language: 'kubernetes', only: new Set(['kubernetes/no-latest-tag']) })).findings.map((f) => f.ruleId);
  test('shipshape, kube-linter, kube-score and Polaris annotations silence mapped rules', async () => {
    assert.deepEqual(await ids(deploy('')), ['kubernetes/no-latest-tag']);
    assert.deepEqual(await ids(deploy('  annotations:\n    shipshape.io/ignore: kubernetes/no-latest-tag\n')), []);
    assert.deepEqual(await ids(deploy('  annotations:\n    ignore-check.kube-linter.io/latest-tag: "pinned by CD"\n')), []);
    assert.deepEqual(await ids(deploy('', '      annotations:\n        kube-score/ignore: container-image-tag\n')), []);
    assert.deepEqual(await ids(deploy('  annotations:\n    polaris.fairwinds.com/tagNotSpecified-exempt: "true"\n')), []);
    assert.deepEqual(await ids(deploy('  annotations:\n    polaris.fairwinds.com/tagNotSpecified-exempt: "false"\n')), ['kubernetes/no-latest-tag']);
    assert.deepEqual(await ids(deploy('  annotations:\n    shipshape.io/ignore: kubernetes/other-rule\n')), ['kubernetes/no-latest-tag']);
  });
});

describe('suppressions on multi-line instructions', () => {
  test('a comment above a continued RUN covers findings on its later lines', async () => {
    const text = 'FROM debian:12\n# shipshape-ignore dockerfile/apt-no-install-recommends\nRUN apt-get update && \\\n    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\n';
    const res = await lint({ text, language: 'dockerfile', only: new Set(['dockerfile/apt-no-install-recommends']) });
    assert.deepEqual(res.findings.map((f) => f.ruleId), []);
    const bare = await lint({ text: text.replace(/^# shipshape-ignore.*\n/m, ''), language: 'dockerfile', only: new Set(['dockerfile/apt-no-install-recommends']) });
    assert.equal(bare.findings.length, 1, 'the rule does report without the comment');
    assert.equal(bare.findings[0].range.start.line, 2, 'on the continuation line');
  });
});
