/**
 * `shipshape helm` (cmdHelm, in process) with the real Helm 3 and Helm 4: findings on template
 * lines in text, JSON and SARIF (the shapes of `shipshape lint`, extended), Helm errors as
 * findings, exit codes (0, 1 on error-level findings or a Helm error, 2 on usage / no Helm).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { cmdHelm } from '../../server/src/cli/helm';
import { CHARTS, helmEnv, helmFor, MAJORS, ROOT, scratch } from './helpers';

async function run(args: string[], env: NodeJS.ProcessEnv = helmEnv(), cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cmdHelm(args, { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, env });
  return { code, out, err };
}

describe('shipshape helm: usage', () => {
  test('usage errors exit 2 with the usage text', async () => {
    for (const args of [[], ['a', 'b'], ['test/fixtures/charts'], [path.join(CHARTS, 'created'), '--format', 'xml'], [path.join(CHARTS, 'created'), '--bogus'],
      [path.join(CHARTS, 'created'), '--dry-run', 'cluster'], [path.join(CHARTS, 'created'), '--set', 'novalue'], [path.join(CHARTS, 'created'), '--kube-version', 'latest'],
      [path.join(CHARTS, 'created'), '--rule', 'kubernetes/nope=error'], [path.join(CHARTS, 'created'), '--timeout', '0']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^shipshape: /, args.join(' '));
      assert.match(r.err, /Usage:\n {2}shipshape helm <chart>/, args.join(' '));
      assert.equal(r.out, '');
    }
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /shipshape helm <chart>/);
  });

  test('no Helm: exit 2 and how to install it', async (t) => {
    const empty = scratch(t);
    const r = await run([path.join(CHARTS, 'created')], { PATH: empty });
    assert.equal(r.code, 2);
    assert.match(r.err, /^shipshape: Helm was not found: no "helm" on PATH\. Install Helm 3 or 4 \(https:\/\/helm\.sh\/docs\/intro\/install\//);
    const r2 = await run([path.join(CHARTS, 'created'), '--helm', path.join(empty, 'helm')]);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /Helm was not found at ".*helm" \(the configured Helm path\)/);
  });
});

for (const major of MAJORS) {
  describe(`shipshape helm with the real Helm ${major}`, () => {
    test('text: template paths, lines and columns, notes; warnings only -> exit 0; --rule makes it 1', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await run(['test/fixtures/charts/created', '--helm', helm.path, '--set', 'image.tag=latest']);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.trim().split('\n');
      assert.ok(lines.includes('test/fixtures/charts/created/templates/deployment.yaml:41:18: warning kubernetes/no-latest-tag: Container "created" uses image "nginx:latest" with the "latest" tag. Pin a version. [Rendered with values.yaml (chart defaults), --set image.tag=latest. .Values.image.repository from values.yaml (chart defaults). .Values.image.tag from --set image.tag=latest (over values.yaml (chart defaults)).]'), r.out);
      assert.ok(lines.some((l) => l.startsWith('test/fixtures/charts/created/templates/deployment.yaml:36:17: warning kubernetes/require-resource-limits: ')));
      assert.match(lines[lines.length - 1], /^\d+ problems \(0 error, \d+ warning, \d+ info\) in 3 files\.$/);
      const strict = await run(['test/fixtures/charts/created', '--helm', helm.path, '--set', 'image.tag=latest', '--rule', 'kubernetes/no-latest-tag=error']);
      assert.equal(strict.code, 1);
      assert.match(strict.out, /deployment\.yaml:41:18: error kubernetes\/no-latest-tag/);
    });

    test('a Helm error is a finding on the template line, exit 1', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await run(['test/fixtures/charts/broken', '--helm', helm.path]);
      assert.equal(r.code, 1);
      assert.equal(r.out, 'test/fixtures/charts/broken/templates/configmap.yaml:6:12: error helm/render-error: Helm: database.host is required: pass -f fixed.yaml [Rendered with values.yaml (chart defaults).]\n1 problem (1 error, 0 warning, 0 info) in 1 file.\n');
      assert.match(r.err, /^shipshape: Helm \d\.\d+\.\d+ failed: helm template -- \S+broken\n$/);
      const ok = await run(['test/fixtures/charts/broken', '--helm', helm.path, '-f', 'test/fixtures/charts/broken/fixed.yaml']);
      assert.equal(ok.code, 0, ok.err);
      assert.equal(ok.out, 'No problems found in 1 rendered document.\n');
    });

    test('JSON: lint\'s shape plus note, mapping and the rendered location', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await run(['test/fixtures/charts/umbrella', '--helm', helm.path, '--format', 'json', '--set', 'api.image.tag=latest', '--release', 'shop']);
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.equal(json.tool, 'shipshape');
      assert.equal(json.schemaVersion, 1);
      assert.equal(json.helm.version, helm.version);
      assert.deepEqual(json.helm.args.slice(-3), ['--', 'shop', path.join(CHARTS, 'umbrella')]);
      assert.equal(json.filesChecked, 4, 'rendered templates: configmap, deployment, api/deployment, frontend/service');
      for (const f of json.findings) {
        assert.deepEqual(Object.keys(f).sort(), ['file', 'fixable', 'mapping', 'message', 'note', 'range', 'rendered', 'ruleId', 'severity']);
        assert.equal(f.fixable, false);
      }
      const api = json.findings.find((f: any) => f.ruleId === 'kubernetes/no-latest-tag' && f.file.includes('backend-chart'));
      assert.equal(api.file, 'test/fixtures/charts/umbrella/charts/backend-chart/templates/deployment.yaml');
      assert.deepEqual(api.range, { start: { line: 16, character: 17 }, end: { line: 16, character: 71 } });
      assert.equal(api.rendered.source, 'umbrella/charts/api/templates/deployment.yaml');
      assert.equal(api.mapping, 'expression');
    });

    test('SARIF validates, Helm errors have a rule entry', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
      const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
      for (const chart of ['created', 'broken']) {
        const r = await run([`test/fixtures/charts/${chart}`, '--helm', helm.path, '--format', 'sarif']);
        assert.ok(validate(JSON.parse(r.out)), JSON.stringify(validate.errors?.slice(0, 3)));
        const log = JSON.parse(r.out);
        const run0 = log.runs[0];
        for (const res of run0.results) assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
        if (chart === 'broken') {
          assert.equal(r.code, 1);
          assert.deepEqual(run0.results.map((x: any) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn]),
            [['helm/render-error', 'error', 'test/fixtures/charts/broken/templates/configmap.yaml', 6, 12]]);
        } else {
          assert.ok(run0.results.some((x: any) => x.ruleId === 'kubernetes/require-resource-limits' && x.locations[0].physicalLocation.region.startLine === 36));
        }
      }
    });

    test('--show-only, --namespace, --kube-version and --include-crds go through', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const r = await run(['test/fixtures/charts/created', '--helm', helm.path, '--format', 'json', '-s', 'templates/service.yaml', '-n', 'team-a', '--kube-version', '1.30.0', '--include-crds']);
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.ok(json.helm.args.includes('--show-only=templates/service.yaml') && json.helm.args.includes('--namespace=team-a') && json.helm.args.includes('--kube-version=1.30.0'));
      for (const f of json.findings) assert.equal(f.file, 'test/fixtures/charts/created/templates/service.yaml');
    });
  });
}
