/**
 * Reading Helm's output: the splitter and the error parser on the golden outputs of Helm's own
 * `helm template` tests (../shared/corpora/helm), then the same cases run with the real Helm 3.17.3
 * and 4.1.4 and compared with the goldens document by document.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { errorText, parseDump, parseHelmErrors, splitManifests, splitRender } from '../../server/src/helm/split';
import { CORPORA_DIR } from '../conformance/corpora';
import { helmEnv, helmFor, HELM_CORPUS, MAJORS, requireHelmCorpus } from './helpers';

const execFileP = promisify(execFile);

interface Case {
  name: string;
  golden: string;
  chart: string | null;
  flags: { kube_version?: string; show_only?: string[]; debug?: boolean };
  argv: string[];
  want_error: boolean;
  repeat: number;
}

const cases = (): Case[] => JSON.parse(fs.readFileSync(path.join(HELM_CORPUS, 'index.json'), 'utf8')) as Case[];
const golden = (c: Case): string => fs.readFileSync(path.join(CORPORA_DIR, c.golden), 'utf8');

/**
 * Where the released binaries differ from the goldens (which come from Helm's development head):
 * the reason is written down, and the test checks the released behaviour instead.
 */
const RELEASED_DIFFERS: Record<string, string> = {
  'chart with template with invalid template expression (--debug, --show-only)':
    'Helm 3.17.3 and 4.1.4 apply --show-only to the failed render and report "could not find template"; head reports the template error',
  'ensure nil/null values pass to subcharts delete values':
    'null values in a parent delete subchart defaults only in head (helm/helm#9027 follow-up); the released binaries keep key1/key2',
};

describe('splitRender on the golden outputs', () => {
  test('every successful golden: one document per `# Source:`, offsets point at the content', (t) => {
    if (!requireHelmCorpus(t)) return;
    let checked = 0;
    for (const c of cases().filter((x) => !x.want_error)) {
      const text = golden(c);
      const lines = text.split('\n');
      const { documents } = splitRender(text);
      const headers = lines.filter((l) => l.startsWith('# Source: ')).length;
      assert.equal(documents.length, headers, c.name);
      const root = path.basename(c.chart!);
      for (const d of documents) {
        assert.ok(d.source, `${c.name}: every document has a source`);
        assert.match(d.source!, new RegExp(`^(${root}|issue-9027|subchart|object-order|chart-with-template-lib(-archive)?-dep)/`), c.name);
        assert.equal(lines[d.headerLine], '---', `${c.name}: header line`);
        assert.equal(lines[d.contentLine - 1], `# Source: ${d.source}`, `${c.name}: source line`);
        assert.equal(lines.slice(d.contentLine, d.contentLine + d.lineCount).join('\n'), d.content, `${c.name}: content at its offset`);
        assert.ok(!d.content.startsWith('---') && !/\n---\n/.test(d.content), `${c.name}: no separator inside a document`);
        assert.equal(d.hook, false);
      }
      checked++;
    }
    assert.ok(checked >= 18, `checked ${checked} goldens`);
  });

  test('object-order: install order (kinds, then file order, then order in the file), hooks last', (t) => {
    if (!requireHelmCorpus(t)) return;
    const c = cases().find((x) => x.golden.endsWith('/object-order.txt'))!;
    const docs = splitRender(golden(c)).documents;
    assert.deepEqual(docs.map((d) => /^# (\d+)/.exec(d.content)![1]), ['1', '2', '3', '5', '7', '8', '9', '10', '11', '12', '13', '14', '15', '4', '6']);
    assert.deepEqual([...new Set(docs.map((d) => d.source))], ['object-order/templates/01-a.yml', 'object-order/templates/02-b.yml']);
  });

  test('show-only goldens hold exactly the templates asked for (subcharts by chart name)', (t) => {
    if (!requireHelmCorpus(t)) return;
    for (const c of cases().filter((x) => x.flags.show_only && !x.want_error)) {
      const sources = splitRender(golden(c)).documents.map((d) => d.source!.replace(/^subchart\//, ''));
      for (const s of sources) {
        assert.ok(c.flags.show_only!.some((p) => new RegExp('^' + p.replace(/\*/g, '[^/]*') + '$').test(s)), `${c.name}: ${s}`);
      }
    }
  });

  test('`helm install --dry-run` output: status, HOOKS, MANIFEST and NOTES sections', () => {
    const out = [
      'NAME: rel', 'LAST DEPLOYED: Tue Nov 24 16:18:33 2026', 'NAMESPACE: default', 'STATUS: pending-install', 'REVISION: 1',
      'DESCRIPTION: Dry run complete', 'HOOKS:', '---', '# Source: c/templates/tests/test.yaml', 'apiVersion: v1', 'kind: Pod',
      'MANIFEST:', '---', '# Source: c/templates/sa.yaml', 'apiVersion: v1', 'kind: ServiceAccount', '---',
      '# Source: c/templates/svc.yaml', 'apiVersion: v1', 'kind: Service', '', 'NOTES:', '1. Get the application URL', '',
    ].join('\n');
    const r = splitRender(out);
    assert.deepEqual(r.documents.map((d) => [d.source, d.hook, d.contentLine, d.lineCount]), [
      ['c/templates/tests/test.yaml', true, 9, 2], ['c/templates/sa.yaml', false, 14, 2], ['c/templates/svc.yaml', false, 18, 2],
    ]);
    assert.match(r.status!, /^NAME: rel\n/);
    assert.equal(r.notes, '1. Get the application URL');
  });

  test('a CRD file with several documents keeps its source on each', () => {
    const r = splitRender('---\n# Source: c/crds/a.yaml\nkind: A\n---\nkind: B\n---\n# Source: c/templates/x.yaml\nkind: X\n');
    assert.deepEqual(r.documents.map((d) => [d.source, d.content]), [['c/crds/a.yaml', 'kind: A'], ['c/crds/a.yaml', 'kind: B'], ['c/templates/x.yaml', 'kind: X']]);
  });
});

describe('splitManifests: Helm\'s own document split, with offsets', () => {
  test('separators, surrounding white space and empty documents, as Go\'s regexp splits them', () => {
    const text = '\n\n# a\nkind: A\n\n---\n\n---  \nkind: B\n---\r\nkind: C   \n---\n---\nkind: D';
    const spans = splitManifests(text);
    // `\s*` after a separator eats the newline a second `---` would need, so Helm keeps it in the
    // next document (as Go does: same leftmost-first, greedy semantics).
    assert.deepEqual(spans.map((s) => s.text), ['# a\nkind: A', '---  \nkind: B', 'kind: C', '---\nkind: D']);
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
  });
});

describe('parseHelmErrors on the error goldens', () => {
  test('YAML parse error: file, rendered line and message', (t) => {
    if (!requireHelmCorpus(t)) return;
    for (const name of ['template-with-invalid-yaml.txt', 'template-with-invalid-yaml-debug.txt']) {
      assert.deepEqual(parseHelmErrors(fs.readFileSync(path.join(HELM_CORPUS, 'golden', name), 'utf8')), [
        { kind: 'yaml', file: 'chart-with-template-with-invalid-yaml/templates/alpine-pod.yaml', line: 11, message: "could not find expected ':'" },
      ], name);
    }
  });

  test('the --debug golden also holds the rendered file (the dump)', (t) => {
    if (!requireHelmCorpus(t)) return;
    const text = fs.readFileSync(path.join(HELM_CORPUS, 'golden', 'template-with-invalid-yaml-debug.txt'), 'utf8');
    const dump = parseDump(text.slice(0, text.indexOf('\nError: ')));
    const content = dump.get('chart-with-template-with-invalid-yaml/templates/alpine-pod.yaml')!;
    // go-yaml reports "line 11" for this 10-line document: it notices the missing ':' at the end of
    // the input, one line past `invalid` (the mapping clamps to the last line).
    const doc = splitManifests(content)[0].text.split('\n');
    assert.equal(doc.length, 10);
    assert.equal(doc[9], 'invalid');
  });

  test('Helm 4 template error: multi-line location form', (t) => {
    if (!requireHelmCorpus(t)) return;
    const text = fs.readFileSync(path.join(HELM_CORPUS, 'golden', 'template-with-invalid-template-expr-debug-show-only.txt'), 'utf8');
    assert.deepEqual(parseHelmErrors(text), [{
      kind: 'template', file: 'chart-with-template-with-invalid-template-expr/templates/alpine-pod.yaml', line: 7, column: 38,
      message: 'executing "chart-with-template-with-invalid-template-expr/templates/alpine-pod.yaml" at <b64enc>: invalid value; expected string',
    }]);
  });

  test('chart validation and usage errors are "other" problems without a file', (t) => {
    if (!requireHelmCorpus(t)) return;
    assert.deepEqual(parseHelmErrors(fs.readFileSync(path.join(HELM_CORPUS, 'golden', 'template-chart-bad-type.txt'), 'utf8')),
      [{ kind: 'other', message: 'validation: chart.metadata.type must be application or library' }]);
    const noArgs = parseHelmErrors(fs.readFileSync(path.join(HELM_CORPUS, 'golden', 'template-no-args.txt'), 'utf8'));
    assert.equal(noArgs[0].kind, 'other');
    assert.match(noArgs[0].message, /^"helm template" requires at least 1 argument/);
  });

  test('Helm 3 one-line forms: required, parse error, include chain, schema', () => {
    assert.deepEqual(parseHelmErrors('Error: execution error at (e/templates/cm.yaml:7:8): b is required\n\nUse --debug flag to render out invalid YAML\n'),
      [{ kind: 'template', file: 'e/templates/cm.yaml', line: 7, column: 8, message: 'b is required' }]);
    assert.deepEqual(parseHelmErrors('Error: parse error at (e/templates/cm.yaml:6): function "nosuchfn" not defined\n'),
      [{ kind: 'parse', file: 'e/templates/cm.yaml', line: 6, message: 'function "nosuchfn" not defined' }]);
    assert.deepEqual(parseHelmErrors('Error: template: e/templates/cm.yaml:6:8: executing "e/templates/cm.yaml" at <include "e.labels" .>: error calling include: template: e/templates/_helpers.tpl:3:13: executing "e.labels" at <.Values.x.y.z>: nil pointer evaluating interface {}.y\n'),
      [{ kind: 'template', file: 'e/templates/_helpers.tpl', line: 3, column: 13, message: 'executing "e.labels" at <.Values.x.y.z>: nil pointer evaluating interface {}.y', via: [{ file: 'e/templates/cm.yaml', line: 6, column: 8 }] }]);
    assert.deepEqual(parseHelmErrors("Error: values don't meet the specifications of the schema(s) in the following chart(s):\ne:\n- (root): image is required\n- a: Invalid type. Expected: string, given: integer\n"),
      [{ kind: 'schema', chart: 'e', message: '(root): image is required' }, { kind: 'schema', chart: 'e', message: 'a: Invalid type. Expected: string, given: integer' }]);
  });

  test('Helm 3 --debug stderr: the error without the stack trace', () => {
    const stderr = 'install.go:225: 2026-11-24 [debug] Original chart version: ""\n\nError: YAML parse error on e/templates/cm.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key\nhelm.go:86: 2026-11-24 16:19:03 [debug] error converting\nYAML parse error on e/templates/cm.yaml\nhelm.sh/helm/v3/pkg/releaseutil.(*manifestFile).sort\n';
    assert.equal(errorText(stderr), 'YAML parse error on e/templates/cm.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key');
  });
});

for (const major of MAJORS) {
  describe(`the corpus cases with the real Helm ${major}`, () => {
    test('each case renders the golden\'s documents (or fails with its error)', async (t) => {
      if (!requireHelmCorpus(t)) return;
      const helm = await helmFor(t, major);
      if (!helm) return;
      const started = Date.now();
      const env = helmEnv();
      for (const c of cases()) {
        // Helm's test build renders for Kubernetes 1.20; a released binary defaults to its client-go's.
        const args = [...c.argv, ...(c.chart && !c.flags.kube_version ? ['--kube-version=1.20.0'] : [])];
        const run = async (): Promise<{ code: number; stdout: string; stderr: string }> => {
          try {
            const { stdout, stderr } = await execFileP(helm.path, args, { cwd: CORPORA_DIR, env, timeout: 30_000 });
            return { code: 0, stdout, stderr };
          } catch (err) {
            const e = err as { code: number; stdout: string; stderr: string };
            return { code: e.code, stdout: e.stdout, stderr: e.stderr };
          }
        };
        const res = await run();
        const want = golden(c);
        if (RELEASED_DIFFERS[c.name]) {
          if (c.want_error) assert.match(parseHelmErrors(res.stderr)[0].message, /could not find template templates\/alpine-pod\.yaml in chart/, c.name);
          else assert.notDeepEqual(splitRender(res.stdout).documents.map((d) => d.content.trimEnd()), splitRender(want).documents.map((d) => d.content.trimEnd()), `${c.name}: still differs`);
          continue;
        }
        if (c.want_error) {
          assert.notEqual(res.code, 0, c.name);
          assert.deepEqual(parseHelmErrors(res.stderr), parseHelmErrors(want), c.name);
          continue;
        }
        assert.equal(res.code, 0, `${c.name}: ${res.stderr}`);
        const got = splitRender(res.stdout).documents.map((d) => [d.source, d.content.trimEnd()]);
        // Head keeps blank lines after each document; the released binaries trim them.
        assert.deepEqual(got, splitRender(want).documents.map((d) => [d.source, d.content.trimEnd()]), c.name);
        for (let i = 0; i < Math.min(c.repeat, 2); i++) assert.equal((await run()).stdout, res.stdout, `${c.name}: stable order`);
      }
      t.diagnostic(`Helm ${helm.version}: ${cases().length} cases in ${Date.now() - started} ms`);
    });
  });
}
