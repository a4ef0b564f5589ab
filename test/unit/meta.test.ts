/**
 * Rules keep their promises: every rule file is listed in its index, has a test and a docs page,
 * maps only to known peer tools, and its documented examples behave as stated.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lint } from '../../server/src/engine/runner';
import { normalizeSettings } from '../../server/src/engine/settings';
import { allRules } from '../../server/src/rules/index';
import { NOT_IMPLEMENTED } from '../../server/src/rules/not-implemented';
import { PEER_CATALOG, peerKey } from '../../server/src/rules/peers';
import type { PeerTool } from '../../server/src/engine/types';
import { sharedYamlService, testStaleDigest } from '../helpers/services';

const ROOT = path.resolve(__dirname, '../..');
const TOOLS = new Set(['hadolint', 'buildkit', 'kube-linter', 'polaris', 'kube-score', 'trivy']);

describe('rule catalogue', () => {
  test('every rule file is listed in rules/index.ts and every listed rule has a file', () => {
    const files: string[] = [];
    for (const lang of ['dockerfile', 'kubernetes']) {
      for (const f of fs.readdirSync(path.join(ROOT, 'server/src/rules', lang))) if (f.endsWith('.ts')) files.push(`${lang}/${f.replace(/\.ts$/, '')}`);
    }
    assert.deepEqual(files.sort(), allRules.map((r) => r.id).sort());
  });

  for (const rule of allRules) {
    describe(rule.id, () => {
      test('has a test file and a docs page', () => {
        assert.ok(fs.existsSync(path.join(ROOT, 'test/unit/rules', `${rule.id}.test.ts`)), 'missing test/unit/rules/<id>.test.ts');
        assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`)), 'missing docs page (npm run docs)');
      });
      test('metadata is complete', () => {
        assert.ok(rule.description.endsWith('.'), 'description is a sentence');
        assert.ok(rule.rationale.length > 80, 'rationale explains why');
        assert.ok(rule.examples.invalid.length > 0 && rule.examples.valid.length > 0, 'examples of both kinds');
        for (const s of rule.sources) assert.ok(TOOLS.has(s.tool), `unknown tool ${s.tool}`);
      });
      test('documented examples behave as stated', async () => {
        const services = { yaml: rule.language === 'kubernetes' ? sharedYamlService() : undefined, staleDigest: testStaleDigest };
        // Rules that are off by default are documented as they behave once turned on.
        const settings = normalizeSettings({ rules: rule.defaultSeverity === 'off' ? { [rule.id]: 'warning' } : {} });
        for (const ex of rule.examples.invalid) {
          const res = await lint({ text: ex, language: rule.language, services, settings, only: new Set([rule.id]) });
          assert.ok(res.findings.length > 0, `should report on:\n${ex}`);
        }
        for (const ex of rule.examples.valid) {
          const res = await lint({ text: ex, language: rule.language, services, settings, only: new Set([rule.id]) });
          assert.deepEqual(res.findings.map((f) => f.message), [], `should not report on:\n${ex}`);
        }
      });
    });
  }

  test('every peer check is covered by a rule or listed as not implemented, with a reason', () => {
    const mapped = new Set(allRules.flatMap((r) => r.sources.map((s) => peerKey(s.tool, s.id))));
    const reasons = new Map(Object.entries(NOT_IMPLEMENTED).map(([k, v]) => {
      const [tool, ...id] = k.split(':');
      return [peerKey(tool as PeerTool, id.join(':')), v] as const;
    }));
    const missing: string[] = [];
    const both: string[] = [];
    for (const [tool, ids] of Object.entries(PEER_CATALOG)) {
      for (const id of ids) {
        const key = peerKey(tool as PeerTool, id);
        if (!mapped.has(key) && !reasons.has(key)) missing.push(key);
        if (mapped.has(key) && reasons.has(key)) both.push(key);
      }
    }
    assert.deepEqual(missing, [], 'peer checks neither mapped nor explained (server/src/rules/not-implemented.ts)');
    assert.deepEqual(both, [], 'peer checks both mapped and listed as not implemented');
    for (const [key, reason] of reasons) assert.ok(reason.length > 20, `reason for ${key} is too short`);
  });

  test('generated docs are up to date (scripts/gen-docs.ts --check)', () => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/gen-docs.ts'), '--check'], { cwd: ROOT, stdio: 'pipe' });
  });
});
