/**
 * Registry credentials from the user's Docker config ($DOCKER_CONFIG/config.json, else
 * ~/.docker/config.json): `credHelpers` per registry, base64 `auths` entries, then `credsStore`.
 * Helpers run as `docker-credential-<name> get` through execFile (no shell), with the server on
 * stdin and a time limit. Secrets stay in memory and are never written to messages.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegistryError } from './errors';
import { DOCKER_HUB, DOCKER_HUB_API } from './reference';

/** A user name and password, or an identity (refresh) token for the token endpoint. */
export interface Credentials {
  username?: string;
  password?: string;
  identityToken?: string;
  /** Where they came from, for messages: `config.json`, `helper "desktop"`. */
  source: string;
}

export interface CredentialOptions {
  /** Environment (DOCKER_CONFIG, HOME, PATH for helpers). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Folder holding config.json; overrides DOCKER_CONFIG. */
  configDir?: string;
  /** Time limit of a credential helper. Default 10 s. */
  helperTimeoutMs?: number;
  /** False in untrusted workspaces: helpers are programs, so they are not run. */
  allowHelpers?: boolean;
  signal?: AbortSignal;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The server names Docker uses for Docker Hub in config.json and with helpers. */
const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', DOCKER_HUB_API];

/** `https://ghcr.io/v1/` → `ghcr.io` (Docker's ConvertToHostname). */
export function configKeyHost(key: string): string {
  let k = key.trim();
  k = k.replace(/^[a-z]+:\/\//i, '');
  return k.split('/')[0].toLowerCase();
}

function isHub(host: string): boolean {
  return host === DOCKER_HUB || host === DOCKER_HUB_API || host === 'index.docker.io';
}

/** The Docker config file the options point to. */
export function dockerConfigFile(opts: CredentialOptions = {}): string {
  const env = opts.env ?? process.env;
  const dir = opts.configDir ?? (env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker'));
  return path.join(dir, 'config.json');
}

function readConfig(file: string): DockerConfig | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new RegistryError('credentials', `cannot read the Docker config ${file}: ${(err as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as unknown;
    return json && typeof json === 'object' ? (json as DockerConfig) : undefined;
  } catch {
    throw new RegistryError('credentials', `the Docker config ${file} is not valid JSON`);
  }
}

/** The entry of `record` whose key names `host`; Docker Hub answers to all its historic names. */
function lookup<T>(record: Record<string, T> | undefined, host: string): [string, T] | undefined {
  if (!record) return undefined;
  const wanted = isHub(host) ? HUB_KEYS.map(configKeyHost) : [host.toLowerCase()];
  for (const key of Object.keys(record)) {
    if (wanted.includes(configKeyHost(key))) return [key, record[key]];
  }
  return undefined;
}

/** A helper name is a suffix of a program name on PATH: no path separators, no NUL. */
function checkHelperName(name: string): void {
  if (!name || /[/\\\0]/.test(name)) {
    throw new RegistryError('credentials', `credential helper name ${JSON.stringify(name)} is not allowed (it must not contain a path)`);
  }
}

/** Runs `docker-credential-<name> get` with `server` on stdin; undefined when it has nothing for the server. */
export function runCredentialHelper(name: string, server: string, opts: CredentialOptions = {}): Promise<Credentials | undefined> {
  checkHelperName(name);
  const program = `docker-credential-${name}`;
  const timeout = opts.helperTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const child = execFile(program, ['get'], {
      env: opts.env ?? process.env, timeout, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true, signal: opts.signal,
    }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
        const said = `${stdout}\n${stderr}`;
        if (/credentials not found/i.test(said)) return resolve(undefined);
        if (opts.signal?.aborted) return reject(new RegistryError('aborted', 'cancelled'));
        if (e.code === 'ENOENT') return reject(new RegistryError('credentials', `credential helper ${program} was not found on PATH`));
        if (e.killed || e.signal === 'SIGKILL') {
          return reject(new RegistryError('credentials', `credential helper ${program} did not answer within ${timeout / 1000} s`));
        }
        const first = String(stderr || stdout).trim().split('\n')[0].slice(0, 200);
        return reject(new RegistryError('credentials', `credential helper ${program} failed${first ? `: ${first}` : ''}`));
      }
      let json: { Username?: unknown; Secret?: unknown };
      try {
        json = JSON.parse(stdout) as typeof json;
      } catch {
        return reject(new RegistryError('credentials', `credential helper ${program} did not print JSON`));
      }
      const username = typeof json.Username === 'string' ? json.Username : undefined;
      const secret = typeof json.Secret === 'string' ? json.Secret : undefined;
      if (!secret) return resolve(undefined);
      const source = `credential helper "${name}"`;
      resolve(username === '<token>' ? { identityToken: secret, source } : { username, password: secret, source });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(server);
  });
}

/**
 * Credentials for a registry host (`ghcr.io`, `localhost:5000`; Docker Hub under any of its names),
 * or undefined for anonymous access.
 */
export async function findCredentials(host: string, opts: CredentialOptions = {}): Promise<Credentials | undefined> {
  const file = dockerConfigFile(opts);
  const config = readConfig(file);
  if (!config) return undefined;
  const allowHelpers = opts.allowHelpers ?? true;
  const helper = lookup(config.credHelpers, host);
  if (helper && allowHelpers) return runCredentialHelper(helper[1], isHub(host) ? HUB_KEYS[0] : helper[0], opts);
  const entry = lookup(config.auths, host);
  if (entry) {
    const a = entry[1] ?? {};
    if (a.identitytoken) return { identityToken: a.identitytoken, source: 'config.json' };
    if (a.auth) {
      const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new RegistryError('credentials', `the "auth" entry for ${entry[0]} in ${file} is not base64 of user:password`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: 'config.json' };
    }
    if (a.username && a.password) return { username: a.username, password: a.password, source: 'config.json' };
  }
  if (config.credsStore && allowHelpers) return runCredentialHelper(config.credsStore, isHub(host) ? HUB_KEYS[0] : host, opts);
  return undefined;
}
