// codeServer.ts: starts a throwaway code-server 4.100.3 (real VS Code 1.100.3 workbench, Node
// extension host) for one test: scratch --user-data-dir, --extensions-dir, XDG_* and TMPDIR, the
// .vsix installed first, user settings written, started in its own process group (stop() kills the
// whole group, language servers included), port read from its log. Every wait has a timeout.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** test/e2e/ */
export const E2E_DIR = path.resolve(__dirname, '..');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** .vsix to install (with `--install-extension`) before the server starts. */
  vsix?: string;
  /**
   * Extension folder loaded as in "Run Extension" (F5). code-server's CLI rejects VS Code's
   * --extensionDevelopmentPath flag, so it is passed the way the web workbench reads it: as the
   * `payload` query parameter of `url` (see workbenchUrl).
   */
  extensionDevelopmentPath?: string;
  /** Module exporting `run(): Promise<void>`, run by the extension host (also via `payload`). */
  extensionTestsPath?: string;
  /** Written to <userDataDir>/User/settings.json, over harness defaults that quiet the UI. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server (and so the extension host and language servers). */
  env?: Record<string, string>;
  /** ms to wait for the "HTTP server listening" line (default 60 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** Workbench URL that opens `workspace` (plus the extension-development payload, if any). */
  url: string;
  /** http://127.0.0.1:PORT/ */
  baseUrl: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** Scratch folder holding everything above; removed by stop() unless SHIPSHAPE_E2E_KEEP=1. */
  scratchDir: string;
  /** stdout + stderr of code-server so far. */
  log(): string;
  /** code-server's stdout/stderr plus every VS Code log file under userDataDir/logs (ext host, etc.). */
  allLogs(): Promise<string>;
  /** Resolves with the exit code (or signal name) once the server process has exited. */
  exited: Promise<number | string | null>;
  /** SIGTERM to the process group, SIGKILL after 5 s, then removes the scratch folder. */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic; options.settings override them. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'problems.autoReveal': false,
};

/** Environment variables that would make code-server reuse another instance or change its port/auth. */
const SCRUBBED_ENV = /^(VSCODE_|CS_|CODE_SERVER_|ELECTRON_)|^(PORT|PASSWORD|HASHED_PASSWORD|GITHUB_TOKEN)$/;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY} missing): run bash test/e2e/setup.sh`);
  }
  const workspace = path.resolve(options.workspace);
  const scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shipshape-cs-'));
  const dir = (name: string) => path.join(scratchDir, name);
  const userDataDir = dir('user-data');
  const extensionsDir = dir('extensions');
  for (const d of ['user-data/User', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp']) {
    await fs.mkdir(dir(d), { recursive: true });
  }
  const configFile = dir('config.yaml');
  await fs.writeFile(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  await fs.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUBBED_ENV.test(k)) env[k] = v;
  Object.assign(env, {
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    XDG_CACHE_HOME: dir('xdg-cache'),
    TMPDIR: dir('tmp'),
    // No extension gallery (it would query open-vsx.org, which this network cannot reach anyway).
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  });
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let output = '';
  if (options.vsix) {
    try {
      output += await runInstall(
        [CODE_SERVER_ENTRY, ...common, '--force', '--install-extension', path.resolve(options.vsix)], env);
    } catch (err) {
      await fs.rm(scratchDir, { recursive: true, force: true });
      throw err;
    }
  }

  const child = spawn(process.execPath, [
    CODE_SERVER_ENTRY, ...common,
    '--bind-addr', '127.0.0.1:0', '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    workspace,
  ], { cwd: scratchDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.set(child, scratchDir);
  installCleanupHandlers();

  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
    child.once('error', (err) => { output += `\n[spawn error] ${err.message}\n`; resolve(null); });
  });
  const listeners: Array<() => void> = [];
  const onData = (b: Buffer) => { output += b.toString(); for (const l of listeners) l(); };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  let stopped: Promise<void> | undefined;
  const stop = () => stopped ??= (async () => {
    killGroup(child, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
    if (!done) killGroup(child, 'SIGKILL');
    // Whatever else was left in the group (language servers slow to exit).
    await delay(100);
    killGroup(child, 'SIGKILL');
    live.delete(child);
    if (process.env.SHIPSHAPE_E2E_KEEP !== '1') {
      await fs.rm(scratchDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    }
  })();

  const log = () => output;
  const allLogs = async () => {
    let text = `==== code-server output ====\n${output}`;
    for (const f of await listFiles(path.join(userDataDir, 'logs'))) {
      if (f.endsWith('.log')) text += `\n==== ${path.relative(userDataDir, f)} ====\n${await fs.readFile(f, 'utf8').catch(String)}`;
    }
    return text;
  };

  // Wait for "HTTP server listening on http://127.0.0.1:PORT/".
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const check = () => {
        const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)\//.exec(output);
        if (m) resolve(Number(m[1]));
      };
      listeners.push(check);
      check();
      exited.then((code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
      setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs} ms:\n${output}`)), timeoutMs).unref();
    });
  } catch (err) {
    await stop();
    throw err;
  }
  listeners.length = 0;

  const baseUrl = `http://127.0.0.1:${port}/`;
  const url = workbenchUrl(baseUrl, workspace, {
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
  });
  return { url, baseUrl, port, userDataDir, extensionsDir, scratchDir, log, allLogs, exited, stop };
}

/**
 * `/?folder=<workspace>`, plus `payload=[["extensionDevelopmentPath", uri], ["extensionTestsPath", uri]]`
 * when given: the web workbench turns these into its environment's extensionDevelopmentLocationURI /
 * extensionTestsLocationURI, which the (remote, Node) extension host then uses as the desktop flags.
 * The URIs use the vscode-remote scheme with the server's host:port as authority.
 */
export function workbenchUrl(baseUrl: string, workspace: string,
  dev: { extensionDevelopmentPath?: string; extensionTestsPath?: string } = {}): string {
  const u = new URL(baseUrl);
  u.searchParams.set('folder', path.resolve(workspace));
  const remote = (p: string) => `vscode-remote://${u.host}${pathToFileURL(path.resolve(p)).pathname}`;
  const payload: [string, string][] = [];
  if (dev.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(dev.extensionDevelopmentPath)]);
  if (dev.extensionTestsPath) payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
  if (payload.length) u.searchParams.set('payload', JSON.stringify(payload));
  return u.toString();
}

/** Servers not yet stopped: killed if this process exits or is interrupted (they run detached). */
const live = new Map<ChildProcess, string>();
let handlersInstalled = false;
function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const killAll = () => {
    for (const [c, scratch] of live) {
      killGroup(c, 'SIGKILL');
      if (process.env.SHIPSHAPE_E2E_KEEP !== '1') rmSync(scratch, { recursive: true, force: true });
    }
    live.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig); // default action now that our handler is gone
    });
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try { process.kill(-child.pid, signal); } catch { /* group already gone */ }
}

function runInstall(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const out = `$ code-server ${args.slice(1).join(' ')}\n${stdout}${stderr}`;
      if (err) reject(new Error(`extension install failed: ${err.message}\n${out}`));
      else if (/Failed Installing|error/i.test(stdout + stderr) && !/successfully installed/i.test(stdout)) {
        reject(new Error(`extension install failed:\n${out}`));
      } else resolve(out);
    });
  });
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p); else out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
