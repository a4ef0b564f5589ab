/**
 * Conformance with Trivy's Dockerfile checks (DS-xxxx): every example Dockerfile in the corpus is
 * linted, and for each Trivy check that a Shipshape rule maps (`sources`), "bad" examples must get a
 * finding from a mapped rule and "good" ones must not. Agreement per check must be at least 95%.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../server/src/engine/runner';
import { corpusFile, loadIndex, peerMapping, report, requireCorpus, type Agreement } from './corpora';

interface TrivyCase {
  source: string;
  check_id: string;
  legacy_id: string;
  aliases: string[];
  provider: string;
  file: string;
  expect: 'deny' | 'allow';
  deprecated: boolean;
}

test('Trivy Dockerfile checks: agreement per mapped check >= 95%', async (t) => {
  if (!requireCorpus(t, 'trivy-checks')) return;
  const cases = loadIndex<TrivyCase[]>('trivy-checks').filter((c) => c.provider === 'dockerfile' && c.source === 'examples');
  assert.ok(cases.length >= 40, `expected the 45 Dockerfile examples, found ${cases.length}`);
  const byCheck = new Map<string, TrivyCase[]>();
  for (const c of cases) byCheck.set(c.check_id, [...(byCheck.get(c.check_id) ?? []), c]);
  const rows: Agreement[] = [];
  const unmapped: string[] = [];
  for (const [check, list] of byCheck) {
    const { rules, matches } = peerMapping('trivy', [check, list[0].legacy_id, ...list[0].aliases]);
    if (!rules.length) {
      unmapped.push(check);
      continue;
    }
    const row: Agreement = { check, rules, agree: 0, total: 0, disagreements: [] };
    for (const c of list) {
      const res = await lint({ text: corpusFile(c.file), language: 'dockerfile', only: new Set(rules) });
      const denied = res.findings.some(matches);
      row.total++;
      if (denied === (c.expect === 'deny')) row.agree++;
      else row.disagreements.push(`${c.file} expected ${c.expect}, got ${denied ? res.findings.map((f) => f.ruleId).join(',') : 'nothing'}`);
    }
    rows.push(row);
  }
  const below = report('Trivy Dockerfile conformance', rows, 0.95, unmapped.sort());
  assert.ok(rows.length > 0, 'no Trivy check is mapped');
  assert.deepEqual(below.map((r) => `${r.check} ${r.agree}/${r.total}`), [], 'checks below 95% agreement');
});
