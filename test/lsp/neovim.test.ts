/**
 * neovim as a third-party LSP client: `nvim --headless --clean` runs test/lsp/nvim-client.lua,
 * which starts dist/server.js with vim.lsp.start_client, opens the Dockerfile and Deployment
 * fixtures of test/fixtures/lsp, waits for their diagnostics, asks for code actions, applies a fix
 * and writes what it saw as JSON. This file runs it (killed on timeout) and checks the JSON.
 *
 * Needs Debian's neovim (0.7): `apt-get install -y neovim` (test/e2e/setup.sh installs it). Without
 * nvim the test fails when $CI is set and is skipped, loudly, otherwise.
 * Run: node scripts/build.mjs && node --import tsx --test test/lsp/neovim.test.ts
 * SHIPSHAPE_NVIM_TIMEOUT_MS: per-wait timeout inside neovim (default 20 s; the whole run gets 3x).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { assertFreshBundle, ROOT, SERVER_JS } from '../helpers/bundle';

const SERVER = SERVER_JS;
const SCRIPT = path.join(__dirname, 'nvim-client.lua');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'lsp');
const WAIT_MS = Number(process.env.SHIPSHAPE_NVIM_TIMEOUT_MS) || 20_000;
const RUN_MS = WAIT_MS * 3;

interface NvimDiagnostic {
  code: string;
  message: string;
  severity: number;
  source: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  has_data: boolean;
}
interface NvimBuffer {
  filetype: string;
  detected_filetype: string;
  diagnostics: NvimDiagnostic[];
  actions: { code: string; lnum: number; titles: string[] }[];
}
interface NvimResult {
  nvim_version?: string;
  error?: string;
  steps: string[];
  buffers: Record<string, NvimBuffer>;
  code_action_provider?: boolean;
  after_fix?: { line: string; diagnostics: NvimDiagnostic[] };
  hover?: string;
  exit?: { code: number; signal: number };
  lsp_log?: string;
}


/** `nvim --version`'s first line, or undefined when there is no nvim on PATH. */
function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.split('\n')[0];
}

/** Runs nvim headless with the Lua client; kills its whole process group (server included) on timeout. */
function runNvim(env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${SCRIPT}`], {
      cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, RUN_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

const codesOf = (b: NvimBuffer) => b.diagnostics.map((d) => d.code);
const titlesFor = (b: NvimBuffer, code: string) => b.actions.filter((a) => a.code === code).flatMap((a) => a.titles);

test('neovim 0.7 (vim.lsp.start_client) gets diagnostics and code actions from the server', { timeout: RUN_MS + 10_000 }, async (t) => {
  const version = nvimVersion();
  if (!version) {
    const msg = 'nvim is not installed: `apt-get install -y neovim` (or `bash test/e2e/setup.sh`) to run the neovim LSP client test';
    if (process.env.CI && !/^(0|false)$/i.test(process.env.CI)) assert.fail(`${msg} (required because CI is set)`);
    process.stderr.write(`\n*** SKIPPED: ${msg} ***\n\n`);
    t.skip(msg);
    return;
  }
  t.diagnostic(version);
  assertFreshBundle();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-nvim-'));
  try {
    const out = path.join(tmp, 'result.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Keep neovim's log, shada and state out of the user's home.
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      XDG_DATA_HOME: path.join(tmp, 'data'),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      XDG_STATE_HOME: path.join(tmp, 'state'),
      SHIPSHAPE_SERVER_JS: SERVER,
      SHIPSHAPE_FIXTURES: FIXTURES,
      SHIPSHAPE_NVIM_OUT: out,
      SHIPSHAPE_NVIM_TIMEOUT: String(WAIT_MS),
    };
    const started = Date.now();
    const run = await runNvim(env, tmp);
    t.diagnostic(`nvim ran for ${Date.now() - started} ms`);
    const context = () => `nvim exit ${run.code}/${run.signal}\nstderr: ${run.stderr.slice(-2000)}\nstdout: ${run.stdout.slice(-1000)}`;
    assert.ok(!run.timedOut, `nvim did not finish within ${RUN_MS} ms and was killed\n${context()}`);
    assert.ok(fs.existsSync(out), `nvim wrote no result\n${context()}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
    assert.equal(result.error, undefined, `the Lua client failed after steps ${JSON.stringify(result.steps)}:\n${result.error}\n${context()}`);
    assert.equal(run.code, 0, context());

    const docker = result.buffers.Dockerfile;
    const k8s = result.buffers['deployment.yaml'];
    assert.equal(docker.filetype, 'dockerfile');
    assert.equal(k8s.filetype, 'yaml');
    assert.equal(result.code_action_provider, true);

    // Dockerfile: the rules, at the right places, with neovim's severities (1 = error, 2 = warning).
    for (const code of ['dockerfile/no-latest-tag', 'dockerfile/prefer-copy-over-add', 'dockerfile/no-root-user']) {
      assert.ok(codesOf(docker).includes(code), `${code} in ${JSON.stringify(codesOf(docker))}`);
    }
    const latest = docker.diagnostics.find((d) => d.code === 'dockerfile/no-latest-tag')!;
    assert.deepEqual([latest.lnum, latest.col, latest.end_lnum, latest.end_col], [0, 5, 0, 16]);
    assert.match(latest.message, /"latest" tag/);
    assert.ok(docker.diagnostics.every((d) => d.source === 'shipshape' && d.has_data), 'source and data survive neovim');
    assert.equal(docker.diagnostics.find((d) => d.code === 'dockerfile/no-root-user')!.severity, 1, 'settings pushed from neovim (no-root-user: error) were applied');
    assert.ok(titlesFor(docker, 'dockerfile/prefer-copy-over-add').includes('Replace ADD with COPY'), JSON.stringify(docker.actions));
    assert.ok(titlesFor(docker, 'dockerfile/no-latest-tag').includes('Disable dockerfile/no-latest-tag for this line'));

    // The fix, applied by neovim's own workspace-edit code, and the server's re-check of the edited buffer.
    assert.equal(result.after_fix?.line, 'COPY package.json /app/');
    // (Only the rules under test: the catalogue may grow and flag other lines of the fixture.)
    const underTest = /^dockerfile\/(no-latest-tag|no-root-user|prefer-copy-over-add)$/;
    assert.deepEqual(result.after_fix.diagnostics.filter((d) => underTest.test(d.code)).map((d) => `${d.code}@${d.lnum}`).sort(), [
      'dockerfile/no-latest-tag@0', 'dockerfile/no-root-user@0', 'dockerfile/prefer-copy-over-add@4',
    ]);

    // Kubernetes manifest.
    for (const code of ['kubernetes/require-resource-limits', 'kubernetes/no-latest-tag', 'kubernetes/no-privileged-container']) {
      assert.ok(codesOf(k8s).includes(code), `${code} in ${JSON.stringify(codesOf(k8s))}`);
    }
    assert.ok(titlesFor(k8s, 'kubernetes/require-resource-limits').includes('Add resource requests and limits'), JSON.stringify(k8s.actions));

    assert.match(result.hover ?? '', /FROM baseImage/, 'hover on FROM');
    assert.deepEqual(result.exit, { code: 0, signal: 0 }, 'the server exited cleanly on shutdown/exit');

    // neovim logs server errors, stderr and protocol complaints (e.g. an unrequested registerCapability).
    const log = result.lsp_log && fs.existsSync(result.lsp_log) ? fs.readFileSync(result.lsp_log, 'utf8') : '';
    const complaints = log.split('\n').filter((l) => /^\[(ERROR|WARN)\]/.test(l));
    assert.deepEqual(complaints, [], 'neovim logged no LSP errors or warnings');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
