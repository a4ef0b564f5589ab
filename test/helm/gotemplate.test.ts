/**
 * The Go-template lexer and the instrumentation behind the template mapping: actions, trim markers
 * and kinds as text/template reads them; markers only where literal text survives trimming; and,
 * with the real Helm 3 and Helm 4, that an instrumented chart renders exactly what the original
 * renders once the markers are stripped (every fixture chart and every corpus chart).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { loadChart } from '../../server/src/helm/chart';
import { instrument, marker, originAt, stripMarkers, tokenize, type Piece } from '../../server/src/helm/gotemplate';
import { probeRender, templateFiles } from '../../server/src/helm/map';
import { helmVersion } from '../../server/src/helm/run';
import { CHARTS, helmEnv, helmFor, HELM_CORPUS, MAJORS, requireHelmCorpus } from './helpers';

describe('tokenize', () => {
  test('actions, trim markers and kinds', () => {
    const src = 'a: {{ .Values.a }}\n{{- if .x -}}\nb\n{{- else if .y }}c{{ end }}{{/* c }} */}}{{- /* d */ -}}{{ $v := 1 }}{{-3}}{{ range $i, $e := .l }}{{ template "t" . }}{{ end }}';
    const { actions, error } = tokenize(src);
    assert.equal(error, undefined);
    assert.deepEqual(actions.map((a) => [a.kind, a.trimLeft, a.trimRight]), [
      ['output', false, false], ['if', true, true], ['else', true, false], ['end', false, false], ['comment', false, false],
      ['comment', true, true], ['assign', false, false], ['output', false, false], ['range', false, false], ['template', false, false], ['end', false, false],
    ]);
    assert.equal(actions[7].inner, '-3', '{{-3}} is the number -3, not a trim marker');
    for (const a of actions) assert.equal(src.slice(a.start, a.start + 2), '{{');
  });

  test('}} inside strings, raw strings and characters does not end the action', () => {
    const src = '{{ "}}" }}{{ `a\n}}` }}{{ \'}\' }}{{ printf "%s\\"}}" .x }}';
    const { actions } = tokenize(src);
    assert.equal(actions.length, 4);
    assert.deepEqual(actions.map((a) => src.slice(a.start, a.end)), ['{{ "}}" }}', '{{ `a\n}}` }}', "{{ '}' }}", '{{ printf "%s\\"}}" .x }}']);
  });

  test('define bodies and the enclosing block of each action', () => {
    const src = '{{ define "x" }}{{ .a }}{{ if .b }}{{ .c }}{{ end }}{{ end }}{{ with .Values.d }}{{ . }}{{ end }}';
    const { actions } = tokenize(src);
    assert.deepEqual(actions.map((a) => [a.kind, a.inDefine, a.textInDefine, a.parent]), [
      ['define', false, true, undefined], ['output', true, true, 0], ['if', true, true, 0], ['output', true, true, 2], ['end', true, true, 2],
      ['end', true, false, 0], ['with', false, false, undefined], ['output', false, false, 6], ['end', false, false, 6],
    ]);
  });

  test('an unclosed action is reported, not thrown', () => {
    assert.equal(tokenize('a: {{ .x ').error?.message, 'unclosed action');
    assert.equal(tokenize('{{/* x ').error?.message, 'unclosed comment');
  });
});

describe('instrument', () => {
  const run = (src: string): { out: string; pieces: Piece[] } => {
    const pieces: Piece[] = [];
    return { out: instrument(src, tokenize(src), 0, pieces), pieces };
  };

  test('a marker before each surviving line of text; trimmed white space left for the trim markers', () => {
    const src = 'a: 1\n  {{- if .x }}\n  b: 2\n  {{- end }}\n';
    const { out, pieces } = run(src);
    const m = marker;
    assert.equal(out, `${m(0)}a: 1\n  {{- if .x }}${m(1)}\n${m(2)}  b: 2\n  {{- end }}${m(3)}\n${m(4)}`);
    assert.deepEqual(pieces.map((p) => src.slice(p.offset, p.offset + p.length)), ['a: 1', '\n', '  b: 2', '\n', '']);
    assert.equal(pieces[0].next, 0, 'the text before {{- if}} ends at that action');
  });

  test('text trimmed away entirely gets one marker at the cut point', () => {
    const src = '{{ .a -}}\n\n  {{- .b }}';
    const { out, pieces } = run(src);
    assert.equal(out, `${marker(0)}{{ .a -}}\n\n  ${marker(1)}{{- .b }}${marker(2)}`);
    assert.deepEqual(pieces.map((p) => [p.length, p.next]), [[0, 0], [0, 1], [0, undefined]]);
  });

  test('define bodies are left alone', () => {
    const src = '{{- define "x" -}}\nname: a\n{{- end }}\nkind: B\n';
    const { out } = run(src);
    assert.equal(out, `${marker(0)}{{- define "x" -}}\nname: a\n{{- end }}${marker(1)}\n${marker(2)}kind: B\n${marker(3)}`);
  });

  test('stripping restores the text and originAt tells literal text from action output', () => {
    const src = 'image: "{{ .repo }}:{{ .tag }}"\n';
    const pieces: Piece[] = [];
    const out = instrument(src, tokenize(src), 7, pieces);
    // What text/template would write for repo=nginx, tag=latest:
    const rendered = out.replace('{{ .repo }}', 'nginx').replace('{{ .tag }}', 'latest');
    const stripped = stripMarkers(rendered);
    assert.equal(stripped.text, 'image: "nginx:latest"\n');
    const at = (s: string) => originAt(stripped, pieces, stripped.text.indexOf(s));
    assert.deepEqual(at('image'), { kind: 'literal', file: 7, offset: 0 });
    assert.deepEqual(at('"nginx'), { kind: 'literal', file: 7, offset: 7 });
    assert.deepEqual(at('nginx'), { kind: 'action', file: 7, action: 0 });
    assert.deepEqual(at(':latest'), { kind: 'literal', file: 7, offset: src.indexOf(':{{') });
    assert.deepEqual(at('latest'), { kind: 'action', file: 7, action: 1 });
    assert.deepEqual(at('"\n'), { kind: 'literal', file: 7, offset: src.lastIndexOf('"') });
  });
});

/** The charts whose templates are compared rendered with and without markers. */
function invariantCharts(): { dir: string; set?: string[] }[] {
  const list: { dir: string; set?: string[] }[] = [
    { dir: path.join(CHARTS, 'created') },
    { dir: path.join(CHARTS, 'created'), set: ['ingress.enabled=true', 'autoscaling.enabled=true', 'podAnnotations.a=b', 'resources.limits.cpu=1'] },
    { dir: path.join(CHARTS, 'umbrella') },
    { dir: path.join(CHARTS, 'broken'), set: ['database.host=db'] },
    { dir: path.join(CHARTS, 'broken'), set: ['database.host=db', 'breakYaml=true'] },
  ];
  if (fs.existsSync(path.join(HELM_CORPUS, 'charts'))) {
    for (const name of fs.readdirSync(path.join(HELM_CORPUS, 'charts')).sort()) {
      if (['lib-chart', 'chart-bad-type', 'chart-with-template-with-invalid-template-expr'].includes(name)) continue; // no render to compare
      list.push({ dir: path.join(HELM_CORPUS, 'charts', name) });
    }
    list.push({ dir: path.join(HELM_CORPUS, 'charts', 'subchart'), set: ['configmap.enabled=true', 'subchartb.enabled=true'] });
  }
  return list;
}

for (const major of MAJORS) {
  describe(`markers change nothing else (real Helm ${major})`, () => {
    test('every file of every chart renders the same with markers stripped', async (t) => {
      requireHelmCorpus(t);
      const helm = await helmFor(t, major);
      if (!helm) return;
      const env = helmEnv();
      const info = await helmVersion(helm.path, { env });
      let files = 0;
      for (const { dir, set } of invariantCharts()) {
        const layout = loadChart(dir);
        const tfiles = templateFiles(layout);
        const exec = { env, timeoutMs: 30_000 };
        const [plain, marked] = await Promise.all([
          probeRender(info, layout, tfiles, { set }, exec, dir, false),
          probeRender(info, layout, tfiles, { set }, exec, dir, true),
        ]);
        const label = `${path.basename(dir)} ${set?.join(',') ?? ''}`;
        assert.ok(plain.outputs.size > 0, `${label}: a dump (${plain.exec?.stderr})`);
        // A file that renders to white space only is not printed; with markers it is, and strips to white space.
        for (const [name, out] of marked.outputs) if (!plain.outputs.has(name)) assert.equal(out.text.trim(), '', `${label}: ${name}`);
        for (const name of plain.outputs.keys()) assert.ok(marked.outputs.has(name), `${label}: ${name}`);
        for (const [name, out] of plain.outputs) {
          // Trailing white space aside: Helm trims the end of the whole dump (the last file's end).
          assert.equal(marked.outputs.get(name)!.text.trimEnd(), out.text.trimEnd(), `${label}: ${name}`);
          assert.equal(out.marks.length, 0);
          if (tfiles.some((f) => f.sources.includes(name))) assert.ok(marked.outputs.get(name)!.marks.length > 0, `${label}: ${name} has markers`);
          files++;
        }
      }
      t.diagnostic(`Helm ${info.version}: ${files} rendered files identical`);
      assert.ok(files > 30);
    });
  });
}
