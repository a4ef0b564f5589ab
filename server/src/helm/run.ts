/**
 * Running Helm: find the binary (a setting, else PATH), learn its version (`helm version --short`),
 * build the argument array for `helm template` or `helm install --dry-run` (Helm 3 and Helm 4 spell
 * the dry-run flag differently), and run it without a shell (an argument array, never a command
 * string), with a timeout and cancellation that kill the process (and anything it started).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** How to render: `template` needs no cluster; `client`/`server` are `helm install --dry-run=...`. */
export type HelmMode = 'template' | 'client' | 'server';

/** What to render, as the user chose it. */
export interface HelmOptions {
  /** `-f` files, in order (later ones win). Relative paths are resolved against `cwd`. */
  valuesFiles?: string[];
  /** `--set` values, in order (later ones win), passed as typed. */
  set?: string[];
  /** Release name; Helm's `release-name` when absent. */
  release?: string;
  namespace?: string;
  /** `--kube-version` (template only). */
  kubeVersion?: string;
  /** `--include-crds` (template only). */
  includeCrds?: boolean;
  /** `--show-only` templates, relative to the chart (`templates/deployment.yaml`). */
  showOnly?: string[];
  mode?: HelmMode;
}

export interface HelmInfo {
  /** The executable that was run. */
  path: string;
  /** e.g. "3.17.3". */
  version: string;
  major: number;
  minor: number;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill Helm after this many milliseconds (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Helm is not installed, or the configured path is not Helm. */
export class HelmNotFoundError extends Error {
  readonly code = 'HELM_NOT_FOUND';
}
/** Helm ran longer than the timeout and was killed. */
export class HelmTimeoutError extends Error {
  readonly code = 'HELM_TIMEOUT';
}
/** The caller cancelled; Helm was killed. */
export class HelmCancelledError extends Error {
  readonly code = 'HELM_CANCELLED';
}

export const INSTALL_HINT =
  'Install Helm 3 or 4 (https://helm.sh/docs/intro/install/: a release binary, `brew install helm`, `choco install kubernetes-helm`, ' +
  '`snap install helm --classic`) and put it on PATH, or set `shipshape.helm.path` (CLI: --helm <path>).';

const DEFAULT_TIMEOUT_MS = 60_000;
// Helm catches SIGTERM (it only cancels a context a blocked render never looks at): SIGKILL soon after.
const KILL_GRACE_MS = 1_000;
const MAX_OUTPUT = 256 * 1024 * 1024;

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Helm to run: `configured` when given (a path, or a bare name looked up on PATH), else `helm`
 * on PATH. Throws HelmNotFoundError with install instructions.
 */
export function findHelm(configured?: string, env: NodeJS.ProcessEnv = process.env): string {
  const wanted = configured?.trim();
  if (wanted && (path.isAbsolute(wanted) || wanted.includes('/') || wanted.includes('\\'))) {
    const abs = path.resolve(wanted.replace(/^~(?=$|[\\/])/, env.HOME ?? '~'));
    if (isExecutable(abs)) return abs;
    throw new HelmNotFoundError(`Helm was not found at "${wanted}" (the configured Helm path): no executable file there. ${INSTALL_HINT}`);
  }
  const name = wanted || 'helm';
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + (ext && !name.toUpperCase().endsWith(ext.toUpperCase()) ? ext : ''));
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new HelmNotFoundError(`Helm was not found: no "${name}" on PATH. ${INSTALL_HINT}`);
}

/** Kills the process and its process group (Helm plugins and post-renderers run as children). */
function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

/**
 * Runs `file args...` without a shell (spawn with an argument array: execFile cannot start the
 * process in its own group, which the kill needs). Resolves with the exit code and output (a
 * non-zero exit is not an error); rejects with HelmTimeoutError / HelmCancelledError after killing
 * the process group, or HelmNotFoundError when the file cannot be started.
 */
export function execHelm(file: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new HelmCancelledError('Helm was cancelled before it started.'));
      return;
    }
    let outcome: 'timeout' | 'cancelled' | 'overflow' | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let child: ChildProcess;
    try {
      child = spawn(file, [...args], {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        shell: false,
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a kill reaches what Helm started too.
        detached: process.platform !== 'win32',
      });
    } catch (err) {
      reject(new HelmNotFoundError(`Helm could not be started from "${file}" (${(err as Error).message}). ${INSTALL_HINT}`));
      return;
    }
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_OUTPUT) { stop('overflow'); return; }
      into.push(chunk);
    };
    child.stdout!.on('data', collect(out));
    child.stderr!.on('data', collect(errOut));
    const finish = (): void => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish();
      if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'ENOEXEC') {
        reject(new HelmNotFoundError(`Helm could not be started from "${file}" (${err.code}). ${INSTALL_HINT}`));
      } else reject(err);
    });
    child.on('close', (code, signal) => {
      finish();
      const durationMs = Date.now() - started;
      if (outcome === 'timeout') return reject(new HelmTimeoutError(`Helm did not finish within ${Math.round(timeoutMs / 100) / 10} s and was stopped (\`${path.basename(file)} ${args[0] ?? ''}\`).`));
      if (outcome === 'cancelled') return reject(new HelmCancelledError('Helm was cancelled and stopped.'));
      if (outcome === 'overflow') return reject(new Error(`Helm printed more than ${MAX_OUTPUT / 1024 / 1024} MB; the render was stopped.`));
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8'), durationMs });
    });
    const stop = (why: 'timeout' | 'cancelled' | 'overflow'): void => {
      if (outcome) return;
      outcome = why;
      kill(child, 'SIGTERM');
      graceTimer = setTimeout(() => kill(child, 'SIGKILL'), KILL_GRACE_MS);
      graceTimer.unref();
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const versionCache = new Map<string, { key: string; info: HelmInfo }>();

/** `helm version --short` → "v3.17.3+ge4da497"; cached per executable (path, size, mtime). */
export async function helmVersion(helm: string, opts: ExecOptions = {}): Promise<HelmInfo> {
  let key = '';
  try {
    const st = fs.statSync(helm);
    key = `${st.size}:${st.mtimeMs}`;
  } catch { /* resolved on PATH by execFile */ }
  const hit = versionCache.get(helm);
  if (hit && key && hit.key === key) return hit.info;
  const res = await execHelm(helm, ['version', '--short'], { ...opts, timeoutMs: Math.min(opts.timeoutMs ?? 20_000, 20_000) });
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(res.stdout);
  if (res.code !== 0 || !m) {
    throw new HelmNotFoundError(`"${helm}" does not look like Helm: \`version --short\` ${res.code !== 0 ? `exited with ${res.code}` : `printed "${res.stdout.trim().slice(0, 80)}"`}. ${INSTALL_HINT}`);
  }
  const info: HelmInfo = { path: helm, version: `${m[1]}.${m[2]}.${m[3]}`, major: Number(m[1]), minor: Number(m[2]) };
  if (info.major < 3) throw new HelmNotFoundError(`Helm ${info.version} is too old: Shipshape needs Helm 3 or 4. ${INSTALL_HINT}`);
  if (key) versionCache.set(helm, { key, info });
  return info;
}

/** Problems with options that Helm would reject or silently ignore, said before running it. */
export function checkOptions(info: HelmInfo, options: HelmOptions): string[] {
  const warnings: string[] = [];
  const mode = options.mode ?? 'template';
  if (mode !== 'template') {
    if (options.kubeVersion) warnings.push('--kube-version only applies to `helm template`; `helm install --dry-run` takes the version from the cluster.');
    if (options.includeCrds) warnings.push('--include-crds only applies to `helm template`.');
  }
  if (mode === 'server' && info.major === 3 && info.minor < 13) warnings.push(`Helm ${info.version} has no --dry-run=server (Helm 3.13 added it); a plain --dry-run is used.`);
  if (mode === 'client' && info.major === 3) warnings.push('Helm 3 still contacts the cluster for `helm install --dry-run`; use `helm template` to render without one.');
  return warnings;
}

/**
 * `--values` is a string *slice* flag: Helm reads its value as one CSV record, so a path with a
 * comma would become two files and one with a `"` is rejected. Such paths are CSV-quoted.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The argument array for a render. Every option is one `--flag=value` element, so values that
 * start with a dash, or hold spaces, quotes or `$()`, reach Helm as typed; positionals follow `--`.
 */
export function helmArgs(info: HelmInfo, chart: string, options: HelmOptions, cwd = process.cwd()): string[] {
  const mode = options.mode ?? 'template';
  const args: string[] = [mode === 'template' ? 'template' : 'install'];
  for (const f of options.valuesFiles ?? []) args.push(`--values=${csvField(path.resolve(cwd, f))}`);
  for (const s of options.set ?? []) args.push(`--set=${s}`);
  if (options.namespace) args.push(`--namespace=${options.namespace}`);
  if (mode === 'template') {
    if (options.kubeVersion) args.push(`--kube-version=${options.kubeVersion}`);
    if (options.includeCrds) args.push('--include-crds');
    for (const t of options.showOnly ?? []) args.push(`--show-only=${t}`);
  } else if (info.major >= 4) {
    // Helm 4: --dry-run takes client|server|none; a bare --dry-run is deprecated.
    args.push(`--dry-run=${mode}`);
  } else {
    // Helm 3: a bare --dry-run is the client-side one; --dry-run=server since 3.13.
    args.push(mode === 'server' && info.minor >= 13 ? '--dry-run=server' : '--dry-run');
  }
  args.push('--');
  if (options.release) args.push(options.release);
  else if (mode !== 'template') args.push('release-name');
  args.push(path.resolve(cwd, chart));
  return args;
}

/** A shell-quoted rendering of a command line, for messages only (nothing runs it). */
export function displayCommand(file: string, args: readonly string[]): string {
  const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [path.basename(file), ...args].map(q).join(' ');
}

/**
 * Values files that are not regular files (`-f <(sops -d secrets.yaml)`, FIFOs) can be read only
 * once, but the preview runs Helm twice: their content is read here (without blocking the event
 * loop) into private temporary files. Returns the paths to give Helm and a cleanup.
 */
export async function materializeValues(files: readonly string[], cwd: string, opts: { signal?: AbortSignal; deadline?: number } = {}): Promise<{ paths: string[]; cleanup(): void }> {
  let dir: string | undefined;
  const paths: string[] = [];
  const cleanup = (): void => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); };
  try {
    for (const f of files) {
      const abs = path.resolve(cwd, f);
      let st: fs.Stats | undefined;
      try { st = fs.statSync(abs); } catch { /* Helm says it is missing */ }
      if (!st || st.isFile() || process.platform === 'win32') { paths.push(abs); continue; }
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-values-'));
      const target = path.join(dir, `${paths.length}-${path.basename(abs).replace(/[^\w.-]/g, '_') || 'values'}.yaml`);
      fs.writeFileSync(target, await readStream(abs, opts), { mode: 0o600 });
      paths.push(target);
    }
  } catch (err) {
    cleanup();
    throw err;
  }
  return { paths, cleanup };
}

function readStream(file: string, opts: { signal?: AbortSignal; deadline?: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // O_NONBLOCK: opening a FIFO does not wait for a writer; the socket reads it in the event loop.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const sock = new net.Socket({ fd, readable: true, writable: false });
    const chunks: Buffer[] = [];
    const done = (err?: Error): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.destroy();
      if (err) reject(err); else resolve(Buffer.concat(chunks));
    };
    const onAbort = (): void => done(new HelmCancelledError('Helm was cancelled while a values file was read.'));
    const timer = setTimeout(() => done(new HelmTimeoutError(`Reading the values file ${file} took too long.`)), Math.max(1, (opts.deadline ?? Date.now() + 60_000) - Date.now()));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => done());
    sock.on('error', (e) => done(e));
  });
}
