/**
 * Pinning edits against a real registry: Dockerfiles (ARG defaults, stages, scratch, --platform,
 * COPY --from, refresh of moved digests, digest-only and unknown references), Kubernetes
 * manifests at every pod-spec path, Compose files; quoting kept, idempotent, index vs platform
 * pins, refresh-only mode, one request per distinct tag, cancellation, and the LSP helpers.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits } from '../../server/src/engine/text';
import { DigestCache } from '../../server/src/registry/cache';
import { RegistryClient } from '../../server/src/registry/client';
import { imageHover, pinCodeActions, pinTargets, RegistryFeatures, resolvePinCodeAction, toRegistrySettings, type ProgressLike } from '../../server/src/registry/lsp';
import { pinImages, type PinOptions } from '../../server/src/registry/pin';
import { pushDockerImage, pushMultiArch, registrySuite, startRegistry, tempDir, type PushedImage, type RegistryInstance } from './harness';

const OLD = 'sha256:' + 'e'.repeat(64);

registrySuite('pinning edits', () => {
  const tmp = tempDir();
  let reg: RegistryInstance;
  let H: string;
  let app1: PushedImage;
  let appLatest: PushedImage;
  let multi: PushedImage;
  let node20: PushedImage;
  let tool: PushedImage;

  before(async () => {
    reg = await startRegistry(tmp.dir, path.join(tmp.dir, 'storage'));
    H = reg.host;
    [app1, appLatest, multi, node20, tool] = await Promise.all([
      pushDockerImage(reg.url, 'app', '1'),
      pushDockerImage(reg.url, 'app', 'latest'),
      pushMultiArch(reg.url, 'multi', '1', 'oci'),
      pushMultiArch(reg.url, 'library/node', '20', 'docker'),
      pushDockerImage(reg.url, 'org/tool', '3'),
    ]);
  });
  after(async () => {
    await reg?.stop();
    tmp.cleanup();
  });

  const options = (extra: PinOptions = {}): PinOptions => ({ mirrors: { 'docker.io': H }, credentials: { configDir: path.join(tmp.dir, 'none') }, ...extra });

  async function pin(text: string, language: 'dockerfile' | 'kubernetes' | 'compose', extra: PinOptions = {}) {
    const outcome = await pinImages(text, language, options(extra));
    return { ...outcome, text: applyEdits(text, outcome.edits), statuses: outcome.results.map((r) => `${r.occurrence.range.start.line + 1} ${r.status}`) };
  }

  test('Dockerfile: every form, minimal edits, quoting kept, idempotent', async () => {
    const lines = (d: Record<string, string>) => [
      `ARG BASE="node:20${d.base ?? ''}"`,
      'ARG V=1',
      'FROM ${BASE} AS build',
      `FROM ${H}/app:\${V} AS tools`,
      'FROM build AS test',
      'FROM scratch',
      `COPY --from=${H}/app:1${d.copy ?? ''} /a /b`,
      `FROM --platform=linux/arm64 ${H}/multi:1${d.multi ?? ''} AS arm`,
      `FROM ${H}/app:1@${d.refresh ?? OLD}`,
      `FROM ${H}/app@${OLD}`,
      `FROM ${H}/app:nope`,
      `FROM org/tool:3${d.tool ?? ''}`,
      `FROM ${H}/app${d.latest ?? ''}`,
      '',
    ].join('\n');
    const input = lines({});
    const out = await pin(input, 'dockerfile');
    assert.equal(out.text, lines({
      base: `@${node20.digest}`, copy: `@${app1.digest}`, multi: `@${multi.digest}`, refresh: app1.digest, tool: `@${tool.digest}`, latest: `:latest@${appLatest.digest}`,
    }));
    assert.deepEqual(out.statuses, ['1 pinned', '4 skipped', '7 pinned', '8 pinned', '9 refreshed', '10 current', '11 failed', '12 pinned', '13 pinned']);
    const failed = out.results.find((r) => r.status === 'failed')!;
    assert.equal(failed.error?.code, 'manifest-unknown');
    assert.match(failed.message!, new RegExp(`${H}/app:nope was not found`));
    assert.match(out.results[1].message!, /built from ARGs/);
    // Every edit touches only what changes: an insertion, or the old digest's characters.
    for (const e of out.edits) {
      if (e.newText.startsWith('sha256:')) assert.equal(e.range.end.character - e.range.start.character, 71);
      else assert.deepEqual(e.range.start, e.range.end);
    }
    const again = await pin(out.text, 'dockerfile');
    assert.deepEqual(again.edits, []);
  });

  test('platform pins: one platform\'s manifest, a FROM\'s literal --platform wins', async () => {
    const input = `FROM ${H}/multi:1\nFROM --platform=linux/arm64 ${H}/multi:1\nFROM node:20\nFROM ${H}/app:1\n`;
    const out = await pin(input, 'dockerfile', { platform: 'linux/amd64' });
    assert.equal(out.text, [
      `FROM ${H}/multi:1@${multi.manifests[0].digest}`,
      `FROM --platform=linux/arm64 ${H}/multi:1@${multi.manifests[1].digest}`,
      `FROM node:20@${node20.manifests[0].digest}`,
      `FROM ${H}/app:1@${app1.digest}`,
      '',
    ].join('\n'));
    assert.equal(out.results[1].resolution?.platform, 'linux/arm64/v8');
    assert.equal(out.results[1].resolution?.indexDigest, multi.digest);
  });

  test('Kubernetes: containers, initContainers, ephemeralContainers of every workload; one request per tag', async () => {
    const doc = (d: Record<string, string>) => [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      `        - {name: init, image: "${H}/app:1${d.a ?? ''}"}`,
      '      containers:',
      '        - name: app',
      `          image: '${H}/app:1${d.a ?? ''}'   # keep this comment`,
      '        - name: side',
      `          image: ${H}/multi:1${d.m ?? ''}`,
      '---',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: nightly}',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      `            - {name: job, image: node:20${d.n ?? ''}}`,
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: debug}',
      'spec:',
      '  containers: [{name: main, image: "org/tool:3"}]',
      '  ephemeralContainers:',
      '    - name: dbg',
      `      image: ${H}/app:1@${d.e ?? OLD}`,
      '    - name: tpl',
      '      image: "{{ .Values.image }}"',
      '',
    ].join('\n');
    const log: string[] = [];
    const client = new RegistryClient({ ...options(), log: (l) => log.push(l) });
    const outcome = await pinImages(doc({}), 'kubernetes', { client });
    const text = applyEdits(doc({}), outcome.edits);
    assert.equal(text, doc({ a: `@${app1.digest}`, m: `@${multi.digest}`, n: `@${node20.digest}`, e: app1.digest }).replace('"org/tool:3"', `"org/tool:3@${tool.digest}"`));
    assert.equal(log.filter((l) => l === `HEAD http://${H}/v2/app/manifests/1`).length, 1, 'app:1 is named three times and asked once');
    assert.deepEqual(outcome.results.map((r) => r.status), ['pinned', 'pinned', 'pinned', 'pinned', 'pinned', 'refreshed', 'skipped']);
  });

  test('Compose: services.*.image, quoted or not', async () => {
    const input = `services:\n  web:\n    image: "${H}/app:1"\n  db:\n    image: node:20\n  built:\n    build: .\n`;
    const out = await pin(input, 'compose');
    assert.equal(out.text, `services:\n  web:\n    image: "${H}/app:1@${app1.digest}"\n  db:\n    image: node:20@${node20.digest}\n  built:\n    build: .\n`);
  });

  test('refresh only ("Refresh Pinned Digests"), pin only, and one line (a code action)', async () => {
    const input = `FROM ${H}/app:1@${OLD}\nFROM ${H}/multi:1\n`;
    assert.equal((await pin(input, 'dockerfile', { only: 'pinned' })).text, `FROM ${H}/app:1@${app1.digest}\nFROM ${H}/multi:1\n`);
    assert.equal((await pin(input, 'dockerfile', { only: 'unpinned' })).text, `FROM ${H}/app:1@${OLD}\nFROM ${H}/multi:1@${multi.digest}\n`);
    const line2 = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    assert.equal((await pin(input, 'dockerfile', { range: line2 })).text, `FROM ${H}/app:1@${OLD}\nFROM ${H}/multi:1@${multi.digest}\n`);
  });

  test('cancellation rejects with code aborted and nothing to apply', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(pinImages(`FROM ${H}/app:1\n`, 'dockerfile', options({ signal: controller.signal })), { code: 'aborted' } as object);
  });

  test('LSP helpers: hover facts, a lazily resolved code action, the pin-all edit', async () => {
    const client = new RegistryClient({ ...options(), cache: new DigestCache() });
    const text = `ARG BASE=${H}/multi:1\nFROM \${BASE}\nFROM ${H}/app:1@${OLD}\nRUN echo\n`;
    const hover = await imageHover(text, 'dockerfile', { line: 1, character: 7 }, client);
    const md = (hover?.contents as { value: string }).value;
    assert.match(md, new RegExp(`\\*\\*${H}/multi:1\\*\\*`));
    assert.match(md, /Platforms: linux\/amd64, linux\/arm64\/v8/);
    assert.match(md, /Compressed size \(linux\/amd64\): \d+(\.\d)? KB in 2 layers/);
    assert.match(md, /Created \(linux\/amd64\): 2024-01-02 03:04:05 UTC/);
    assert.deepEqual(hover?.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } });
    assert.equal(await imageHover(text, 'dockerfile', { line: 3, character: 2 }, client), null);
    const actions = pinCodeActions('file:///x/Dockerfile', 3, text, 'dockerfile', { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
    assert.deepEqual(actions.map((a) => a.title), [`Pin ${H}/multi:1 to its digest`, `Refresh pinned digest of ${H}/app:1`]);
    assert.equal(actions[0].edit, undefined, 'no registry request until chosen');
    const resolved = await resolvePinCodeAction(actions[0], text, 'dockerfile', client);
    assert.deepEqual(resolved.action.edit, { documentChanges: [{ textDocument: { uri: 'file:///x/Dockerfile', version: 3 }, edits: [{ range: { start: { line: 0, character: 9 + H.length + 8 }, end: { line: 0, character: 9 + H.length + 8 } }, newText: `@${multi.digest}` }] }] });
    const all = await pinTargets([{ uri: 'file:///x/Dockerfile', text, language: 'dockerfile', version: 3 }, { uri: 'file:///x/k.yaml', text: `services:\n  a:\n    image: ${H}/app:nope\n`, language: 'compose' }], 'pin', client);
    assert.equal(all.summary, 'Shipshape pinned 1 image reference and refreshed 1 digest in 1 file. 1 could not be resolved.');
    assert.match(all.failures[0], /^file:\/\/\/x\/k\.yaml:3: .*app:nope was not found/);
    const refresh = await pinTargets([{ uri: 'file:///x/Dockerfile', text, language: 'dockerfile' }], 'refresh', client);
    assert.equal(refresh.summary, 'Shipshape refreshed 1 digest in 1 file.');
  });

  test('RegistryFeatures (what server.ts wires): workspace pin with progress, open documents win, cancel', async () => {
    const ws = path.join(tmp.dir, 'work space');
    fs.mkdirSync(path.join(ws, 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'Dockerfile'), `FROM ${H}/app:1\n`);
    fs.writeFileSync(path.join(ws, 'compose.yaml'), `services:\n  a:\n    image: ${H}/multi:1\n`);
    fs.writeFileSync(path.join(ws, 'k8s', 'notes.yaml'), 'just: yaml\n');
    const dockerUri = pathToFileURL(path.join(ws, 'Dockerfile')).toString();
    const open = { uri: dockerUri, languageId: 'dockerfile', version: 7, getText: () => `FROM ${H}/app:1@${OLD}\n` };
    const documents = { get: (uri: string) => (uri === dockerUri ? open : undefined) };
    const features = new RegistryFeatures({ settings: async () => toRegistrySettings({ insecureRegistries: ['bad host!', H] }) });
    const events: string[] = [];
    const progress = (cancelAt?: number): ProgressLike => {
      const listeners: (() => void)[] = [];
      const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => listeners.push(l) };
      return {
        token,
        begin: (title) => events.push(`begin ${title}`),
        report: (pct, msg) => {
          events.push(`${pct}% ${msg ?? ''}`.trim());
          if (cancelAt !== undefined && pct >= cancelAt) {
            token.isCancellationRequested = true;
            listeners.forEach((l) => l());
          }
        },
        done: () => events.push('done'),
      };
    };
    const res = await features.pin({ scope: 'workspace', mode: 'pin' }, documents, [ws], progress());
    assert.equal(res.summary, 'Shipshape pinned 1 image reference and refreshed 1 digest in 2 files.');
    const changes = res.edit?.documentChanges as { textDocument: { uri: string; version: number | null } }[];
    assert.deepEqual(changes.map((c) => [path.basename(new URL(c.textDocument.uri).pathname), c.textDocument.version]), [['compose.yaml', null], ['Dockerfile', 7]]);
    assert.deepEqual(events, ['begin Pinning image digests', '0% compose.yaml', '50% Dockerfile', '100%', 'done']);
    events.length = 0;
    const cancelled = await features.pin({ scope: 'workspace', mode: 'refresh' }, documents, [ws], progress(0));
    assert.equal(cancelled.summary, 'Shipshape: cancelled; nothing was changed.');
    assert.equal(cancelled.edit, undefined);
    assert.equal(events.at(-1), 'done');
    const file = await features.pin({ scope: 'file', mode: 'pin', uri: 'file:///nowhere/x.txt' }, documents, [ws]);
    assert.match(file.summary, /open a Dockerfile/);
    const actions = features.codeActions(open, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['quickfix']);
    assert.deepEqual(actions, [], 'not when only quick fixes are asked');
    const [action] = features.codeActions(open, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['refactor']);
    const resolved = await features.resolveCodeAction(action, { ...open, version: 8 });
    assert.equal(resolved.error, 'the document changed; try again');
    assert.ok((await features.resolveCodeAction(action, open)).action.edit);
    assert.equal(await features.hover(open, { line: 0, character: 1 }), null, 'FROM keyword, not the image');
    const md = ((await features.hover(open, { line: 0, character: 8 }))?.contents as { value: string }).value;
    assert.match(md, new RegExp(`Digest: \`${app1.digest}\``));
    assert.match(md, /The pinned digest `sha256:e+` is not in the registry/);
  });
});
