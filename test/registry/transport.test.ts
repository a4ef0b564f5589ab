/**
 * What a real registry will not do on demand, with small Node HTTP servers: a redirect to another
 * host (the Authorization header must not follow), 429 with Retry-After, 5xx, silence (time
 * limits), cancellation, refused connections, 403 / NAME_UNKNOWN / bad digests, a HEAD without a
 * digest, and plain HTTP only to registries listed as insecure.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { RegistryClient } from '../../server/src/registry/client';
import type { RegistryError } from '../../server/src/registry/errors';
import { basicAuth, freePort, startServer, tempDir, writeDockerConfig, type TestServer } from './harness';

const MANIFEST = JSON.stringify({
  schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: 'sha256:' + 'c'.repeat(64) }, layers: [],
});
const DIGEST = 'sha256:' + createHash('sha256').update(MANIFEST).digest('hex');

/** Answers a manifest request like a registry (HEAD: headers only). */
function serveManifest(req: http.IncomingMessage, res: http.ServerResponse, opts: { digestHeader?: boolean; body?: string } = {}): void {
  const body = opts.body ?? MANIFEST;
  const headers: Record<string, string> = { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json', 'content-length': String(Buffer.byteLength(body)) };
  if (opts.digestHeader !== false) headers['docker-content-digest'] = DIGEST;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

describe('registry HTTP behaviour (Node test servers)', () => {
  const tmp = tempDir();
  const servers: TestServer[] = [];
  const serve = async (handler: Parameters<typeof startServer>[0]) => {
    const s = await startServer(handler);
    servers.push(s);
    return s;
  };
  const noConfig = { configDir: path.join(tmp.dir, 'none') };
  const client = (extra: ConstructorParameters<typeof RegistryClient>[0] = {}) => new RegistryClient({ credentials: noConfig, maxRetries: 2, ...extra });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    tmp.cleanup();
  });

  test('a redirect to another host carries no Authorization header', async () => {
    const target = await serve((req, res) => serveManifest(req, res));
    const origin = await serve((req, res) => {
      if (req.headers.authorization !== `Basic ${basicAuth('me', 'pw')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end();
        return;
      }
      res.writeHead(307, { location: `http://localhost:${target.port}${req.url}` }).end();
    });
    const cfg = writeDockerConfig(path.join(tmp.dir, 'redirect'), { auths: { [origin.host]: { auth: basicAuth('me', 'pw') } } });
    const r = await new RegistryClient({ credentials: { configDir: cfg } }).resolve(`${origin.host}/app:1`);
    assert.equal(r.digest, DIGEST);
    assert.ok(origin.requests.some((q) => q.headers.authorization), 'the registry got the credentials');
    assert.ok(target.requests.length > 0);
    for (const q of target.requests) {
      assert.equal(q.headers.authorization, undefined, 'the other host got no credentials');
      assert.equal(q.headers.accept?.split(', ').length, 4, 'all four manifest types accepted');
    }
  });

  test('HEAD without Docker-Content-Digest: GET and hash the body', async () => {
    const s = await serve((req, res) => serveManifest(req, res, { digestHeader: false }));
    assert.equal((await client().resolve(`${s.host}/app:1`)).digest, DIGEST);
    assert.deepEqual(s.requests.map((q) => q.method), ['HEAD', 'GET']);
  });

  test('a body that does not match the stated digest is refused', async () => {
    const s = await serve((req, res) => {
      if (req.method === 'HEAD') res.writeHead(200, { 'content-type': 'application/json' }).end();
      else serveManifest(req, res, { body: MANIFEST + ' ' });
    });
    await assert.rejects(client().resolve(`${s.host}/app:1`), { code: 'bad-response', message: /does not match its digest/ } as object);
  });

  test('429 with Retry-After: waits as asked, then succeeds', async () => {
    const s = await serve((req, res, n) => (n === 1 ? json(res, 429, { errors: [{ code: 'TOOMANYREQUESTS' }] }, { 'retry-after': '1' }) : serveManifest(req, res)));
    const started = Date.now();
    assert.equal((await client().resolve(`${s.host}/app:1`)).digest, DIGEST);
    const waited = Date.now() - started;
    assert.ok(waited >= 950, `waited ${waited} ms`);
    assert.ok(waited < 5000, `waited ${waited} ms`);
  });

  test('429 that does not stop: a bounded number of attempts and a clear message', async () => {
    const s = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '1' }));
    await assert.rejects(client({ maxRetries: 1 }).resolve(`${s.host}/app:1`), (err: RegistryError) => {
      assert.equal(err.code, 'rate-limited');
      assert.equal(err.retryAfter, 1);
      assert.match(err.message, new RegExp(`${s.host} is rate limiting requests \\(HTTP 429\\), 2 attempts; retry after 1 s`));
      return true;
    });
    assert.equal(s.requests.length, 2);
  });

  test('a Retry-After longer than we accept fails at once', async () => {
    const s = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const started = Date.now();
    await assert.rejects(client().resolve(`${s.host}/app:1`), { code: 'rate-limited', message: /asks to retry after 3600 s/ } as object);
    assert.ok(Date.now() - started < 2000);
  });

  test('5xx: retried with backoff, then success; or a server error after the retries', async () => {
    const flaky = await serve((req, res, n) => (n <= 2 ? json(res, 503, {}) : serveManifest(req, res)));
    assert.equal((await client().resolve(`${flaky.host}/app:1`)).digest, DIGEST);
    const down = await serve((_req, res) => json(res, 502, {}));
    await assert.rejects(client({ maxRetries: 1, maxRetryDelayMs: 50 }).resolve(`${down.host}/app:1`), { code: 'server-error', message: /answered HTTP 502, 2 attempts/ } as object);
  });

  test('a dropped connection is retried', async () => {
    const s = await serve((req, res, n) => (n === 1 ? req.socket.destroy() : serveManifest(req, res)));
    assert.equal((await client().resolve(`${s.host}/app:1`)).digest, DIGEST);
    assert.equal(s.requests.length, 2);
    const always = await serve((req) => req.socket.destroy());
    await assert.rejects(client({ maxRetries: 1, maxRetryDelayMs: 50 }).resolve(`${always.host}/app:1`), { code: 'network', message: /the connection was closed/ } as object);
  });

  test('silence: a time limit per attempt with a clear message', async () => {
    const s = await serve(() => undefined);
    const started = Date.now();
    await assert.rejects(client({ timeoutMs: 300, maxRetries: 0 }).resolve(`${s.host}/app:1`), (err: RegistryError) => {
      assert.equal(err.code, 'timeout');
      assert.equal(err.message, `${s.host} did not answer within 0.3 s`);
      return true;
    });
    assert.ok(Date.now() - started < 3000);
  });

  test('cancellation: in flight and while waiting to retry', async () => {
    const controller = new AbortController();
    const s = await serve(() => controller.abort());
    await assert.rejects(client().resolve(`${s.host}/app:1`, { signal: controller.signal }), { code: 'aborted' } as object);
    const waiting = new AbortController();
    const limited = await serve((_req, res) => {
      json(res, 429, {}, { 'retry-after': '5' });
      setImmediate(() => waiting.abort());
    });
    const started = Date.now();
    await assert.rejects(client().resolve(`${limited.host}/app:1`, { signal: waiting.signal }), { code: 'aborted' } as object);
    assert.ok(Date.now() - started < 2000);
    assert.equal(limited.requests.length, 1);
  });

  test('connection refused', async () => {
    const port = await freePort();
    await assert.rejects(client().resolve(`127.0.0.1:${port}/app:1`), { code: 'network', message: new RegExp(`cannot reach 127.0.0.1:${port}: connection refused`) } as object);
  });

  test('403 and NAME_UNKNOWN', async () => {
    const denied = await serve((_req, res) => json(res, 403, { errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }));
    await assert.rejects(client().resolve(`${denied.host}/app:1`), { code: 'denied', message: new RegExp(`${denied.host} denied access to ${denied.host}/app: requested access`) } as object);
    const unknown = await serve((_req, res) => json(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
    await assert.rejects(client().resolve(`${unknown.host}/team/app:1`), { code: 'name-unknown', message: new RegExp(`repository ${unknown.host}/team/app was not found`) } as object);
  });

  test('a token service that refuses: 401 from the realm', async () => {
    const s = await serve((req, res) => {
      if (req.url?.startsWith('/token')) return json(res, 401, { details: 'no' });
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="svc",scope="repository:app:pull"` }).end();
    });
    await assert.rejects(client().resolve(`${s.host}/app:1`), { code: 'unauthorized', message: /token service of .* refused anonymous access/ } as object);
  });

  test('plain HTTP only to registries listed as insecure (localhost, 127.0.0.1 and [::1] are by default)', async (t) => {
    // 127.0.0.2 is loopback on Linux, but not one of the names allowed by default.
    const s = await startServer((req, res) => serveManifest(req, res), '127.0.0.2').catch(() => undefined);
    if (!s) return t.skip('cannot listen on 127.0.0.2 here; checkScheme has a unit test');
    servers.push(s);
    await assert.rejects(client({ maxRetries: 0 }).resolve(`${s.host}/app:1`), (err: RegistryError) => {
      assert.equal(err.code, 'network');
      assert.match(err.message, new RegExp(`TLS handshake with ${s.host} failed \\(a plain-HTTP registry must be listed as insecure\\)|cannot reach ${s.host}`));
      return true;
    });
    assert.equal(s.requests.length, 0, 'nothing was sent in plain text');
    assert.equal((await client({ insecureRegistries: [s.host] }).resolve(`${s.host}/app:1`)).digest, DIGEST);
  });
});
