/**
 * The registry client against real registries (Debian's docker-registry): every reference form,
 * index vs platform pins for an OCI index, a Docker manifest list and a Docker v2 image, image
 * facts, basic auth (htpasswd), the bearer-token flow with a token issuer of our own, credentials
 * from config.json and from a credential helper run without a shell.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { RegistryClient } from '../../server/src/registry/client';
import { RegistryError } from '../../server/src/registry/errors';
import {
  basicAuth, pushDockerImage, pushMultiArch, registrySuite, startRegistry, startTokenIssuer, tempDir, writeDockerConfig, writeHtpasswd,
  type PushedImage, type RegistryInstance, type TokenIssuer,
} from './harness';

const USER = '-user';
const PASS = `-p "a b" $(touch PWNED) 'q' \`id\``;

registrySuite('registry client against docker-registry', () => {
  const tmp = tempDir();
  let open: RegistryInstance;
  let basic: RegistryInstance;
  let token: RegistryInstance;
  let issuer: TokenIssuer;
  let single: PushedImage;
  let oci: PushedImage;
  let list: PushedImage;
  let hubNode: PushedImage;
  let hubOrg: PushedImage;
  let latest: PushedImage;
  /** A folder whose name a shell would mangle. */
  const odd = path.join(tmp.dir, `we ird "$(touch PWNED)" 'q' -x`);

  before(async () => {
    const storage = path.join(tmp.dir, 'storage');
    open = await startRegistry(tmp.dir, storage);
    const htpasswd = path.join(tmp.dir, 'htpasswd');
    writeHtpasswd(htpasswd, { [USER]: PASS, plain: 'secret' });
    basic = await startRegistry(tmp.dir, storage, { htpasswd: { realm: 'test', path: htpasswd } });
    issuer = await startTokenIssuer(tmp.dir, { users: { [USER]: PASS }, refreshTokens: { [USER]: 'refresh-123' }, publicPrefix: 'public/' });
    token = await startRegistry(tmp.dir, storage, { token: { realm: issuer.realm, service: issuer.service, issuer: issuer.issuer, rootcertbundle: issuer.certFile } });
    [single, oci, list, hubNode, hubOrg, latest] = await Promise.all([
      pushDockerImage(open.url, 'app', '1'),
      pushMultiArch(open.url, 'multi', '1', 'oci'),
      pushMultiArch(open.url, 'public/list', '2', 'docker'),
      pushMultiArch(open.url, 'library/node', '20', 'oci'),
      pushDockerImage(open.url, 'org/tool', '3'),
      pushDockerImage(open.url, 'app', 'latest'),
    ]);
    fs.mkdirSync(odd, { recursive: true });
  });

  after(async () => {
    await Promise.all([open?.stop(), basic?.stop(), token?.stop(), issuer?.stop()]);
    tmp.cleanup();
  });

  const anonymous = (extra: ConstructorParameters<typeof RegistryClient>[0] = {}) =>
    new RegistryClient({ credentials: { configDir: path.join(tmp.dir, 'no-config') }, ...extra });

  test('host:port/repo:tag → the Docker v2 manifest digest', async () => {
    const r = await anonymous().resolve(`${open.host}/app:1`);
    assert.equal(r.digest, single.digest);
    assert.equal(r.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.equal(r.reference, `${open.host}/app:1`);
    assert.equal(r.cached, false);
    assert.ok(Date.parse(r.resolvedAt) <= Date.now());
  });

  test('no tag means latest; a digest already present is ignored for resolving', async () => {
    const client = anonymous();
    assert.equal((await client.resolve(`${open.host}/app`)).digest, latest.digest);
    const r = await client.resolve(`${open.host}/app:1@sha256:${'0'.repeat(64)}`);
    assert.equal(r.digest, single.digest);
    await assert.rejects(client.resolve(`${open.host}/app@${single.digest}`), { code: 'invalid-reference', message: /no tag/ } as object);
  });

  test('bare Docker Hub names (node:20, org/tool:3) normalize to library/ and docker.io, here through a mirror', async () => {
    const client = anonymous({ mirrors: { 'docker.io': open.host } });
    assert.equal((await client.resolve('node:20')).digest, hubNode.digest);
    assert.equal((await client.resolve('docker.io/library/node:20')).reference, 'docker.io/library/node:20');
    assert.equal((await client.resolve('org/tool:3')).digest, hubOrg.digest);
    assert.equal(client.endpointHost('docker.io'), open.host);
    assert.equal(new RegistryClient().endpointHost('docker.io'), 'registry-1.docker.io');
  });

  test('an OCI index: the index by default, one platform on request', async () => {
    const client = anonymous();
    const index = await client.resolve(`${open.host}/multi:1`);
    assert.equal(index.digest, oci.digest);
    assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
    const arm = await client.resolve(`${open.host}/multi:1`, { platform: 'linux/arm64' });
    assert.equal(arm.digest, oci.manifests[1].digest);
    assert.equal(arm.platform, 'linux/arm64/v8');
    assert.equal(arm.indexDigest, oci.digest);
    assert.equal(arm.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal((await client.resolve(`${open.host}/multi:1`, { platform: 'linux/x86_64' })).digest, oci.manifests[0].digest);
    await assert.rejects(client.resolve(`${open.host}/multi:1`, { platform: 'linux/s390x' }), {
      code: 'platform-unknown', message: /has no linux\/s390x image \(it has linux\/amd64, linux\/arm64\/v8\)/,
    } as object);
  });

  test('a Docker manifest list is answered as a list (all four types accepted), children by platform', async () => {
    const client = anonymous();
    const r = await client.resolve(`${open.host}/public/list:2`);
    assert.equal(r.digest, list.digest);
    assert.equal(r.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
    assert.equal((await client.resolve(`${open.host}/public/list:2`, { platform: 'linux/amd64' })).digest, list.manifests[0].digest);
    // A single-platform image pinned "for a platform" is its own manifest.
    assert.equal((await client.resolve(`${open.host}/app:1`, { platform: 'linux/arm64' })).digest, single.digest);
  });

  test('image facts: platforms without attestations, amd64 size and date, or the platform asked', async () => {
    const client = anonymous();
    const facts = await client.imageFacts(`${open.host}/multi:1`);
    assert.equal(facts.digest, oci.digest);
    assert.deepEqual(facts.platforms, ['linux/amd64', 'linux/arm64/v8']);
    assert.equal(facts.platform, 'linux/amd64');
    assert.equal(facts.manifestDigest, oci.manifests[0].digest);
    assert.equal(facts.compressedSize, oci.manifests[0].layerBytes);
    assert.equal(facts.layers, 2);
    assert.equal(facts.created, oci.manifests[0].created);
    const arm = await client.imageFacts(`${open.host}/multi@${oci.digest}`, { platform: 'linux/arm64' });
    assert.equal(arm.compressedSize, oci.manifests[1].layerBytes);
    assert.equal(arm.created, '2024-06-06T07:08:09.000Z');
    const one = await client.imageFacts(`${open.host}/app:1`);
    assert.deepEqual([one.platforms, one.platform, one.compressedSize, one.manifestDigest], [['linux/amd64'], 'linux/amd64', single.manifests[0].layerBytes, single.digest]);
  });

  test('unknown tag and unknown repository: clear 404 messages', async () => {
    const client = anonymous();
    await assert.rejects(client.resolve(`${open.host}/app:nope`), (err: RegistryError) => {
      assert.equal(err.code, 'manifest-unknown');
      assert.equal(err.status, 404);
      assert.match(err.message, new RegExp(`${open.host}/app:nope was not found`));
      return true;
    });
    await assert.rejects(client.resolve(`${open.host}/does/not-exist:1`), { code: 'manifest-unknown' } as object);
  });

  test('basic auth: no credentials, wrong ones, and right ones from config.json', async () => {
    await assert.rejects(anonymous().resolve(`${basic.host}/app:1`), (err: RegistryError) => {
      assert.equal(err.code, 'unauthorized');
      assert.match(err.message, new RegExp(`no credentials for ${basic.host} \\(run \`docker login ${basic.host}\`\\)`));
      return true;
    });
    const wrong = writeDockerConfig(path.join(tmp.dir, 'cfg-wrong'), { auths: { [basic.host]: { auth: basicAuth(USER, 'nope') } } });
    await assert.rejects(new RegistryClient({ credentials: { configDir: wrong } }).resolve(`${basic.host}/app:1`), (err: RegistryError) => {
      assert.equal(err.code, 'unauthorized');
      assert.match(err.message, /credentials from config.json were rejected/);
      assert.ok(!err.message.includes('nope'));
      return true;
    });
    const right = writeDockerConfig(path.join(tmp.dir, 'cfg-right'), { auths: { [`http://${basic.host}/v2/`]: { auth: basicAuth(USER, PASS) } } });
    const lines: string[] = [];
    const r = await new RegistryClient({ credentials: { configDir: right }, log: (l) => lines.push(l) }).resolve(`${basic.host}/app:1`);
    assert.equal(r.digest, single.digest);
    assert.ok(lines.length > 0 && lines.every((l) => !l.includes(PASS) && !l.includes(basicAuth(USER, PASS))), 'nothing secret is logged');
    // DOCKER_CONFIG in the environment works the same as configDir.
    const viaEnv = new RegistryClient({ credentials: { env: { ...process.env, DOCKER_CONFIG: right } } });
    assert.equal((await viaEnv.resolve(`${basic.host}/multi:1`)).digest, oci.digest);
  });

  test('bearer tokens: anonymous pull of a public repository, private ones need credentials (sent only to the realm)', async () => {
    issuer.requests.length = 0;
    const anon = anonymous();
    assert.equal((await anon.resolve(`${token.host}/public/list:2`)).digest, list.digest);
    assert.equal(issuer.requests.length, 1);
    assert.equal(issuer.requests[0].authorization, undefined);
    assert.equal(issuer.requests[0].params.scope, 'repository:public/list:pull');
    assert.equal(issuer.requests[0].params.service, issuer.service);
    // The token is reused for the next request of the same repository.
    await anon.resolve(`${token.host}/public/list:2`, { platform: 'linux/arm64' });
    assert.equal(issuer.requests.length, 1);
    await assert.rejects(anon.resolve(`${token.host}/multi:1`), (err: RegistryError) => {
      assert.equal(err.code, 'unauthorized');
      assert.match(err.message, /requires authentication for .*multi: access denied or the repository does not exist/);
      return true;
    });
    const cfg = writeDockerConfig(path.join(tmp.dir, 'cfg-token'), { auths: { [token.host]: { auth: basicAuth(USER, PASS) } } });
    issuer.requests.length = 0;
    assert.equal((await new RegistryClient({ credentials: { configDir: cfg } }).resolve(`${token.host}/multi:1`)).digest, oci.digest);
    assert.equal(issuer.requests.at(-1)?.authorization, `Basic ${basicAuth(USER, PASS)}`);
  });

  test('bearer tokens from an identity token (refresh_token grant)', async () => {
    const cfg = writeDockerConfig(path.join(tmp.dir, 'cfg-identity'), { auths: { [token.host]: { identitytoken: 'refresh-123' } } });
    issuer.requests.length = 0;
    assert.equal((await new RegistryClient({ credentials: { configDir: cfg } }).resolve(`${token.host}/multi:1`)).digest, oci.digest);
    const req = issuer.requests.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.params.grant_type, 'refresh_token');
    assert.equal(req.params.scope, 'repository:multi:pull');
  });

  /** A credential helper on a temp PATH that records its argv and stdin next to itself. */
  function installHelper(dir: string, name: string, body: string): string {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const file = path.join(bin, `docker-credential-${name}`);
    fs.writeFileSync(file, `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
    return bin;
  }

  const RECORDING_HELPER = (user: string, pass: string) => `
const fs = require('fs');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  fs.writeFileSync(__filename + '.log', JSON.stringify({ argv: process.argv.slice(2), input }));
  if (process.argv[2] !== 'get') process.exit(2);
  process.stdout.write(JSON.stringify({ ServerURL: input, Username: ${JSON.stringify(user)}, Secret: ${JSON.stringify(pass)} }));
});`;

  test('credHelpers: a helper with an odd name in an odd folder, run without a shell', async () => {
    const name = `te st "$(touch PWNED)" -x`;
    const bin = installHelper(odd, name, RECORDING_HELPER(USER, PASS));
    const cfg = writeDockerConfig(path.join(odd, 'docker config'), { credHelpers: { [basic.host]: name } });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, DOCKER_CONFIG: cfg };
    const r = await new RegistryClient({ credentials: { env } }).resolve(`${basic.host}/app:1`);
    assert.equal(r.digest, single.digest);
    const log = JSON.parse(fs.readFileSync(path.join(bin, `docker-credential-${name}.log`), 'utf8'));
    assert.deepEqual(log, { argv: ['get'], input: basic.host });
    assert.ok(!fs.existsSync(path.join(odd, 'PWNED')) && !fs.existsSync('PWNED') && !fs.existsSync(path.join(bin, 'PWNED')), 'no shell ran');
  });

  test('credsStore for every registry; "credentials not found" means anonymous', async () => {
    const bin = installHelper(path.join(tmp.dir, 'store'), 'store', RECORDING_HELPER('plain', 'secret'));
    const cfg = writeDockerConfig(path.join(tmp.dir, 'store', 'cfg'), { credsStore: 'store' });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    assert.equal((await new RegistryClient({ credentials: { env, configDir: cfg } }).resolve(`${basic.host}/app:1`)).digest, single.digest);
    const none = installHelper(path.join(tmp.dir, 'none'), 'none', `process.stdout.write('credentials not found in native keychain'); process.exit(1);`);
    const cfg2 = writeDockerConfig(path.join(tmp.dir, 'none', 'cfg'), { credsStore: 'none' });
    const env2 = { ...process.env, PATH: `${none}${path.delimiter}${process.env.PATH}` };
    await assert.rejects(new RegistryClient({ credentials: { env: env2, configDir: cfg2 } }).resolve(`${basic.host}/app:1`), { code: 'unauthorized', message: /no credentials/ } as object);
  });

  test('helper failures: missing, too slow, path in the name — clear messages, no hang', async () => {
    const cfgMissing = writeDockerConfig(path.join(tmp.dir, 'h1'), { credHelpers: { [basic.host]: 'absent-helper' } });
    await assert.rejects(new RegistryClient({ credentials: { configDir: cfgMissing } }).resolve(`${basic.host}/app:1`), {
      code: 'credentials', message: /docker-credential-absent-helper was not found on PATH/,
    } as object);
    const bin = installHelper(path.join(tmp.dir, 'slow'), 'slow', 'setInterval(() => {}, 1000);');
    const cfgSlow = writeDockerConfig(path.join(tmp.dir, 'slow', 'cfg'), { credHelpers: { [basic.host]: 'slow' } });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const started = Date.now();
    await assert.rejects(new RegistryClient({ credentials: { env, configDir: cfgSlow, helperTimeoutMs: 300 } }).resolve(`${basic.host}/app:1`), {
      code: 'credentials', message: /docker-credential-slow did not answer within 0.3 s/,
    } as object);
    assert.ok(Date.now() - started < 5000);
    const cfgPath = writeDockerConfig(path.join(tmp.dir, 'h3'), { credHelpers: { [basic.host]: '../../bin/sh' } });
    await assert.rejects(new RegistryClient({ credentials: { configDir: cfgPath } }).resolve(`${basic.host}/app:1`), { code: 'credentials', message: /not allowed/ } as object);
    const bad = path.join(tmp.dir, 'h4');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'config.json'), '{ not json');
    await assert.rejects(new RegistryClient({ credentials: { configDir: bad } }).resolve(`${basic.host}/app:1`), { code: 'credentials', message: /not valid JSON/ } as object);
  });

  test('credentials: false (untrusted workspaces) never reads the config', async () => {
    const bin = installHelper(path.join(tmp.dir, 'never'), 'never', RECORDING_HELPER(USER, PASS));
    const cfg = writeDockerConfig(path.join(tmp.dir, 'never', 'cfg'), { credsStore: 'never' });
    const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };
    process.env.DOCKER_CONFIG = cfg;
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    try {
      await assert.rejects(new RegistryClient({ credentials: false }).resolve(`${basic.host}/app:1`), { code: 'unauthorized' } as object);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    assert.ok(!fs.existsSync(path.join(bin, 'docker-credential-never.log')));
  });
});
