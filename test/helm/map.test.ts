/**
 * Findings and Helm errors mapped back onto template lines, with the real Helm 3 and Helm 4, on
 * the charts of test/fixtures/charts: `created` (made by `helm create`), `umbrella` (subcharts, an
 * alias, a range, values.schema.json) and `broken` (required value, failing helper, invalid YAML).
 * Lines and columns below are 1-based, as an editor shows them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { normalizeSettings } from '../../server/src/engine/settings';
import { previewChart, type MappedFinding, type PreviewRequest, type PreviewResult } from '../../server/src/helm/map';
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';
import { CHARTS, helmEnv, helmFor, HELM_CORPUS, MAJORS, scratch, type Helm } from './helpers';

const yaml = new KubernetesYamlService();
const created = path.join(CHARTS, 'created');
const umbrella = path.join(CHARTS, 'umbrella');
const broken = path.join(CHARTS, 'broken');

function render(helm: Helm, req: Omit<PreviewRequest, 'helmPath'>): Promise<PreviewResult> {
  return previewChart({ helmPath: helm.path, env: helmEnv(), yaml, timeoutMs: 60_000, ...req });
}

/** `file:line:col-line:col` (1-based) and the text the range covers on its line. */
function where(f: MappedFinding): { at: string; text: string } {
  const { start, end } = f.range;
  const line = fs.readFileSync(f.file!, 'utf8').split(/\r?\n/)[start.line];
  return {
    at: `${path.relative(CHARTS, f.file!).split(path.sep).join('/')}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`,
    text: start.line === end.line ? line.slice(start.character, end.character) : line,
  };
}

function only(findings: MappedFinding[], rule: string, file: string): MappedFinding[] {
  return findings.filter((f) => f.ruleId === rule && f.file?.endsWith(file));
}

for (const major of MAJORS) {
  describe(`mapping with the real Helm ${major}`, () => {
    test('created chart, image tag latest: no-latest-tag on the image line, resources on the container\'s `- name:` line', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: created, options: { set: ['image.tag=latest'] } });
      assert.equal(r.ok, true, r.stderr);
      assert.equal(r.helm.version.split('.')[0], String(major));
      assert.ok(r.findings.length > 5);
      for (const f of r.findings) assert.ok(f.file?.startsWith(path.join(created, 'templates')), `${f.ruleId} is on a template (${f.mapping})`);

      const [latest] = only(r.findings, 'kubernetes/no-latest-tag', 'templates/deployment.yaml');
      assert.deepEqual(where(latest), {
        at: 'created/templates/deployment.yaml:41:18-41:102',
        text: '"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      });
      assert.equal(latest.mapping, 'literal');
      assert.match(latest.note, /\.Values\.image\.tag from --set image\.tag=latest \(over values\.yaml \(chart defaults\)\)/);
      assert.match(latest.note, /\.Values\.image\.repository from values\.yaml \(chart defaults\)/);
      assert.equal(latest.source, 'created/templates/deployment.yaml');
      // Where it is in the preview.
      const previewLine = r.rendered.split('\n')[latest.renderedRange!.start.line];
      assert.equal(previewLine.trim(), 'image: "nginx:latest"');

      const [resources] = only(r.findings, 'kubernetes/require-resource-limits', 'templates/deployment.yaml');
      assert.deepEqual(where(resources), { at: 'created/templates/deployment.yaml:36:17-36:34', text: '{{ .Chart.Name }}' });
      assert.equal(resources.mapping, 'expression');

      const [replicas] = only(r.findings, 'kubernetes/single-replica', 'templates/deployment.yaml');
      assert.deepEqual(where(replicas), { at: 'created/templates/deployment.yaml:9:13-9:39', text: '{{ .Values.replicaCount }}' });
      assert.match(replicas.note, /\.Values\.replicaCount from values\.yaml \(chart defaults\)\./);

      // The test hook's pod: literal text.
      const [hookResources] = only(r.findings, 'kubernetes/require-resource-limits', 'templates/tests/test-connection.yaml');
      assert.deepEqual(where(hookResources), { at: 'created/templates/tests/test-connection.yaml:11:13-11:17', text: 'wget' });
      const [busybox] = only(r.findings, 'kubernetes/no-latest-tag', 'templates/tests/test-connection.yaml');
      assert.deepEqual(where(busybox), { at: 'created/templates/tests/test-connection.yaml:12:14-12:21', text: 'busybox' });

      // Without the override the tag is the chart's appVersion: no finding on line 41.
      const pinned = await render(helm, { chart: created });
      assert.equal(only(pinned.findings, 'kubernetes/no-latest-tag', 'templates/deployment.yaml').length, 0);
      t.diagnostic(`Helm ${helm.version}: helm ${r.timings.helmMs} ms, probe ${r.timings.probeMs} ms, lint ${r.timings.lintMs} ms, total ${r.timings.totalMs} ms`);
    });

    test('a values file with a hostile name sets the tag; the note names it', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const name = `-prod, $(touch pwned) "q" 'x'.yaml`;
      fs.writeFileSync(path.join(dir, name), 'image:\n  tag: latest\n');
      const r = await render(helm, { chart: created, cwd: dir, options: { valuesFiles: [name] } });
      assert.equal(r.ok, true, r.stderr);
      // One argument, absolute, CSV-quoted (Helm reads --values as a CSV record).
      assert.ok(r.args.includes(`--values="${path.join(dir, name).replace(/"/g, '""')}"`), r.args.join(' '));
      const [latest] = only(r.findings, 'kubernetes/no-latest-tag', 'templates/deployment.yaml');
      assert.equal(where(latest).at, 'created/templates/deployment.yaml:41:18-41:102');
      assert.ok(latest.note.includes(`.Values.image.tag from -f ${name} (over values.yaml (chart defaults))`), latest.note);
      assert.equal(fs.existsSync(path.join(dir, 'pwned')), false);
    });

    test('umbrella: a range, a subchart, an aliased subchart in a folder of another name', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: umbrella, options: { set: ['api.image.tag=latest'] } });
      assert.equal(r.ok, true, r.stderr);
      // The range's second item is envoy:latest: the image line inside the range.
      const [sidecar] = only(r.findings, 'kubernetes/no-latest-tag', 'umbrella/templates/deployment.yaml');
      assert.deepEqual(where(sidecar), { at: 'umbrella/templates/deployment.yaml:29:18-29:38', text: '{{ .image | quote }}' });
      assert.match(sidecar.note, /\.Values\.sidecars from values\.yaml \(chart defaults\)/);
      // No resources on "web" (the with block rendered nothing): its `- name:` line.
      const web = only(r.findings, 'kubernetes/require-resource-limits', 'umbrella/templates/deployment.yaml');
      assert.deepEqual(web.map((f) => where(f)), [{ at: 'umbrella/templates/deployment.yaml:18:17-18:20', text: 'web' }]);
      // Both sidecars lack probes: twice the same line of the range.
      assert.deepEqual(only(r.findings, 'kubernetes/require-liveness-probe', 'umbrella/templates/deployment.yaml').map((f) => where(f).at).filter((a) => a.includes(':28:')),
        ['umbrella/templates/deployment.yaml:28:17-28:28', 'umbrella/templates/deployment.yaml:28:17-28:28']);

      // Subchart "frontend": its own values.yaml says image: nginx (no tag).
      const [frontend] = only(r.findings, 'kubernetes/no-latest-tag', 'charts/frontend/templates/service.yaml');
      assert.deepEqual(where(frontend), { at: 'umbrella/charts/frontend/templates/service.yaml:21:14-21:33', text: '{{ .Values.image }}' });
      assert.match(frontend.note, /\.Values\.image from charts\/frontend\/values\.yaml \(subchart defaults\)/);

      // "backend" in charts/backend-chart, rendered as "api": the parent's --set reaches it.
      const [api] = only(r.findings, 'kubernetes/no-latest-tag', 'charts/backend-chart/templates/deployment.yaml');
      assert.equal(api.source, 'umbrella/charts/api/templates/deployment.yaml');
      assert.deepEqual(where(api), { at: 'umbrella/charts/backend-chart/templates/deployment.yaml:17:18-17:72', text: '{{ .Values.image.repository }}:{{ .Values.image.tag }}' });
      assert.match(api.note, /\.Values\.image\.tag from --set api\.image\.tag=latest \(over values\.yaml \(chart defaults\), charts\/backend-chart\/values\.yaml \(subchart defaults\)\)/);
      const apiDoc = r.documents.find((d) => d.source === 'umbrella/charts/api/templates/deployment.yaml')!;
      assert.equal(apiDoc.file, path.join(umbrella, 'charts', 'backend-chart', 'templates', 'deployment.yaml'));
      assert.equal(r.rendered.split('\n')[apiDoc.sourceLine], '# Source: umbrella/charts/api/templates/deployment.yaml');

      const off = await render(helm, { chart: umbrella, options: { set: ['frontend.enabled=false'] } });
      assert.equal(off.findings.filter((f) => f.file?.includes(`${path.sep}frontend${path.sep}`)).length, 0);
    });

    test('a packaged subchart (charts/*.tgz): its findings are kept, unmapped, with the rendered location', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const chart = path.join(dir, 'umbrella');
      fs.cpSync(umbrella, chart, { recursive: true });
      const packaged = execFileSync(helm.path, ['package', path.join(chart, 'charts', 'frontend'), '--destination', path.join(chart, 'charts')], { env: helmEnv(), encoding: 'utf8' });
      assert.match(packaged, /frontend-0\.1\.0\.tgz/);
      fs.rmSync(path.join(chart, 'charts', 'frontend'), { recursive: true });
      const r = await render(helm, { chart });
      assert.equal(r.ok, true, r.stderr);
      const fromArchive = r.findings.filter((f) => f.source === 'umbrella/charts/frontend/templates/service.yaml');
      assert.ok(fromArchive.length > 0);
      for (const f of fromArchive) {
        assert.equal(f.mapping, 'none');
        assert.equal(f.file, undefined);
        assert.match(f.note, /In umbrella\/charts\/frontend\/templates\/service\.yaml, rendered line \d+\./);
        assert.match(r.rendered.split('\n')[f.renderedRange!.start.line], /\S/);
      }
      assert.equal(r.documents.find((d) => d.source === 'umbrella/charts/frontend/templates/service.yaml')!.file, undefined);
      // Everything else is still mapped.
      assert.ok(r.findings.filter((f) => f.source !== 'umbrella/charts/frontend/templates/service.yaml').every((f) => f.file && f.mapping !== 'none'));
    });

    test('values.schema.json: a wrong type lands on the values.yaml key, a missing property on the schema', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: umbrella, options: { set: ['replicaCount=two'] } });
      assert.equal(r.ok, false);
      assert.equal(r.problems.length, 1);
      const [p] = r.problems;
      assert.equal(p.messageId, 'schema');
      assert.equal(p.file, path.join(umbrella, 'values.yaml'));
      assert.deepEqual(p.range, { start: { line: 0, character: 14 }, end: { line: 0, character: 15 } });
      assert.match(p.message, /replicaCount/);
      const missing = await render(helm, { chart: umbrella, options: { set: ['image=null'] } });
      assert.equal(missing.problems[0].messageId, 'schema');
      assert.equal(missing.problems[0].file, path.join(umbrella, 'values.schema.json'));
      assert.match(missing.problems[0].message, /image/);
    });

    test('broken: `required` on its line and column; a failing helper on the helper and the include', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: broken });
      assert.equal(r.ok, false);
      assert.equal(r.findings.length, 0);
      assert.equal(r.problems.length, 1);
      const [req] = r.problems;
      assert.equal(req.ruleId, 'helm/render-error');
      assert.equal(req.severity, 'error');
      assert.equal(req.messageId, 'template');
      assert.equal(req.message, 'Helm: database.host is required: pass -f fixed.yaml');
      assert.deepEqual(where(req), {
        at: 'broken/templates/configmap.yaml:6:12-6:101',
        text: 'required "database.host is required: pass -f fixed.yaml" .Values.database.host | quote }}',
      });
      assert.match(r.rendered, /^# Helm failed:\n#   broken\/templates\/configmap\.yaml:6: database\.host is required/);

      const helper = await render(helm, { chart: broken, options: { set: ['database.host=db', 'breakHelper=true'] } });
      assert.deepEqual(helper.problems.map((p) => where(p).at), ['broken/templates/_helpers.tpl:3:12-3:35', 'broken/templates/configmap.yaml:4:12-4:42']);
      assert.match(helper.problems[0].message, /nil pointer evaluating interface \{\}\.deeper/);
      assert.match(helper.problems[1].message, /\(in _helpers\.tpl:3, included from here\)$/);

      const fixed = await render(helm, { chart: broken, options: { valuesFiles: [path.join(broken, 'fixed.yaml')] } });
      assert.equal(fixed.ok, true);
      assert.deepEqual(fixed.problems, []);
    });

    test('broken: invalid YAML is located through the rendered document', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: broken, options: { set: ['database.host=db', 'breakYaml=true'] } });
      assert.equal(r.ok, false);
      const [p] = r.problems;
      assert.equal(p.messageId, 'yaml');
      assert.match(p.message, /^Helm: did not find expected key \(line 6 of the rendered document\)$/);
      // go-yaml names line 6 (`host:`, where the mapping it could not continue is).
      assert.deepEqual(where(p), { at: 'broken/templates/configmap.yaml:6:3-6:101', text: 'host: {{ required "database.host is required: pass -f fixed.yaml" .Values.database.host | quote }}' });
      // The preview shows what the template rendered to, as `helm template --debug` would.
      assert.match(r.rendered, /# Source: broken\/templates\/configmap\.yaml\n[\s\S]*\n port: 5432/);
    });

    test('options reach Helm: release, namespace, --kube-version, --show-only, --include-crds', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: created, options: { release: 'shop', namespace: 'team-a', kubeVersion: '1.29.0', showOnly: ['templates/service.yaml'], includeCrds: true } });
      assert.equal(r.ok, true, r.stderr);
      assert.deepEqual(r.args.slice(0, 1), ['template']);
      assert.ok(r.args.includes('--namespace=team-a') && r.args.includes('--kube-version=1.29.0') && r.args.includes('--show-only=templates/service.yaml') && r.args.includes('--include-crds'));
      assert.deepEqual(r.args.slice(-3), ['--', 'shop', created]);
      assert.deepEqual(r.documents.map((d) => d.source), ['created/templates/service.yaml']);
      assert.match(r.rendered, /name: shop-created/);
      for (const f of r.findings) assert.ok(f.file?.endsWith('service.yaml'));
    });

    test('every chart: findings land on template files; literal ranges cover the same text as rendered', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const charts = [created, umbrella, path.join(broken)];
      const corpus = path.join(HELM_CORPUS, 'charts');
      if (fs.existsSync(corpus)) for (const name of ['subchart', 'object-order', 'issue-9027', 'chart-with-template-lib-dep', 'chart-with-template-lib-archive-dep']) charts.push(path.join(corpus, name));
      let literal = 0;
      let checked = 0;
      for (const chart of charts) {
        const r = await render(helm, { chart, options: chart === broken ? { set: ['database.host=db'] } : { set: chart === created ? ['image.tag=latest'] : [] } });
        assert.equal(r.ok, true, `${chart}: ${r.stderr}`);
        const renderedLines = r.rendered.split('\n');
        for (const f of r.findings) {
          assert.ok(f.file && (f.mapping === 'literal' || f.mapping === 'expression'), `${path.basename(chart)} ${f.ruleId}: ${f.mapping} ${f.note}`);
          const { start, end } = f.range;
          const text = fs.readFileSync(f.file!, 'utf8').split(/\r?\n/)[start.line];
          if (f.mapping === 'expression') assert.match(text.slice(start.character, end.line === start.line ? end.character : undefined), /^\{\{/, `${f.ruleId} points at an action`);
          if (f.mapping !== 'literal') continue;
          literal++;
          const rr = f.renderedRange!;
          if (end.line !== start.line || rr.end.line !== rr.start.line) continue;
          const inTemplate = text.slice(start.character, end.character);
          if (inTemplate.includes('{{')) continue;
          assert.equal(inTemplate, renderedLines[rr.start.line].slice(rr.start.character, rr.end.character), `${path.basename(chart)} ${f.ruleId} at ${path.basename(f.file!)}:${start.line + 1}`);
          checked++;
        }
      }
      t.diagnostic(`Helm ${helm.version}: ${literal} literal mappings, ${checked} compared character for character`);
      assert.ok(checked > 20);
    });

    test('rule settings apply (severity, off)', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const settings = normalizeSettings({ rules: { 'kubernetes/no-latest-tag': 'error', 'kubernetes/require-resource-limits': 'off' } });
      const r = await render(helm, { chart: created, settings, options: { set: ['image.tag=latest'] } });
      assert.equal(only(r.findings, 'kubernetes/no-latest-tag', 'deployment.yaml')[0].severity, 'error');
      assert.equal(r.findings.filter((f) => f.ruleId === 'kubernetes/require-resource-limits').length, 0);
    });

    test('helm install --dry-run=client: Helm 4 renders without a cluster; Helm 3 asks the cluster and says so', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await render(helm, { chart: created, options: { mode: 'client', set: ['image.tag=latest'] } });
      if (major === 4) {
        assert.ok(r.args.includes('--dry-run=client'));
        assert.equal(r.ok, true, r.stderr);
        assert.ok(r.documents.some((d) => d.hook), 'HOOKS: section');
        assert.match(r.notes ?? '', /Get the application URL/);
        assert.equal(where(only(r.findings, 'kubernetes/no-latest-tag', 'templates/deployment.yaml')[0]).at, 'created/templates/deployment.yaml:41:18-41:102');
      } else {
        assert.ok(r.args.includes('--dry-run') && !r.args.some((a) => a.startsWith('--dry-run=')));
        assert.equal(r.ok, false);
        assert.match(r.problems[0].message, /cluster unreachable/i);
        assert.equal(r.problems[0].file, path.join(created, 'Chart.yaml'));
        assert.ok(r.warnings.some((w) => /Helm 3 still contacts the cluster/.test(w)));
      }
      assert.deepEqual(r.args.slice(-3), ['--', 'release-name', created]);
    });
  });
}
