/**
 * Running Helm: finding it (setting, PATH), its version (real Helm 3 and 4), the argument arrays
 * (Helm 3 and Helm 4 dry-run flags; one element per option, `--` before positionals), hostile file
 * names and --set values that reach Helm unchanged without a shell, and timeouts and cancellation
 * that kill the process (a real Helm blocked on a FIFO, and a fake Helm with a child process).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { previewChart } from '../../server/src/helm/map';
import {
  csvField, execHelm, findHelm, helmArgs, helmVersion, HelmCancelledError, HelmNotFoundError, HelmTimeoutError, INSTALL_HINT, type HelmInfo,
} from '../../server/src/helm/run';
import { splitRender } from '../../server/src/helm/split';
import { alive, CHARTS, helmEnv, helmFor, MAJORS, scratch } from './helpers';

const H3: HelmInfo = { path: '/x/helm', version: '3.17.3', major: 3, minor: 17 };
const H3_OLD: HelmInfo = { path: '/x/helm', version: '3.12.0', major: 3, minor: 12 };
const H4: HelmInfo = { path: '/x/helm', version: '4.1.4', major: 4, minor: 1 };

/** Pids of processes whose command line contains `needle` (Linux /proc). */
function pidsWith(needle: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle)) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}

async function waitGone(pids: number[], ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (pids.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

describe('findHelm', () => {
  test('a configured path, a bare name on PATH, PATH', (t) => {
    const dir = scratch(t);
    const fake = path.join(dir, 'my helm');
    fs.writeFileSync(fake, '#!/bin/sh\necho v3.17.3+gdeadbeef\n', { mode: 0o755 });
    assert.equal(findHelm(fake), fake);
    assert.equal(findHelm('my helm', { PATH: dir }), fake);
    fs.copyFileSync(fake, path.join(dir, 'helm'));
    fs.chmodSync(path.join(dir, 'helm'), 0o755);
    assert.equal(findHelm(undefined, { PATH: `/nonexistent${path.delimiter}${dir}` }), path.join(dir, 'helm'));
    assert.equal(findHelm('  ', { PATH: dir }), path.join(dir, 'helm'), 'a blank setting means PATH');
  });

  test('missing Helm: a clear message saying how to install it', (t) => {
    const dir = scratch(t);
    assert.throws(() => findHelm(undefined, { PATH: dir }), (err: Error) => {
      assert.ok(err instanceof HelmNotFoundError);
      assert.match(err.message, /^Helm was not found: no "helm" on PATH\. Install Helm 3 or 4 \(https:\/\/helm\.sh\/docs\/intro\/install\//);
      assert.match(err.message, /shipshape\.helm\.path/);
      return true;
    });
    assert.throws(() => findHelm(path.join(dir, 'nope')), /Helm was not found at ".*nope" \(the configured Helm path\)/);
    fs.writeFileSync(path.join(dir, 'not-exec'), 'x', { mode: 0o644 });
    assert.throws(() => findHelm(path.join(dir, 'not-exec')), HelmNotFoundError);
    assert.ok(INSTALL_HINT.includes('brew install helm'));
  });

  test('something that is not Helm is refused by its version', async (t) => {
    const dir = scratch(t);
    const fake = path.join(dir, 'helm');
    fs.writeFileSync(fake, '#!/bin/sh\necho "hello"\n', { mode: 0o755 });
    await assert.rejects(helmVersion(fake), /does not look like Helm: `version --short` printed "hello"/);
    fs.writeFileSync(fake, '#!/bin/sh\necho v2.17.0+ga690bad\n', { mode: 0o755 });
    await assert.rejects(helmVersion(fake), /Helm 2\.17\.0 is too old/);
  });

  test('previewChart and a missing Helm', async (t) => {
    const dir = scratch(t);
    await assert.rejects(previewChart({ chart: path.join(CHARTS, 'created'), env: { PATH: dir } }), (err: Error) => err instanceof HelmNotFoundError && /no "helm" on PATH/.test(err.message));
    await assert.rejects(previewChart({ chart: path.join(CHARTS, 'created'), helmPath: path.join(dir, 'helm') }), HelmNotFoundError);
  });
});

describe('helmArgs', () => {
  const chart = '/charts/my chart';
  test('helm template: one element per option, -- before the positionals', () => {
    assert.deepEqual(helmArgs(H3, chart, {
      valuesFiles: ['a.yaml', '/abs/-b.yaml'], set: ['x=1', '-y=$(z)'], release: 'r', namespace: 'ns', kubeVersion: '1.30', includeCrds: true, showOnly: ['templates/a.yaml'],
    }, '/project'), [
      'template', '--values=/project/a.yaml', '--values=/abs/-b.yaml', '--set=x=1', '--set=-y=$(z)', '--namespace=ns', '--kube-version=1.30', '--include-crds',
      '--show-only=templates/a.yaml', '--', 'r', '/charts/my chart',
    ]);
    assert.deepEqual(helmArgs(H4, chart, {}), ['template', '--', '/charts/my chart'], 'no release: Helm\'s release-name');
  });

  test('dry-run flags: Helm 3 --dry-run / --dry-run=server, Helm 4 --dry-run=client|server', () => {
    const tail = ['--', 'release-name', '/charts/my chart'];
    assert.deepEqual(helmArgs(H3, chart, { mode: 'client' }), ['install', '--dry-run', ...tail]);
    assert.deepEqual(helmArgs(H3, chart, { mode: 'server' }), ['install', '--dry-run=server', ...tail]);
    assert.deepEqual(helmArgs(H3_OLD, chart, { mode: 'server' }), ['install', '--dry-run', ...tail], 'before 3.13 there is no =server');
    assert.deepEqual(helmArgs(H4, chart, { mode: 'client' }), ['install', '--dry-run=client', ...tail]);
    assert.deepEqual(helmArgs(H4, chart, { mode: 'server', kubeVersion: '1.30', includeCrds: true, showOnly: ['x'] }), ['install', '--dry-run=server', ...tail], 'template-only flags dropped');
  });

  test('values paths Helm would read as CSV are quoted', () => {
    assert.equal(csvField('/a/b c.yaml'), '/a/b c.yaml');
    assert.equal(csvField('/a/b,c.yaml'), '"/a/b,c.yaml"');
    assert.equal(csvField('/a/"q".yaml'), '"/a/""q"".yaml"');
  });
});

for (const major of MAJORS) {
  describe(`real Helm ${major}: version, no shell, timeout, cancel`, () => {
    test('helm version --short', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const info = await helmVersion(helm.path, { env: helmEnv() });
      assert.equal(info.version, helm.version);
      assert.equal(info.major, major);
    });

    test('hostile chart folder, values file names and --set values reach Helm unchanged (no shell)', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const chart = path.join(dir, '-my chart $(touch pwned-chart)');
      fs.cpSync(path.join(CHARTS, 'created'), chart, { recursive: true });
      const values = path.join(dir, `--set=evil $(touch pwned-values) \`id\` "it's", a.yaml`);
      fs.writeFileSync(values, 'podAnnotations:\n  from-file: "yes"\n');
      const set = [
        'podAnnotations.note=$(touch pwned-set) `id` "quoted" \'single\' spaces  and ; semicolons',
        'podAnnotations.dash=-x',
        'podAnnotations.glob=*',
      ];
      const info = await helmVersion(helm.path, { env: helmEnv() });
      const args = helmArgs(info, chart, { valuesFiles: [values], set, release: 'rel' }, dir);
      const res = await execHelm(helm.path, args, { cwd: dir, env: helmEnv() });
      assert.equal(res.code, 0, res.stderr);
      const deployment = splitRender(res.stdout).documents.find((d) => d.source?.endsWith('deployment.yaml'))!.content;
      assert.match(deployment, /note: \$\(touch pwned-set\) `id` "quoted" 'single' spaces {2}and ; semicolons/);
      assert.match(deployment, /dash: -x/);
      assert.match(deployment, /glob: '\*'/);
      assert.match(deployment, /from-file: "yes"/);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('pwned')), []);
      assert.deepEqual(fs.readdirSync(process.cwd()).filter((f) => f.startsWith('pwned')), []);
    });

    test('timeout: a Helm blocked reading a FIFO is killed', async (t) => {
      if (process.platform !== 'linux') return t.skip('needs mkfifo and /proc');
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const fifo = path.join(dir, `blocked-${major}-${process.pid}.yaml`);
      execFileSync('mkfifo', [fifo]);
      const started = Date.now();
      let pids: number[] = [];
      const probe = setInterval(() => { pids = [...new Set([...pids, ...pidsWith(fifo)])]; }, 20);
      await assert.rejects(execHelm(helm.path, ['template', `--values=${fifo}`, '--', path.join(CHARTS, 'created')], { env: helmEnv(), timeoutMs: 600 }), (err: Error) => {
        assert.ok(err instanceof HelmTimeoutError);
        assert.match(err.message, /did not finish within 0\.6 s and was stopped/);
        return true;
      });
      clearInterval(probe);
      const took = Date.now() - started;
      assert.ok(took >= 550 && took < 4000, `stopped after ${took} ms`);
      assert.ok(pids.length >= 1, 'Helm was running');
      await waitGone(pids);
      assert.deepEqual(pids.filter(alive), [], 'Helm is gone');
    });

    test('cancellation: aborting kills Helm at once', async (t) => {
      if (process.platform !== 'linux') return t.skip('needs mkfifo and /proc');
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const fifo = path.join(dir, `cancel-${major}-${process.pid}.yaml`);
      execFileSync('mkfifo', [fifo]);
      const ac = new AbortController();
      let pids: number[] = [];
      const running = execHelm(helm.path, ['template', `--values=${fifo}`, '--', path.join(CHARTS, 'created')], { env: helmEnv(), signal: ac.signal, timeoutMs: 30_000 });
      for (let i = 0; !pids.length && i < 250; i++) { await new Promise((r) => setTimeout(r, 20)); pids = pidsWith(fifo); }
      const abortedAt = Date.now();
      ac.abort();
      await assert.rejects(running, HelmCancelledError);
      assert.ok(Date.now() - abortedAt < 2500);
      await waitGone(pids);
      assert.deepEqual(pids.filter(alive), []);
      await assert.rejects(execHelm(helm.path, ['version'], { signal: ac.signal }), HelmCancelledError, 'an aborted signal never starts Helm');
    });

    test('previewChart: the timeout covers both renders and kills them (a template that computes for minutes)', async (t) => {
      if (process.platform !== 'linux') return t.skip('needs /proc');
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const chart = path.join(dir, `slow-${major}-${process.pid}`);
      fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
      fs.writeFileSync(path.join(chart, 'Chart.yaml'), `apiVersion: v2\nname: slow\nversion: 0.1.0\n`);
      fs.writeFileSync(path.join(chart, 'templates', 'cm.yaml'), '{{- range until 30000 }}{{- range until 30000 }}{{- end }}{{- end }}\nkind: ConfigMap\n');
      let pids: number[] = [];
      const probe = setInterval(() => { pids = [...new Set([...pids, ...pidsWith(path.basename(chart))])]; }, 20);
      const started = Date.now();
      await assert.rejects(previewChart({ chart, helmPath: helm.path, env: helmEnv(), timeoutMs: 1500 }), HelmTimeoutError);
      clearInterval(probe);
      const took = Date.now() - started;
      assert.ok(took < 5000, `stopped after ${took} ms`);
      assert.ok(pids.length >= 2, `both renders ran (${pids.length})`);
      await waitGone(pids);
      assert.deepEqual(pids.filter(alive), [], 'both Helm processes are gone');
    });

    test('a piped values file (-f <(...)) is read once and given to both renders', async (t) => {
      if (process.platform !== 'linux') return t.skip('needs mkfifo');
      const helm = await helmFor(t, major);
      if (!helm) return;
      const dir = scratch(t);
      const fifo = path.join(dir, 'secrets.yaml');
      execFileSync('mkfifo', [fifo]);
      // A writer like bash's process substitution: it blocks until someone reads.
      const writer = spawn('sh', ['-c', `printf 'image:\\n  tag: latest\\n' > "$1"`, 'sh', fifo], { stdio: 'ignore' });
      const r = await previewChart({ chart: path.join(CHARTS, 'created'), helmPath: helm.path, env: helmEnv(), cwd: dir, options: { valuesFiles: ['secrets.yaml'] } });
      writer.kill();
      assert.equal(r.ok, true, r.stderr);
      const latest = r.findings.find((f) => f.ruleId === 'kubernetes/no-latest-tag' && f.file?.endsWith('deployment.yaml'));
      assert.ok(latest, 'the main render saw the piped values');
      assert.equal(latest!.mapping, 'literal', 'and so did the mapping render');
      assert.equal(latest!.range.start.line, 40);
      assert.ok(!r.args.some((a) => a.includes(fifo)), 'Helm read a private copy');
    });
  });
}

describe('the kill reaches what Helm started', () => {
  test('a fake Helm with a child: the process group is stopped', async (t) => {
    if (process.platform !== 'linux') return t.skip('needs /proc');
    const dir = scratch(t);
    const fake = path.join(dir, 'helm');
    const tag = `shipshape-child-${process.pid}-${Date.now()}`;
    fs.writeFileSync(fake, `#!/bin/sh\nsh -c 'sleep 300; echo ${tag}' &\nsleep 300\n`, { mode: 0o755 });
    const ac = new AbortController();
    const running = execHelm(fake, ['template'], { signal: ac.signal, timeoutMs: 30_000 });
    let pids: number[] = [];
    while (pids.length < 1) { await new Promise((r) => setTimeout(r, 20)); pids = pidsWith(tag); }
    ac.abort();
    await assert.rejects(running, HelmCancelledError);
    await waitGone(pids);
    assert.deepEqual(pids.filter(alive), [], 'the child is gone too');
  });

  test('a non-zero exit is a result, not an error', async (t) => {
    const dir = scratch(t);
    const fake = path.join(dir, 'helm');
    fs.writeFileSync(fake, '#!/bin/sh\necho out; echo "Error: boom" >&2; exit 3\n', { mode: 0o755 });
    const res = await execHelm(fake, []);
    assert.deepEqual({ code: res.code, stdout: res.stdout, stderr: res.stderr }, { code: 3, stdout: 'out\n', stderr: 'Error: boom\n' });
  });
});
