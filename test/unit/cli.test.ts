/**
 * The CLI as CI uses it: the built dist/cli.js in a child process (exit codes, stdout/stderr),
 * text / JSON / SARIF output on examples/, fix in place and --dry-run, usage errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

/** End-of-life findings depend on the date; the tests pin it. */
const TODAY = '2026-11-24';

function run(args: string[], cwd = ROOT) {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SHIPSHAPE_TODAY: TODAY } });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

/**
 * What examples/ is there to show, finding by finding (file:line rule severity), reviewed by hand.
 * SHIPSHAPE_UPDATE_GOLDEN=1 rewrites it after a deliberate change; review the diff before committing.
 */
const GOLDEN = path.join(ROOT, 'test/fixtures/cli/examples-findings.txt');

function tempCopy(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('shipshape lint', () => {
  test('JSON on examples/: exactly the expected findings, exit 1 for the error', () => {
    const { code, out } = run(['lint', 'examples', '--format', 'json']);
    assert.equal(code, 1);
    const json = JSON.parse(out);
    assert.equal(json.tool, 'shipshape');
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.filesChecked, 5);
    const actual = json.findings.map((f: any) => `${f.file}:${f.range.start.line + 1} ${f.ruleId} ${f.severity}`);
    if (process.env.SHIPSHAPE_UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, actual.join('\n') + '\n');
    assert.deepEqual(actual, fs.readFileSync(GOLDEN, 'utf8').trimEnd().split('\n'));
    for (const must of ['examples/k8s/log-agent.yaml:18 kubernetes/no-privileged-container error', 'examples/node-app/Dockerfile:5 dockerfile/prefer-copy-over-add warning']) {
      assert.ok(actual.includes(must), must);
    }
    assert.ok(!actual.some((l: string) => l.startsWith('examples/k8s/api.yaml') || l.startsWith('examples/go-service') || l.startsWith('examples/ci/')), 'the clean examples stay clean');
    for (const f of json.findings) {
      assert.deepEqual(Object.keys(f).sort(), ['file', 'fixable', 'message', 'range', 'ruleId', 'severity']);
      assert.equal(typeof f.range.start.character, 'number');
    }
    assert.equal(json.findings.find((f: any) => f.ruleId === 'dockerfile/prefer-copy-over-add').fixable, true);
    assert.equal(json.findings.find((f: any) => f.ruleId === 'dockerfile/no-latest-tag').fixable, false);
  });

  test('text output names file:line:col, severity and rule; a clean file exits 0', () => {
    const { code, out } = run(['lint', 'examples/node-app/Dockerfile']);
    assert.equal(code, 0, 'warnings only');
    assert.match(out, /^examples\/node-app\/Dockerfile:5:1: warning dockerfile\/prefer-copy-over-add: .+\[fixable\]$/m);
    assert.match(out, /4 problems \(0 error, 3 warning, 1 info\) in 1 file\./);
    const clean = run(['lint', 'examples/k8s/api.yaml', 'examples/go-service']);
    assert.equal(clean.code, 0);
    assert.match(clean.out, /No problems found in 2 files\./);
  });

  test('--rule changes severity and turns rules off', () => {
    const up = run(['lint', 'examples/node-app', '--rule', 'dockerfile/no-latest-tag=error', '--format', 'json']);
    assert.equal(up.code, 1);
    assert.equal(JSON.parse(up.out).findings.find((f: any) => f.ruleId === 'dockerfile/no-latest-tag').severity, 'error');
    const off = run(['lint', 'examples/k8s/log-agent.yaml', '--rule', 'kubernetes/no-privileged-container=off']);
    assert.equal(off.code, 0);
    assert.doesNotMatch(off.out, /privileged/);
  });

  test('SARIF 2.1.0 validates against the schema and carries rule metadata', () => {
    const { code, out } = run(['lint', 'examples', '--format', 'sarif']);
    assert.equal(code, 1);
    const log: any = JSON.parse(out);
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile<any>(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.ok(!validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] }), 'the validator rejects a bad level');
    const run0 = log.runs[0];
    const ruleIds = run0.tool.driver.rules.map((r: any) => r.id);
    for (const res of run0.results) {
      assert.equal(ruleIds[res.ruleIndex], res.ruleId);
      const region = res.locations[0].physicalLocation.region;
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endColumn > region.startColumn - 1);
      assert.equal(res.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    }
    const rule = run0.tool.driver.rules.find((r: any) => r.id === 'kubernetes/no-latest-tag');
    assert.match(rule.helpUri, /^https:\/\/.+kubernetes\/no-latest-tag\.md$/);
    assert.ok(rule.properties.tags.includes('kube-linter:latest-tag'));
    const golden = fs.readFileSync(GOLDEN, 'utf8').trimEnd().split('\n');
    const level = (sev: string) => (sev === 'error' ? 'error' : sev === 'warning' ? 'warning' : 'note');
    assert.deepEqual(run0.results.map((r: any) => r.level).sort(), golden.map((l) => level(l.split(' ').pop()!)).sort());
  });

  test('usage errors exit 2 with a message', () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', '--rule', 'nope'], ['lint', '--rule', 'dockerfile/unknown=error'], ['lint', 'no/such/path'], ['frobnicate'], ['lint', '--bogus']]) {
      const { code, err } = run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^shipshape: /, args.join(' '));
    }
  });

  test('explicit files that are not ours are reported as skipped; Helm templates are left alone', () => {
    const dir = tempCopy({
      'notes.yaml': 'a: 1\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    const { code, out, err } = run(['lint', 'notes.yaml', '.'], dir);
    assert.equal(code, 0, out + err);
    assert.match(err, /skipped notes\.yaml: not a Dockerfile or a Kubernetes manifest/);
    assert.doesNotMatch(out + err, /deploy\.yaml/);
  });
});

describe('shipshape fix', () => {
  const dockerfile = 'FROM alpine:3.20\nADD . /app\nCMD ["/app/run"]\n';
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # keep me\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

  test('--dry-run prints a unified diff and writes nothing', () => {
    const dir = tempCopy({ Dockerfile: dockerfile });
    const { code, out } = run(['fix', '--dry-run', '.'], dir);
    assert.equal(code, 0);
    assert.match(out, /^--- a\/Dockerfile$/m);
    assert.match(out, /^-ADD \. \/app$/m);
    assert.match(out, /^\+COPY \. \/app$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), dockerfile);
  });

  test('applies safe fixes in place, and a named rule applies its choice fixes too', () => {
    const dir = tempCopy({ Dockerfile: dockerfile, 'pod.yaml': pod });
    assert.equal(run(['fix', '.'], dir).code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM alpine:3.20\nCOPY . /app\nCMD ["/app/run"]\n', 'USER fix needs a choice: not applied');
    assert.equal(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), pod, 'resources need a choice: not applied');
    assert.equal(run(['fix', '--rule', 'kubernetes/require-resource-limits', '.'], dir).code, 0);
    const fixed = fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
    assert.equal(fixed, pod + '      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          memory: 256Mi\n');
    const relint = run(['lint', 'pod.yaml', '--format', 'json'], dir);
    assert.ok(!JSON.parse(relint.out).findings.some((f: any) => f.ruleId === 'kubernetes/require-resource-limits'));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('shipshape')), [], 'no temporary files left behind');
  });
});

describe('shipshape rules', () => {
  test('--json lists every rule with metadata and sources', () => {
    const { code, out } = run(['rules', '--json']);
    assert.equal(code, 0);
    const rules = JSON.parse(out);
    const add = rules.find((r: any) => r.id === 'dockerfile/prefer-copy-over-add');
    assert.deepEqual(add.sources, [{ tool: 'hadolint', id: 'DL3020' }, { tool: 'trivy', id: 'DS-0005' }]);
    assert.equal(add.fixable, true);
    for (const r of rules) assert.deepEqual(Object.keys(r).sort(), ['defaultSeverity', 'description', 'docs', 'fixable', 'id', 'language', 'rationale', 'sources']);
  });
});
