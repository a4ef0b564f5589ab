import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/dockerfile/no-stale-digest';
import { lint } from '../../../../server/src/engine/runner';
import { DigestCache, staleDigest, tagKey } from '../../../../server/src/registry/cache';
import { parseReference } from '../../../../server/src/registry/reference';
import { run } from '../../../helpers/ruleTester';

const OLD = 'sha256:' + '0'.repeat(64);
const NEW = 'sha256:' + '1'.repeat(64);

run(rule, {
  valid: [
    `FROM node:22@${NEW}\n`,
    'FROM node:22\n',
    { name: 'digest without a tag cannot go stale', code: `FROM node@${OLD}\n` },
  ],
  invalid: [
    {
      code: `FROM node:22@[|${OLD}|] AS build\nFROM gcr.io/distroless/nodejs22:nonroot@${NEW}\n`,
      errors: ['stale'],
      fixTitles: ['Use the digest the tag points to now'],
      output: `FROM node:22@${NEW} AS build\nFROM gcr.io/distroless/nodejs22:nonroot@${NEW}\n`,
    },
    { name: 'ARG-resolved reference', code: `ARG BASE=node:22@${OLD}\nFROM [|$BASE|]\n`, errors: ['stale'] },
  ],
});

test('with a real registry cache: a tag that moved is reported, nothing without a cache', async () => {
  const cache = new DigestCache();
  const ref = parseReference('registry.example.com/team/app:1.0');
  cache.putTag(tagKey(ref), { digest: OLD, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', resolvedAt: Date.parse('2026-11-01') });
  cache.putTag(tagKey(ref), { digest: NEW, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', resolvedAt: Date.parse('2026-11-20') });
  const text = `FROM registry.example.com/team/app:1.0@${OLD}\n`;
  const lookup = (r: string) => staleDigest(r, cache);
  const res = await lint({ text, language: 'dockerfile', only: new Set([rule.id]), services: { staleDigest: lookup } });
  assert.deepEqual(res.findings.map((f) => f.messageId), ['stale']);
  assert.match(res.findings[0].message, /2026-11-20/);
  const none = await lint({ text, language: 'dockerfile', only: new Set([rule.id]) });
  assert.deepEqual(none.findings, []);
});
