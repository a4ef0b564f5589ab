/**
 * The digest cache with a real registry: a fresh answer is reused without a request, answers
 * survive in the file for the next process, the last known answer is returned (marked cached,
 * with its time) when the registry is gone, and a moved tag makes staleDigest speak up.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CACHE_FILE_NAME, DigestCache, staleDigest } from '../../server/src/registry/cache';
import { RegistryClient } from '../../server/src/registry/client';
import type { RegistryError } from '../../server/src/registry/errors';
import { pushDockerImage, pushMultiArch, registrySuite, startRegistry, tempDir, type PushedImage, type RegistryInstance } from './harness';

registrySuite('digest cache', () => {
  const tmp = tempDir();
  const cacheDir = path.join(tmp.dir, 'cache dir');
  let reg: RegistryInstance;
  let first: PushedImage;
  let multi: PushedImage;
  let clock = Date.now();
  const now = () => clock;

  before(async () => {
    reg = await startRegistry(tmp.dir, path.join(tmp.dir, 'storage'));
    first = await pushDockerImage(reg.url, 'app', '1');
    multi = await pushMultiArch(reg.url, 'multi', '1', 'oci');
  });
  after(async () => {
    await reg?.stop();
    tmp.cleanup();
  });

  const noCreds = () => ({ configDir: path.join(tmp.dir, 'none') });

  test('a fresh answer is reused without asking; the file serves the next process', async () => {
    const lines: string[] = [];
    const client = new RegistryClient({ cache: DigestCache.inDir(cacheDir, { now }), credentials: noCreds(), log: (l) => lines.push(l) });
    const a = await client.resolve(`${reg.host}/app:1`);
    assert.equal(a.cached, false);
    const asked = lines.length;
    const started = process.hrtime.bigint();
    const b = await client.resolve(`${reg.host}/app:1`);
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    assert.equal(b.cached, true);
    assert.equal(b.digest, first.digest);
    assert.equal(b.resolvedAt, a.resolvedAt);
    assert.equal(lines.length, asked, 'no request');
    assert.ok(micros < 20_000, `took ${micros} µs`);
    assert.ok(fs.existsSync(path.join(cacheDir, CACHE_FILE_NAME)));
    assert.equal((fs.statSync(path.join(cacheDir, CACHE_FILE_NAME)).mode & 0o777), 0o600);
    const text = fs.readFileSync(path.join(cacheDir, CACHE_FILE_NAME), 'utf8');
    assert.ok(!/authorization|bearer|password/i.test(text));
    const other = new RegistryClient({ cache: DigestCache.inDir(cacheDir, { now }), credentials: noCreds(), log: (l) => lines.push(l) });
    assert.equal((await other.resolve(`${reg.host}/app:1`)).cached, true);
    assert.equal(lines.length, asked);
    // fresh: asks again even though the answer is young.
    assert.equal((await other.resolve(`${reg.host}/app:1`, { fresh: true })).cached, false);
    assert.ok(lines.length > asked);
  });

  test('platform pins and image facts are cached too', async () => {
    const lines: string[] = [];
    const client = new RegistryClient({ cache: DigestCache.inDir(cacheDir, { now }), credentials: noCreds(), log: (l) => lines.push(l) });
    const arm = await client.resolve(`${reg.host}/multi:1`, { platform: 'linux/arm64' });
    const facts = await client.imageFacts(`${reg.host}/multi:1`);
    const asked = lines.length;
    const again = await client.resolve(`${reg.host}/multi:1`, { platform: 'linux/arm64/v8' });
    assert.deepEqual([again.cached, again.digest, again.indexDigest], [true, arm.digest, multi.digest]);
    assert.deepEqual(await client.imageFacts(`${reg.host}/multi:1`), facts);
    assert.equal(lines.length, asked);
  });

  test('registry gone: the last known answer, marked cached with its time; unknown tags still fail', async () => {
    await new RegistryClient({ cache: DigestCache.inDir(cacheDir, { now }), credentials: noCreds() }).resolve(`${reg.host}/app:1`, { fresh: true });
    const before = JSON.parse(fs.readFileSync(path.join(cacheDir, CACHE_FILE_NAME), 'utf8'));
    await reg.stop();
    clock += 2 * 60 * 60 * 1000; // past the TTL: the cache alone is not enough, the registry is asked first
    const client = new RegistryClient({ cache: DigestCache.inDir(cacheDir, { now }), credentials: noCreds(), maxRetries: 0 });
    const r = await client.resolve(`${reg.host}/app:1`);
    assert.equal(r.cached, true);
    assert.equal(r.digest, first.digest);
    assert.match(r.offlineReason ?? '', /cannot reach .*connection refused/);
    assert.equal(Date.parse(r.resolvedAt), before.tags[`${reg.host}/app:1`].resolvedAt);
    await assert.rejects(client.resolve(`${reg.host}/app:2`), (err: RegistryError) => err.code === 'network');
  });

  test('a moved tag: the old answer becomes history and staleDigest reports it', async () => {
    const dir = path.join(tmp.dir, 'moved');
    const reg2 = await startRegistry(tmp.dir, path.join(tmp.dir, 'storage2'));
    try {
      const v1 = await pushDockerImage(reg2.url, 'svc', '1');
      const cache = DigestCache.inDir(dir);
      const client = new RegistryClient({ cache, credentials: noCreds() });
      assert.equal((await client.resolve(`${reg2.host}/svc:1`)).digest, v1.digest);
      assert.equal(staleDigest(`${reg2.host}/svc:1@${v1.digest}`, cache), undefined);
      const v2 = await pushDockerImage(reg2.url, 'svc', '1');
      assert.notEqual(v2.digest, v1.digest);
      assert.equal((await client.resolve(`${reg2.host}/svc:1`)).digest, v1.digest, 'still fresh in the cache');
      assert.equal((await client.resolve(`${reg2.host}/svc:1`, { fresh: true })).digest, v2.digest);
      const stale = staleDigest(`${reg2.host}/svc:1@${v1.digest}`, DigestCache.inDir(dir));
      assert.equal(stale?.current, v2.digest);
      assert.equal(stale?.pinned, v1.digest);
      assert.equal(stale?.tag, `${reg2.host}/svc:1`);
    } finally {
      await reg2.stop();
    }
  });

  test('two processes writing the same file keep each other\'s answers', () => {
    const dir = path.join(tmp.dir, 'shared');
    const a = DigestCache.inDir(dir);
    const b = DigestCache.inDir(dir);
    a.putTag('x/a:1', { digest: 'sha256:' + 'a'.repeat(64), mediaType: 'm', resolvedAt: 1 });
    b.putTag('x/b:1', { digest: 'sha256:' + 'b'.repeat(64), mediaType: 'm', resolvedAt: 2 });
    const c = DigestCache.inDir(dir);
    assert.ok(c.getTag('x/a:1') && c.getTag('x/b:1'));
    const bad = path.join(tmp.dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, CACHE_FILE_NAME), '{ broken');
    const d = DigestCache.inDir(bad);
    assert.equal(d.getTag('x/a:1'), undefined, 'a broken file is an empty cache');
    d.putTag('x/a:1', { digest: 'sha256:' + 'a'.repeat(64), mediaType: 'm', resolvedAt: 1 });
    assert.ok(DigestCache.inDir(bad).getTag('x/a:1'), 'and is replaced on the next write');
  });
});
