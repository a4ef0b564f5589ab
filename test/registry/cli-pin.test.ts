/**
 * `shipshape pin` (cmdPin, in process) against a real registry: --dry-run prints a diff and
 * writes nothing, a run writes the files and a second run finds nothing to do, exit 1 with
 * file:line messages for references that cannot be resolved, exit 2 on usage errors, --platform,
 * a file name with spaces and a leading dash, and the offline fallback to the cache.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { cmdPin } from '../../server/src/cli/pin';
import { pushDockerImage, pushMultiArch, registrySuite, startRegistry, tempDir, type PushedImage, type RegistryInstance } from './harness';

registrySuite('shipshape pin', () => {
  const tmp = tempDir();
  const work = path.join(tmp.dir, 'work');
  let reg: RegistryInstance;
  let H: string;
  let app1: PushedImage;
  let multi: PushedImage;
  const env = { ...process.env, XDG_CACHE_HOME: path.join(tmp.dir, 'xdg cache'), DOCKER_CONFIG: path.join(tmp.dir, 'docker') };

  async function run(args: string[]) {
    let out = '';
    let err = '';
    const code = await cmdPin(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: work, env });
    return { code, out, err };
  }

  function write(files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      fs.writeFileSync(path.join(work, name), text);
    }
  }
  const read = (name: string) => fs.readFileSync(path.join(work, name), 'utf8');

  before(async () => {
    reg = await startRegistry(tmp.dir, path.join(tmp.dir, 'storage'));
    H = reg.host;
    [app1, multi] = await Promise.all([pushDockerImage(reg.url, 'app', '1'), pushMultiArch(reg.url, 'multi', '1', 'oci')]);
    write({
      'Dockerfile': `FROM ${H}/multi:1 AS build\nFROM scratch\nCOPY --from=build /a /a\n`,
      'k8s/web.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: app\n      image: "${H}/app:1"\n`,
      'compose.yaml': `services:\n  app:\n    image: ${H}/app:1\n`,
      'values.yaml': `image: ${H}/app:1\n`,
    });
  });
  after(async () => {
    await reg?.stop();
    tmp.cleanup();
  });

  test('--dry-run: a diff on stdout, files untouched', async () => {
    const { code, out, err } = await run(['--dry-run']);
    assert.equal(code, 0, err);
    assert.match(out, /^--- a\/Dockerfile/m);
    assert.match(out, new RegExp(`^\\+FROM ${H}/multi:1@${multi.digest} AS build$`, 'm'));
    assert.match(out, new RegExp(`^\\+      image: "${H}/app:1@${app1.digest}"$`, 'm'));
    assert.match(out, /^--- a\/compose.yaml/m);
    assert.ok(!out.includes('values.yaml'), 'not a Kubernetes or Compose file');
    assert.match(err, new RegExp(`Dockerfile:1: pinned ${H}/multi:1 to sha256:[0-9a-f]{12}`));
    assert.equal(read('Dockerfile'), `FROM ${H}/multi:1 AS build\nFROM scratch\nCOPY --from=build /a /a\n`);
  });

  test('a run writes the files; the next finds nothing to do', async () => {
    const first = await run([]);
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, '');
    assert.equal(read('compose.yaml'), `services:\n  app:\n    image: ${H}/app:1@${app1.digest}\n`);
    assert.equal(read('k8s/web.yaml').split('\n')[6], `      image: "${H}/app:1@${app1.digest}"`);
    const second = await run(['.']);
    assert.equal(second.code, 0);
    assert.match(second.err, /every image reference is pinned and current/);
  });

  test('unresolvable references: exit 1 with file:line messages; the rest is still pinned', async () => {
    write({ 'bad/Dockerfile': `FROM ${H}/app:nope\nFROM ${H}/app:1\n` });
    const { code, err } = await run(['bad']);
    assert.equal(code, 1);
    assert.match(err, new RegExp(`bad/Dockerfile:1: cannot resolve ${H}/app:nope: ${H}/app:nope was not found`));
    assert.equal(read('bad/Dockerfile'), `FROM ${H}/app:nope\nFROM ${H}/app:1@${app1.digest}\n`);
  });

  test('--platform pins one platform; a file name with spaces and a leading dash after --', async () => {
    const name = '-odd name $(touch PWNED).Dockerfile';
    write({ [name]: `FROM ${H}/multi:1\n` });
    const { code, err } = await run(['--platform', 'linux/arm64', '--', name]);
    assert.equal(code, 0, err);
    assert.equal(read(name), `FROM ${H}/multi:1@${multi.manifests[1].digest}\n`);
    assert.match(err, /\[linux\/arm64\/v8\]/);
    assert.ok(!fs.existsSync(path.join(work, 'PWNED')));
  });

  test('usage errors exit 2 with the usage', async () => {
    for (const args of [['--platform', 'linux'], ['--insecure-registry', 'not a host'], ['--bogus'], ['no-such-folder']]) {
      const { code, err } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /Usage:\n {2}shipshape pin/);
    }
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--insecure-registry/);
  });

  test('registry gone: pins from the last known answer and says so', async () => {
    write({ 'later/Dockerfile': `FROM ${H}/app:1\n` });
    await reg.stop();
    const { code, err } = await run(['later']);
    assert.equal(code, 0, err);
    assert.equal(read('later/Dockerfile'), `FROM ${H}/app:1@${app1.digest}\n`);
    assert.match(err, /registry unreachable: cannot reach .* connection refused; using the answer of \d{4}-\d\d-\d\dT/);
  });
});
