/**
 * Fix soundness, as a property over every fixture, example and corpus file: for each rule with a
 * fix on a file, applying that rule's fixes gives text that still parses, the rule's findings
 * drop, no new error-level finding appears, fixing again changes nothing, and every comment line
 * survives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { fixText } from '../../server/src/engine/fixer';
import { lint } from '../../server/src/engine/runner';
import type { Finding, Language } from '../../server/src/engine/types';
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';
import { testStaleDigest } from '../helpers/services';
import { seeds } from './fuzzer';

const yaml = new KubernetesYamlService();

async function findings(text: string, language: Language, only?: Set<string>): Promise<Finding[]> {
  return (await lint({ text, language, only, services: { yaml, staleDigest: testStaleDigest } })).findings;
}

function yamlErrors(text: string): number {
  return parseAllDocuments(text).reduce((n, d) => n + ('errors' in d ? d.errors.length : 0), 0);
}

function comments(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('#')).sort();
}

test('every fix on every fixture and corpus file is sound', { timeout: 20 * 60_000 }, async () => {
  const files = seeds(true);
  const problems: string[] = [];
  let fixesChecked = 0;
  for (const seed of files) {
    const before = await findings(seed.text, seed.language);
    const fixable = [...new Set(before.filter((f) => f.fixes.length).map((f) => f.ruleId))];
    const errorsBefore = new Set(before.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.message}`));
    for (const ruleId of fixable) {
      const only = new Set([ruleId]);
      const fixed = await fixText(seed.text, (t) => findings(t, seed.language, only), { rules: only });
      if (fixed.text === seed.text) continue;
      fixesChecked++;
      const where = `${seed.file} [${ruleId}]`;
      if (seed.language === 'kubernetes' && yamlErrors(fixed.text) > yamlErrors(seed.text)) problems.push(`${where}: fixed YAML does not parse`);
      const after = await findings(fixed.text, seed.language);
      const countBefore = before.filter((f) => f.ruleId === ruleId).length;
      const countAfter = after.filter((f) => f.ruleId === ruleId).length;
      if (countAfter >= countBefore) problems.push(`${where}: findings did not drop (${countBefore} -> ${countAfter})`);
      // Migrating an object from an apiVersion whose schema is not bundled (e.g. batch/v1beta1) makes
      // it schema-checked for the first time: problems it already had then surface, which is not
      // something the fix introduced.
      const migrated = ruleId === 'kubernetes/no-deprecated-api-version';
      const newErrors = after.filter((f) => f.severity === 'error' && !errorsBefore.has(`${f.ruleId} ${f.message}`) && !(migrated && f.ruleId === 'kubernetes/valid-schema'));
      if (newErrors.length) problems.push(`${where}: new errors ${newErrors.map((f) => `${f.ruleId}: ${f.message}`).join('; ')}`);
      const again = await fixText(fixed.text, (t) => findings(t, seed.language, only), { rules: only });
      if (again.text !== fixed.text) problems.push(`${where}: fixing twice changes the file`);
      const lost = comments(seed.text).filter((c, i, all) => comments(fixed.text).filter((x) => x === c).length < all.filter((x) => x === c).length);
      if (lost.length) problems.push(`${where}: comments lost: ${[...new Set(lost)].join(' | ')}`);
    }
  }
  process.stdout.write(`fix soundness: ${fixesChecked} rule fixes checked on ${files.length} files, ${problems.length} problems\n`);
  assert.ok(fixesChecked > 100, `expected many fixes to check, got ${fixesChecked}`);
  assert.deepEqual(problems.slice(0, 20), []);
});
