/**
 * The incremental linter (server/src/languages/kubernetes/incremental.ts) must give exactly what a
 * full `lint()` gives, after any sequence of edits, on the benchmark's generated manifest and on
 * every Kubernetes rule example.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lint, type LintInput } from '../../../../server/src/engine/runner';
import { rulesFor } from '../../../../server/src/engine/registry';
import { defineRule } from '../../../../server/src/engine/rule';
import { allRules } from '../../../../server/src/rules/index';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import type { WorkspaceView } from '../../../../server/src/engine/rule';
import { createIncrementalCache, documentStarts, isFileScope, lintIncremental, type IncrementalCache } from '../../../../server/src/languages/kubernetes/incremental';
import { KubernetesYamlService } from '../../../../server/src/languages/kubernetes/yamlService';
import { LineIndex } from '../../../../server/src/engine/text';
import { bigManifest, rng } from '../../../../scripts/bench/generate';

const yaml = new KubernetesYamlService();
const settings = normalizeSettings({});
const staleDigest = (reference: string) =>
  reference.endsWith('@sha256:' + '0'.repeat(64)) ? { pinned: 'sha256:' + '0'.repeat(64), current: 'sha256:' + '1'.repeat(64), resolvedAt: '2026-11-20T10:00:00.000Z' } : undefined;

function input(text: string, extra: Partial<LintInput> = {}): LintInput {
  return { text, language: 'kubernetes', settings, uri: 'file:///shipshape-test/inc.yaml', services: { yaml, staleDigest }, ...extra };
}

/** Asserts incremental == full for `text`; returns the mode used. */
async function same(text: string, cache: IncrementalCache, extra: Partial<LintInput> = {}, label = ''): Promise<string> {
  const inc = await lintIncremental(input(text, extra), cache);
  const full = await lint(input(text, extra));
  if (JSON.stringify(inc.findings) !== JSON.stringify(full.findings)) {
    const i = inc.findings.findIndex((f, k) => JSON.stringify(f) !== JSON.stringify(full.findings[k]));
    assert.fail(`${label}: incremental (${cache.stats?.mode}) differs from lint() at finding ${i}:\n` +
      `incremental: ${JSON.stringify(inc.findings[i])}\nfull:        ${JSON.stringify(full.findings[i])}\n` +
      `counts ${inc.findings.length} vs ${full.findings.length}\ntext:\n${text.length < 3000 ? text : text.slice(0, 3000) + '…'}`);
  }
  // The model's line index (put together from the documents') answers like one of the whole text.
  const lines = inc.model.lines;
  const ref = new LineIndex(text);
  assert.equal(lines.lineCount, ref.lineCount);
  assert.equal(lines.eol, ref.eol);
  for (let o = 0; o <= text.length; o += Math.max(1, Math.floor(text.length / 400))) assert.deepEqual(lines.positionAt(o), ref.positionAt(o), `positionAt(${o})`);
  for (let l = -1; l <= ref.lineCount; l += Math.max(1, Math.floor(ref.lineCount / 200))) {
    assert.equal(lines.lineText(l), ref.lineText(l), `lineText(${l})`);
    assert.equal(lines.offsetAt({ line: l, character: 3 }), ref.offsetAt({ line: l, character: 3 }), `offsetAt(${l}:3)`);
  }
  return cache.stats!.mode;
}

const EDIT_ALPHABET = ['a', 'z', '1', '0', ' ', '  ', ':', ': ', '-', '- ', '\n', '\n  ', '#', '# shipshape-ignore kubernetes/no-latest-tag\n', '"', "'", '---\n', '\n---\n', '{', '}', '[', ']', '|', '>', '&a', '*a', 'latest', '\t', '\r\n', '...\n'];

/** One random edit: insert a snippet, delete a span, or duplicate a line. */
function randomEdit(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const kind = r();
  if (kind < 0.55) return text.slice(0, at) + EDIT_ALPHABET[Math.floor(r() * EDIT_ALPHABET.length)] + text.slice(at);
  if (kind < 0.9) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 12)));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end === -1 ? text.length : end + 1);
  return text.slice(0, start) + line + text.slice(start);
}

/** Every Kubernetes rule example, as documents. */
function exampleDocuments(): string[] {
  const docs: string[] = [];
  for (const rule of rulesFor('kubernetes')) {
    for (const ex of [...rule.examples.valid, ...rule.examples.invalid]) {
      for (const d of ex.split(/^---[ \t]*$/m)) if (d.trim()) docs.push(d.replace(/^\n/, '').replace(/\n?$/, '\n'));
    }
  }
  return docs;
}

describe('documentStarts', () => {
  it('splits at document markers only', () => {
    const text = 'a: 1\n---\nb: |\n  ---\n  x\n--- # c\nc: 2\n---x: 1\n----\n---\t\nd: "--- no"\n---';
    assert.deepEqual(documentStarts(text).map((s) => text.slice(s, s + 5)), ['a: 1\n', '---\nb', '--- #', '---\t\n', '---']);
  });
});

describe('incremental lint equals a full lint', () => {
  it('on the benchmark manifest (120 documents) under random edits', async () => {
    // The file drifts by edits that keep it free of quotes; each step adds one arbitrary edit on top.
    const r = rng(11);
    let base = bigManifest(120, 5);
    const cache = createIncrementalCache();
    const modes = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const next = randomEdit(base, r);
      if (!/["'%]/.test(next.replace(/"[^"\n]*"|'[^'\n]*'/g, ''))) base = next;
      const mode = await same(i % 3 === 0 ? base : randomEdit(base, r), cache, {}, `edit ${i}`);
      modes.set(mode, (modes.get(mode) ?? 0) + 1);
    }
    assert.ok((modes.get('incremental') ?? 0) > 30, `mostly incremental: ${JSON.stringify([...modes])}`);
  });

  it('on every rule example, in random multi-document files, under random edits', async () => {
    const docs = exampleDocuments();
    const r = rng(7);
    for (let round = 0; round < 12; round++) {
      const pick = Array.from({ length: 4 + Math.floor(r() * 10) }, () => docs[Math.floor(r() * docs.length)]);
      let text = pick.join('---\n');
      const cache = createIncrementalCache();
      for (let i = 0; i < 12; i++) {
        await same(text, cache, {}, `round ${round} edit ${i}`);
        text = randomEdit(text, r);
      }
    }
  });

  it('treats empty, scalar and comment-only documents as a full lint does', async () => {
    const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n';
    const cache = createIncrementalCache();
    for (const middle of ['---\n', '---\n# only a comment\n', '---\n...\n', '---\nnull\n', '--- |\n  text\n', '---\n- a\n', '---\n42\n', '']) {
      await same(dep + middle + '---\n' + dep, cache, {}, JSON.stringify(middle));
    }
    await same('# header\n\n---\n' + dep + '---\n', cache);
  });

  it('keeps documents that repeat, move or swap', async () => {
    const docs = bigManifest(12, 3).split(/^(?=---\n)/m);
    const cache = createIncrementalCache();
    await same(docs.join(''), cache);
    await same([...docs, docs[4], docs[4]].join(''), cache);
    await same([docs[0], ...docs.slice(1).reverse()].join(''), cache);
    await same([docs[0], docs[3], docs[3], docs[1]].join(''), cache);
    await same(docs.join(''), cache);
  });

  it('follows file-wide layout changes (indentation step, sequence style, line breaks)', async () => {
    const two = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: nginx\n';
    const four = 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: b\nspec:\n    containers:\n        -   name: b\n            image: nginx\n';
    const cache = createIncrementalCache();
    for (const text of [two + '---\n' + four, two + '---\n' + four + '---\n' + four, two + '---\n' + four + '---\n' + four + '---\n' + four, two, (two + '---\n' + two).replace(/\n/g, '\r\n'), (two + '---\n' + two).replace(/\n/g, '\r\n') + '---\n' + two]) {
      await same(text, cache);
    }
  });

  it('falls back where chunk-wise parsing could differ, and still agrees', async () => {
    const doc = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n`;
    const cases: Array<[string, string]> = [
      ['an unterminated quoted scalar', doc('a') + 'x: "open\n---\n' + doc('b')],
      ['an unterminated quoted scalar', doc('a') + "x: 'open\n---\n" + doc('b') + "y: 'z'\n"],
      ['a % directive', '%YAML 1.1\n---\n' + doc('a') + '...\n%YAML 1.1\n---\n' + doc('b')],
      ['a yaml-language-server modeline', doc('a') + '# yaml-language-server: $schema=https://example.com/s.json\n---\n' + doc('b')],
      ['a yaml-language-server-disable comment', doc('a') + '# yaml-language-server-disable\n---\n' + doc('b')],
      ['a hadolint global ignore', '# hadolint global ignore=DL3007\n' + doc('a')],
    ];
    for (const [reason, text] of cases) {
      const cache = createIncrementalCache();
      assert.equal(await same(text, cache, {}, reason), 'fallback', reason);
      assert.equal(cache.stats?.reason, reason);
    }
  });

  it('applies suppression comments placed before a document marker, annotations and trailing ignores', async () => {
    const d = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    shipshape.io/ignore: kubernetes/require-liveness-probe\nspec:\n  containers:\n    - name: app\n      image: nginx:latest # shipshape-ignore kubernetes/no-latest-tag\n';
    const cache = createIncrementalCache();
    await same(d + '# shipshape-ignore kubernetes/valid-schema\n---\n' + d, cache);
    await same(d + '# shipshape-ignore all\n---\n' + d + '---\n' + d, cache);
    await same(d + '---\n' + d, cache);
  });

  it('sees the workspace and settings changes', async () => {
    const text = bigManifest(9, 4);
    const cache = createIncrementalCache();
    const workspace: WorkspaceView = { objects: [{ uri: 'file:///other.yaml', json: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x', namespace: 'team-0' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'svc-0' } } } } }], complete: true };
    await same(text, cache);
    await same(text, cache, { workspace });
    await same(text, cache, { settings: normalizeSettings({ rules: { 'kubernetes/no-latest-tag': 'error' }, kubernetes: { version: '1.30' } }) });
    await same(text, cache, { settings: normalizeSettings({ providers: { kubernetesSchema: false } }) });
    await same(text, cache, { services: { staleDigest } });
  });

  it('re-checks cached documents when an object they depend on changes in another document', async () => {
    const docs = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports:\n            - name: http\n              containerPort: 8080\n          envFrom:\n            - configMapRef:\n                name: web-config\n          env:\n            - name: MODE\n              valueFrom:\n                configMapKeyRef:\n                  name: web-config\n                  key: mode\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: shop\ndata:\n  mode: fast\n',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\nautomountServiceAccountToken: true\n',
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: web\n',
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  replicas: 2\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:16.4\n      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: db-data\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n    - port: 5432\n',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: db-data\n  namespace: shop\nspec:\n  accessModes: [ReadWriteMany]\n  resources:\n    requests:\n      storage: 1Gi\n',
    ];
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n';
    const keda = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef:\n    name: web\n  minReplicaCount: 2\n';
    let text = docs.join('---\n');
    const cache = createIncrementalCache();
    const edits: Array<[string, string, string]> = [
      // [what, from, to]: each edit changes one document; the rules' findings on the others must follow.
      ['pod label renamed: the Service selects nothing', '        app: web\n    spec:\n      serviceAccountName', '        app: web2\n    spec:\n      serviceAccountName'],
      ['pod label back', '        app: web2\n', '        app: web\n'],
      ['container port renamed: targetPort names no port', '            - name: http\n', '            - name: web\n'],
      ['ConfigMap key renamed: the env reference misses it', '  mode: fast\n', '  speed: fast\n'],
      ['ConfigMap value edited (keys unchanged)', '  speed: fast\n', '  speed: slow\n'],
      ['ConfigMap renamed: references undefined', '  name: web-config\n  namespace: shop\ndata', '  name: other-config\n  namespace: shop\ndata'],
      ['ServiceAccount opts out of the token', 'automountServiceAccountToken: true', 'automountServiceAccountToken: false'],
      ['PDB minAvailable raised to the replica count', '  minAvailable: 2\n', '  minAvailable: 3\n'],
      ['Deployment scaled up: the PDB allows an eviction again', 'spec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web', 'spec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: web'],
      ['StatefulSet Service made not headless', '  clusterIP: None\n', '  clusterIP: 10.0.0.9\n'],
      ['claim made ReadWriteOnce: shared by the replicas', 'accessModes: [ReadWriteMany]', 'accessModes: [ReadWriteOnce]'],
      ['Deployment moved to another namespace', '  name: web\n  namespace: shop\nspec:\n  replicas: 4', '  name: web\n  namespace: other\nspec:\n  replicas: 4'],
      ['and back', '  namespace: other\n', '  namespace: shop\n'],
    ];
    assert.equal(await same(text, cache, {}, 'start'), 'incremental');
    for (const [what, from, to] of edits) {
      assert.ok(text.includes(from), what);
      text = text.replace(from, to);
      assert.equal(await same(text, cache, {}, what), 'incremental', what);
      assert.equal(cache.stats?.parsed, 1, `${what}: one document parsed again`);
    }
    // Autoscalers added, changed and removed in documents of their own.
    for (const [what, next] of [
      ['an HPA scales the Deployment', text + '---\n' + hpa],
      ['its minimum raised', text + '---\n' + hpa.replace('minReplicas: 2', 'minReplicas: 3')],
      ['a ScaledObject as well', text + '---\n' + hpa + '---\n' + keda],
      ['its minimum lowered', text + '---\n' + hpa + '---\n' + keda.replace('minReplicaCount: 2', 'minReplicaCount: 1')],
      ['the HPA gone', text + '---\n' + keda],
      ['a Deployment becomes a StatefulSet', text.replace('kind: Deployment', 'kind: StatefulSet')],
      ['and an unparsable Deployment', text.replace('  replicas: 4\n', '  replicas: [4\n')],
      ['back to the start', text],
    ] as const) {
      await same(next, cache, {}, what);
    }
    // The file-scope rules did not run on every document for every edit.
    await same(text.replace('image: nginx:1.27', 'image: nginx:1.28'), cache, {}, 'an image edited');
    const fileScope = rulesFor('kubernetes').filter((r) => !r.provider && isFileScope(r)).length;
    assert.ok((cache.stats?.fileRelinted ?? 0) < fileScope * 3, `an edit that changes nothing other documents read re-checks one document per rule: ${cache.stats?.fileRelinted}`);
  });

  it('is serialized and cancellable', async () => {
    const cache = createIncrementalCache();
    const text = bigManifest(6, 2);
    const [a, b] = await Promise.all([lintIncremental(input(text), cache), lintIncremental(input(text + '# x\n'), cache)]);
    assert.equal(a.findings.length, b.findings.length);
    await assert.rejects(lintIncremental(input(text), cache, { cancelled: () => true }), /cancelled/);
    await same(text, cache);
  });

  it('a rule that throws gives the same warning as in lint(), and the other rules still report', async () => {
    for (const dependsOn of [undefined, { kinds: 'all' } as const]) {
      const boom = defineRule({
        id: `kubernetes/test-boom-${dependsOn ? 'file' : 'document'}`, language: 'kubernetes', defaultSeverity: 'warning', description: 'd', rationale: 'r', fixable: false,
        sources: [], messages: { x: 'x' }, examples: { valid: [], invalid: [] }, dependsOn,
        check() { throw new Error('kaboom'); },
      });
      allRules.push(boom);
      try {
        const cache = createIncrementalCache();
        const text = bigManifest(6, 4);
        for (const next of [text, text.replace('replicas: ', 'replicas: 1')]) {
          await same(next, cache, {}, `${boom.id} threw`);
          const res = await lintIncremental(input(next), cache);
          assert.equal(res.findings.filter((f) => f.ruleId === boom.id && /kaboom/.test(f.message)).length, 1);
          assert.ok(res.findings.some((f) => f.ruleId === 'kubernetes/require-resource-limits' || f.ruleId === 'kubernetes/no-latest-tag'), 'other rules still ran');
        }
      } finally {
        allRules.pop();
      }
    }
  });

  it('stays exact when a long check is cancelled part way (while parsing, checking rules or the schema)', async () => {
    const cache = createIncrementalCache();
    const text = bigManifest(400, 3);
    await same(text, cache, {}, 'first check');
    let next = text;
    let cancelledRuns = 0;
    const ks = [1, 2, 3, 5, 8, 13, 21];
    for (const k of ks) {
      // A new version of every Deployment, cancelled at the k-th look at the flag after the first
      // (how far the check got by then depends on the machine's speed: each stop point is fine).
      next = next.replace(/replicas: (\d+)/g, (_, n: string) => `replicas: ${(Number(n) % 7) + 1}`).replace(/^(  name: \S+)$/m, `$1-${k}`);
      let looks = 0;
      try {
        await lintIncremental(input(next), cache, { cancelled: () => ++looks > k + 1 });
      } catch (e) {
        assert.match(String(e), /cancelled/);
        cancelledRuns++;
      }
      await same(next, cache, {}, `after a check cancelled at look ${k}`);
    }
    assert.ok(cancelledRuns >= 3, `checks cancelled part way: ${cancelledRuns} of ${ks.length}`);
  });
});

describe('rule scope', () => {
  it('every rule that reads other objects, the workspace or outside state runs on the whole file', () => {
    const dir = path.join(__dirname, '..', '..', '..', '..', 'server', 'src', 'rules', 'kubernetes');
    const markers = /knownObjects|fileObjects|canJudgeMissing|ctx\.workspace|model\.docs|staleDigest|appendDocument/;
    for (const rule of rulesFor('kubernetes')) {
      const file = path.join(dir, rule.id.split('/')[1] + '.ts');
      if (!fs.existsSync(file) || rule.provider) continue;
      if (markers.test(fs.readFileSync(file, 'utf8'))) assert.ok(isFileScope(rule), `${rule.id} looks across documents: declare what it reads in dependsOn`);
    }
  });
});
