/**
 * Real registries for the registry tests: Debian's `docker-registry` (distribution 2.8) started
 * on 127.0.0.1 with a config of our own in a temp folder (open, htpasswd basic auth, or token auth
 * against a token issuer written here that signs ES256 JWTs with an x5c certificate), images
 * pushed over plain HTTP the way `docker push` does it, and small Node HTTP servers for what a
 * real registry will not do on demand (redirects, 429, silence). Everything is started and
 * stopped by the tests, with time limits and no fixed sleeps.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID, sign, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const INSTALL_HINT = 'apt-get install -y docker-registry apache2-utils openssl';

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const full = path.join(dir, program);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why the real-registry tests cannot run here, or undefined when they can. */
export function missingTools(): string | undefined {
  const missing = ['docker-registry', 'htpasswd', 'openssl'].filter((p) => !which(p));
  return missing.length ? `${missing.join(', ')} not found on PATH (install with: ${INSTALL_HINT})` : undefined;
}

/**
 * `describe` for suites that need docker-registry: skipped loudly when the tools are missing,
 * failing instead when the CI environment variable is set.
 */
export function registrySuite(name: string, fn: () => void): void {
  const missing = missingTools();
  if (missing && process.env.CI) {
    test(`${name}: docker-registry is required in CI`, () => assert.fail(missing));
    return;
  }
  if (missing) {
    process.stderr.write(`\n*** SKIPPING "${name}": ${missing} ***\n\n`);
    describe(name, { skip: `SKIPPED: ${missing}` }, fn);
    return;
  }
  describe(name, fn);
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'shipshape-registry-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits for `predicate` on the process's stderr+stdout, failing on exit or after `ms`. */
function waitForOutput(child: ChildProcess, predicate: (text: string) => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const onData = (d: Buffer) => {
      text += d.toString();
      if (predicate(text)) done();
    };
    const onExit = (code: number | null) => done(new Error(`${what} exited (${code}) before it was ready:\n${text.slice(-2000)}`));
    const timer = setTimeout(() => done(new Error(`${what} was not ready within ${ms} ms:\n${text.slice(-2000)}`)), ms);
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopProcess(child: ChildProcess, ms = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface RegistryAuthConfig {
  htpasswd?: { realm: string; path: string };
  token?: { realm: string; service: string; issuer: string; rootcertbundle: string };
}

export interface RegistryInstance {
  /** `127.0.0.1:PORT` */
  host: string;
  /** `http://127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `docker-registry serve` on a free 127.0.0.1 port, storing in `storageDir` (several
 * instances may share one storage folder: they then serve the same images).
 */
export async function startRegistry(workDir: string, storageDir: string, auth?: RegistryAuthConfig): Promise<RegistryInstance> {
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const config = [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${JSON.stringify(storageDir)}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${randomBytes(16).toString('hex')}`,
    ];
    if (auth?.htpasswd) config.push('auth:', '  htpasswd:', `    realm: ${JSON.stringify(auth.htpasswd.realm)}`, `    path: ${JSON.stringify(auth.htpasswd.path)}`);
    if (auth?.token) {
      const t = auth.token;
      config.push('auth:', '  token:', `    realm: ${JSON.stringify(t.realm)}`, `    service: ${JSON.stringify(t.service)}`,
        `    issuer: ${JSON.stringify(t.issuer)}`, `    rootcertbundle: ${JSON.stringify(t.rootcertbundle)}`);
    }
    const file = path.join(workDir, `registry-${port}.yml`);
    fs.writeFileSync(file, config.join('\n') + '\n');
    const child = spawn('docker-registry', ['serve', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitForOutput(child, (t) => t.includes(`listening on 127.0.0.1:${port}`), 10_000, 'docker-registry');
    } catch (err) {
      await stopProcess(child);
      if (tries < 3 && /address already in use/.test(String(err))) continue;
      throw err;
    }
    // Keep draining its output so it never blocks on a full pipe.
    child.stdout?.resume();
    child.stderr?.resume();
    const host = `127.0.0.1:${port}`;
    return { host, url: `http://${host}`, stop: () => stopProcess(child) };
  }
}

/** `user:bcrypt-hash` lines from `htpasswd -Bbn` (passwords go as arguments, not through a shell). */
export function writeHtpasswd(file: string, users: Record<string, string>): void {
  const lines = Object.entries(users).map(([u, p]) => execFileSync('htpasswd', ['-Bbn', '--', u, p], { encoding: 'utf8' }).trim());
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

// ---- pushing images ------------------------------------------------------------------------

export const MT = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

export function digestOf(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

async function check(res: Response, what: string, expected: number): Promise<void> {
  if (res.status !== expected) assert.fail(`${what}: HTTP ${res.status} ${await res.text()}`);
}

export async function pushBlob(base: string, repo: string, data: Buffer): Promise<{ digest: string; size: number }> {
  const digest = digestOf(data);
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await check(start, 'start upload', 202);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: data, headers: { 'content-type': 'application/octet-stream' } });
  await check(put, 'finish upload', 201);
  return { digest, size: data.length };
}

export async function pushManifest(base: string, repo: string, reference: string, mediaType: string, body: string): Promise<string> {
  const res = await fetch(`${base}/v2/${repo}/manifests/${reference}`, { method: 'PUT', body, headers: { 'content-type': mediaType } });
  await check(res, `put manifest ${repo}:${reference}`, 201);
  const digest = digestOf(body);
  assert.equal(res.headers.get('docker-content-digest'), digest);
  return digest;
}

export interface PushedManifest {
  digest: string;
  mediaType: string;
  size: number;
  platform: { os: string; architecture: string; variant?: string };
  /** Sum of the layer sizes. */
  layerBytes: number;
  created: string;
}

export interface PushedImage {
  digest: string;
  mediaType: string;
  manifests: PushedManifest[];
}

/** One image manifest (Docker v2 or OCI) with a random config and one or two random layers; not tagged unless `tag`. */
export async function pushSingle(base: string, repo: string, opts: { oci?: boolean; arch?: string; variant?: string; created?: string; tag?: string } = {}): Promise<PushedManifest> {
  const arch = opts.arch ?? 'amd64';
  const created = opts.created ?? new Date(Date.UTC(2024, 0, 2, 3, 4, 5)).toISOString();
  const layers = [randomBytes(1000 + Math.floor(Math.random() * 3000)), randomBytes(500)];
  const layerDescs = [];
  for (const l of layers) layerDescs.push({ mediaType: opts.oci ? MT.ociLayer : MT.dockerLayer, ...(await pushBlob(base, repo, l)) });
  const config = JSON.stringify({
    architecture: arch, os: 'linux', ...(opts.variant ? { variant: opts.variant } : {}), created,
    config: { Env: ['PATH=/usr/bin'] }, rootfs: { type: 'layers', diff_ids: layers.map((l) => digestOf(l)) }, nonce: randomUUID(),
  });
  const configDesc = { mediaType: opts.oci ? MT.ociConfig : MT.dockerConfig, ...(await pushBlob(base, repo, Buffer.from(config))) };
  const mediaType = opts.oci ? MT.ociManifest : MT.dockerManifest;
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType, config: configDesc, layers: layerDescs });
  const digest = await pushManifest(base, repo, opts.tag ?? digestOf(manifest), mediaType, manifest);
  return {
    digest, mediaType, size: Buffer.byteLength(manifest), created,
    platform: { os: 'linux', architecture: arch, ...(opts.variant ? { variant: opts.variant } : {}) },
    layerBytes: layers.reduce((n, l) => n + l.length, 0),
  };
}

/** A Docker v2 image (linux/amd64) under `repo:tag`. */
export async function pushDockerImage(base: string, repo: string, tag: string, created?: string): Promise<PushedImage> {
  const m = await pushSingle(base, repo, { tag, created });
  return { digest: m.digest, mediaType: m.mediaType, manifests: [m] };
}

/**
 * A Docker manifest list or an OCI index with linux/amd64 and linux/arm64/v8 (the OCI index also
 * carries a BuildKit-style attestation manifest, which is not a platform).
 */
export async function pushMultiArch(base: string, repo: string, tag: string, kind: 'docker' | 'oci'): Promise<PushedImage> {
  const oci = kind === 'oci';
  const amd = await pushSingle(base, repo, { oci, arch: 'amd64' });
  const arm = await pushSingle(base, repo, { oci, arch: 'arm64', variant: 'v8', created: new Date(Date.UTC(2024, 5, 6, 7, 8, 9)).toISOString() });
  const descs: Record<string, unknown>[] = [amd, arm].map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.size, platform: m.platform }));
  if (oci) {
    const att = await pushSingle(base, repo, { oci: true, arch: 'unknown' });
    descs.push({
      mediaType: att.mediaType, digest: att.digest, size: att.size, platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': amd.digest },
    });
  }
  const mediaType = oci ? MT.ociIndex : MT.dockerList;
  const index = JSON.stringify({ schemaVersion: 2, mediaType, manifests: descs });
  const digest = await pushManifest(base, repo, tag, mediaType, index);
  return { digest, mediaType, manifests: [amd, arm] };
}

// ---- a token issuer ------------------------------------------------------------------------

export interface TokenIssuer {
  /** `http://127.0.0.1:PORT/token` */
  realm: string;
  service: string;
  issuer: string;
  certFile: string;
  /** Every token request: its Authorization header (if any) and query/form. */
  requests: { method: string; authorization?: string; params: Record<string, string> }[];
  stop(): Promise<void>;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * A token service for distribution's `auth.token`: grants what `scope` asks for to the given
 * users (basic auth, or a refresh token equal to `refreshTokens[user]`), and `pull` on
 * repositories under `publicPrefix` to anyone.
 */
export async function startTokenIssuer(workDir: string, opts: { users: Record<string, string>; refreshTokens?: Record<string, string>; publicPrefix: string }): Promise<TokenIssuer> {
  const keyFile = path.join(workDir, 'issuer-key.pem');
  const certFile = path.join(workDir, 'issuer-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile,
    '-out', certFile, '-days', '2', '-subj', '/CN=shipshape-test-issuer'], { stdio: 'pipe' });
  const key = fs.readFileSync(keyFile, 'utf8');
  const der = new X509Certificate(fs.readFileSync(certFile)).raw.toString('base64');
  const service = 'shipshape-test-registry';
  const issuer = 'shipshape-test-issuer';
  const requests: TokenIssuer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())));
      requests.push({ method: req.method ?? '', authorization: req.headers.authorization, params });
      let user: string | undefined;
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (basic) {
        const [u, ...rest] = Buffer.from(basic[1], 'base64').toString().split(':');
        if (opts.users[u] === rest.join(':')) user = u;
        else {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
          return;
        }
      }
      if (params.grant_type === 'refresh_token') {
        user = Object.entries(opts.refreshTokens ?? {}).find(([, t]) => t === params.refresh_token)?.[0];
        if (!user) {
          res.writeHead(401).end('{"details":"bad refresh token"}');
          return;
        }
      }
      const access = [];
      const scope = params.scope ?? '';
      const m = /^repository:([^:]+):(.+)$/.exec(scope);
      if (m) {
        const actions = m[2].split(',');
        if (user) access.push({ type: 'repository', name: m[1], actions });
        else if (m[1].startsWith(opts.publicPrefix)) access.push({ type: 'repository', name: m[1], actions: actions.filter((a) => a === 'pull') });
      }
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [der] }));
      const claims = b64url(JSON.stringify({ iss: issuer, sub: user ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
      const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
      const token = `${header}.${claims}.${b64url(signature)}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  return {
    realm: `http://127.0.0.1:${port}/token`, service, issuer, certFile, requests,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

// ---- small HTTP servers --------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  port: number;
  /** `127.0.0.1:PORT` */
  host: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** An HTTP server (on 127.0.0.1 unless told) that records every request and answers with `handler`. */
export async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, count: number) => void, address = '127.0.0.1'): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, requests.length);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    port, host: `${address}:${port}`, requests,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A temp DOCKER_CONFIG folder with `config` as config.json. */
export function writeDockerConfig(dir: string, config: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  return dir;
}

export function basicAuth(user: string, pass: string): string {
  return Buffer.from(`${user}:${pass}`).toString('base64');
}
