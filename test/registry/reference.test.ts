/**
 * The registry client's pure parts, no registry needed: Docker's reference normalization,
 * platforms, WWW-Authenticate and Retry-After parsing, where files name images (ranges, skips),
 * and staleDigest over an in-memory cache.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits } from '../../server/src/engine/text';
import { DigestCache, staleDigest, tagKey } from '../../server/src/registry/cache';
import { parseChallenge } from '../../server/src/registry/client';
import { checkScheme, parseRetryAfter } from '../../server/src/registry/http';
import { detectPinLanguage, findImageReferences, pinnedReference } from '../../server/src/registry/pin';
import {
  canonicalReference, familiarReference, formatPlatform, parsePlatform, parseReference, type ImageRef,
} from '../../server/src/registry/reference';

const D1 = 'sha256:' + '1'.repeat(64);
const D2 = 'sha256:' + '2'.repeat(64);
const D3 = 'sha256:' + '3'.repeat(64);

describe('reference normalization (as Docker does it)', () => {
  const cases: [string, string][] = [
    ['node', 'docker.io/library/node'],
    ['node:20', 'docker.io/library/node:20'],
    ['library/node:20', 'docker.io/library/node:20'],
    ['docker.io/node:20', 'docker.io/library/node:20'],
    ['index.docker.io/library/node:20', 'docker.io/library/node:20'],
    ['bitnami/redis:7.2', 'docker.io/bitnami/redis:7.2'],
    ['ghcr.io/org/app:1.0', 'ghcr.io/org/app:1.0'],
    ['localhost/app', 'localhost/app'],
    ['localhost:5000/team/app:dev', 'localhost:5000/team/app:dev'],
    ['127.0.0.1:5000/app:1', '127.0.0.1:5000/app:1'],
    ['[::1]:5000/app:1', '[::1]:5000/app:1'],
    ['Registry/app:1', 'Registry/app:1'],
    [`node:20@${D1}`, `docker.io/library/node:20@${D1}`],
    [`node@${D1}`, `docker.io/library/node@${D1}`],
    [`reg.io:443/a/b/c:v1.2.3-rc_1@${D2}`, `reg.io:443/a/b/c:v1.2.3-rc_1@${D2}`],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(canonicalReference(parseReference(input)), expected));
  }

  test('familiar names round-trip', () => {
    assert.equal(familiarReference(parseReference('docker.io/library/node:20')), 'node:20');
    assert.equal(familiarReference(parseReference('docker.io/bitnami/redis')), 'bitnami/redis');
    assert.equal(familiarReference(parseReference('ghcr.io/x/y:1')), 'ghcr.io/x/y:1');
  });

  const invalid: [string, RegExp][] = [
    ['', /empty/],
    ['node 20', /white space/],
    ['Node:20', /lower-case/],
    ['node:20@sha256:abc', /sha256|digest/],
    ['node:-bad', /not a valid tag/],
    ['ghcr.io/Org/app', /lower-case/],
    ['a//b', /not a valid repository/],
  ];
  for (const [input, message] of invalid) {
    test(`rejects ${JSON.stringify(input)}`, () => assert.throws(() => parseReference(input), message));
  }
});

describe('platforms', () => {
  test('parse, aliases and default variants', () => {
    assert.equal(formatPlatform(parsePlatform('linux/amd64')), 'linux/amd64');
    assert.equal(formatPlatform(parsePlatform('linux/arm64')), 'linux/arm64/v8');
    assert.equal(formatPlatform(parsePlatform('linux/aarch64')), 'linux/arm64/v8');
    assert.equal(formatPlatform(parsePlatform('Linux/x86_64')), 'linux/amd64');
    assert.equal(formatPlatform(parsePlatform('linux/arm')), 'linux/arm/v7');
    assert.equal(formatPlatform(parsePlatform('linux/arm/v6')), 'linux/arm/v6');
    assert.throws(() => parsePlatform('linux'), /os\/arch/);
    assert.throws(() => parsePlatform('linux/amd64/v2/x'), /os\/arch/);
  });
});

describe('HTTP details', () => {
  test('WWW-Authenticate challenges, quoted commas and escapes included', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull,push"'), {
      scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull,push' },
    });
    assert.deepEqual(parseChallenge('Basic realm="a \\"quoted\\" realm"'), { scheme: 'basic', params: { realm: 'a "quoted" realm' } });
    assert.deepEqual(parseChallenge('Bearer realm=https://x/t, error="insufficient_scope"')?.params, { realm: 'https://x/t', error: 'insufficient_scope' });
    assert.equal(parseChallenge(null), undefined);
  });

  test('Retry-After as seconds or as a date', () => {
    assert.equal(parseRetryAfter('7'), 7);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });

  test('plain HTTP only to insecure registries', () => {
    const opts = { isInsecure: (h: string) => h.startsWith('localhost') };
    assert.doesNotThrow(() => checkScheme(new URL('https://ghcr.io/v2/'), opts));
    assert.doesNotThrow(() => checkScheme(new URL('http://localhost:5000/v2/'), opts));
    assert.throws(() => checkScheme(new URL('http://ghcr.io/v2/'), opts), { code: 'insecure' } as object);
    assert.throws(() => checkScheme(new URL('file:///etc/passwd'), opts), /scheme/);
  });
});

describe('where files name images', () => {
  /** The text of each occurrence's range, or its skip reason. */
  function show(text: string, language: 'dockerfile' | 'kubernetes' | 'compose'): string[] {
    const lines = text.split('\n');
    return findImageReferences(text, language).map((o) => {
      const written = lines[o.range.start.line].slice(o.range.start.character, o.range.end.character);
      assert.equal(written, o.written);
      return o.skip ? `${o.range.start.line + 1} skip: ${o.where}` : `${o.range.start.line + 1} ${written} (${o.where})${o.platform ? ' ' + o.platform : ''}`;
    });
  }

  test('Dockerfile: FROM, ARG defaults, stages, scratch, --platform, COPY --from', () => {
    const text = [
      'ARG BASE="node:20-slim"',
      'ARG VERSION=3.20',
      'FROM --platform=linux/arm64 ${BASE} AS build',
      'FROM alpine:${VERSION} AS tools',
      'FROM build AS test',
      'FROM scratch',
      'COPY --from=build /app /app',
      'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
      `FROM localhost:5000/app:1@${D1} AS final`,
      'FROM --platform=$BUILDPLATFORM golang:1.22',
      'COPY --from=0 /x /y',
      '',
    ].join('\n');
    assert.deepEqual(show(text, 'dockerfile'), [
      '1 node:20-slim (ARG BASE (used by FROM (stage "build"))) linux/arm64',
      '4 skip: FROM (stage "tools")',
      '8 nginx:1.27 (COPY --from)',
      `9 localhost:5000/app:1@${D1} (FROM (stage "final"))`,
      '10 golang:1.22 (FROM (stage 6))',
    ]);
    const skipped = findImageReferences(text, 'dockerfile').find((o) => o.skip)!;
    assert.match(skipped.skip!, /built from ARGs \(alpine:\$\{VERSION\} is alpine:3\.20\)/);
  });

  test('Kubernetes: every container list of every workload kind, quotes excluded, templates skipped', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: init',
      '          image: "busybox:1.36"',
      '      containers:',
      '        - name: app',
      "          image: 'nginx:1.27' # a comment",
      '        - name: side',
      '          image: ghcr.io/org/side:{{ .Values.tag }}',
      '---',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: nightly}',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers: [{name: job, image: alpine:3.20}]',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: debug}',
      'spec:',
      '  containers:',
      '    - {name: main, image: redis}',
      '  ephemeralContainers:',
      '    - name: dbg',
      '      image: localhost:5000/tools:1',
      '',
    ].join('\n');
    assert.deepEqual(show(text, 'kubernetes'), [
      '9 busybox:1.36 (init container "init" in Deployment/web)',
      '12 nginx:1.27 (container "app" in Deployment/web)',
      '14 skip: container "side" in Deployment/web',
      '24 alpine:3.20 (container "job" in CronJob/nightly)',
      '31 redis (container "main" in Pod/debug)',
      '34 localhost:5000/tools:1 (ephemeral container "dbg" in Pod/debug)',
    ]);
  });

  test('Compose: services.*.image', () => {
    const text = ['services:', '  web:', '    image: "nginx:1.27"', '    ports: ["80:80"]', '  db:', '    image: postgres:16', '  app:', '    build: .', '  env:', '    image: app:${TAG}', ''].join('\n');
    assert.deepEqual(show(text, 'compose'), ['3 nginx:1.27 (service "web")', '6 postgres:16 (service "db")', '10 skip: service "env"']);
  });

  test('file kinds', () => {
    assert.equal(detectPinLanguage('Dockerfile', ''), 'dockerfile');
    assert.equal(detectPinLanguage('build/api.Dockerfile', ''), 'dockerfile');
    assert.equal(detectPinLanguage('docker-compose.yml', ''), 'compose');
    assert.equal(detectPinLanguage('compose.prod.yaml', ''), 'compose');
    assert.equal(detectPinLanguage('stack.yaml', 'services:\n  a:\n    image: x\n'), 'compose');
    assert.equal(detectPinLanguage('k8s/web.yaml', 'apiVersion: v1\nkind: Pod\n'), 'kubernetes');
    assert.equal(detectPinLanguage('values.yaml', 'image: x\n'), undefined);
    assert.equal(detectPinLanguage('notes.txt', ''), undefined);
  });

  test('pinned form keeps the tag (and names latest when there was none)', () => {
    assert.equal(pinnedReference('node:20', D1), `node:20@${D1}`);
    assert.equal(pinnedReference('node', D1), `node:latest@${D1}`);
    assert.equal(pinnedReference(`localhost:5000/a:1@${D2}`, D1), `localhost:5000/a:1@${D1}`);
    const t = 'FROM node\n';
    assert.equal(applyEdits(t, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, newText: `:latest@${D1}` }]), `FROM node:latest@${D1}\n`);
  });
});

describe('staleDigest (for the require-image-digest rules)', () => {
  const ref = (s: string): ImageRef => parseReference(s);

  test('knows nothing → says nothing; current digest or a platform child → not stale', () => {
    const cache = new DigestCache();
    assert.equal(staleDigest(`node:20@${D1}`, cache), undefined);
    cache.putTag(tagKey(ref('node:20')), { digest: D1, mediaType: 'application/vnd.oci.image.index.v1+json', resolvedAt: Date.now(), children: [D2] });
    assert.equal(staleDigest(`node:20@${D1}`, cache), undefined);
    assert.equal(staleDigest(`docker.io/library/node:20@${D2}`, cache), undefined, 'a platform manifest of the current index');
    assert.equal(staleDigest('node:20', cache), undefined, 'not pinned');
  });

  test('the tag moved: reported with the current digest and the time of the answer', () => {
    const cache = new DigestCache();
    const at = Date.parse('2025-03-04T05:06:07Z');
    cache.putTag(tagKey(ref('node:20')), { digest: D1, mediaType: 'application/vnd.oci.image.index.v1+json', resolvedAt: at - 1000 });
    cache.putTag(tagKey(ref('node:20')), { digest: D2, mediaType: 'application/vnd.oci.image.index.v1+json', resolvedAt: at });
    assert.deepEqual(staleDigest(`node:20@${D1}`, cache), { tag: 'docker.io/library/node:20', pinned: D1, current: D2, resolvedAt: '2025-03-04T05:06:07.000Z' });
    // An index whose platform manifests are unknown: an unknown digest may be one of them.
    assert.equal(staleDigest(`node:20@${D3}`, cache), undefined);
  });

  test('a single-manifest tag: any other digest is stale', () => {
    const cache = new DigestCache();
    cache.putTag(tagKey(ref('localhost:5000/app:1')), { digest: D1, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', resolvedAt: Date.now() });
    assert.equal(staleDigest(`localhost:5000/app:1@${D3}`, cache)?.current, D1);
  });
});
