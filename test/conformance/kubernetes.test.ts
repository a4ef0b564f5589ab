/**
 * Conformance with the Kubernetes checks of Polaris, kube-linter, kube-score and Trivy (KSV): for
 * every peer check a Shipshape rule maps (`sources`, refined by finding tags), each corpus case is
 * linted and compared with the peer's expected verdict, read as each corpus README describes.
 * Agreement per mapped check must be at least 95%.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { lint } from '../../server/src/engine/runner';
import { normalizeSettings } from '../../server/src/engine/settings';
import type { WorkspaceObject } from '../../server/src/engine/rule';
import type { Finding, PeerTool } from '../../server/src/engine/types';
import { sharedYamlService } from '../helpers/services';
import { corpusFile, loadIndex, peerMapping, report, requireCorpus, type Agreement } from './corpora';

const BAR = 0.95;

async function lintFile(rel: string, only: string[], others: string[] = [], kubernetesVersion = ''): Promise<{ findings: Finding[]; text: string }> {
  const text = corpusFile(rel);
  const objects: WorkspaceObject[] = [];
  for (const o of others) {
    for (const d of parseAllDocuments(corpusFile(o))) {
      const json = 'toJSON' in d ? d.toJSON() : undefined;
      if (json && typeof json === 'object') objects.push({ uri: o, json });
    }
  }
  // The peers see exactly these files, so the file set is complete.
  const res = await lint({
    text, language: 'kubernetes', only: new Set(only), services: { yaml: sharedYamlService() },
    settings: normalizeSettings({ kubernetes: { version: kubernetesVersion } }),
    workspace: { objects, complete: true },
  });
  return { findings: res.findings, text };
}

/** Runs `cases` grouped by peer check, comparing "peer flags it" with "a mapped finding exists". */
async function agreement<C>(
  tool: PeerTool,
  cases: C[],
  key: (c: C) => { check: string; aliases?: string[] } | undefined,
  judge: (c: C, findings: Finding[], matches: (f: Finding) => boolean, rules: string[]) => Promise<{ agree: boolean; why: string } | undefined>,
): Promise<{ rows: Agreement[]; unmapped: string[] }> {
  const groups = new Map<string, { aliases: string[]; cases: C[] }>();
  for (const c of cases) {
    const k = key(c);
    if (!k) continue;
    const g = groups.get(k.check) ?? { aliases: k.aliases ?? [], cases: [] };
    g.cases.push(c);
    groups.set(k.check, g);
  }
  const rows: Agreement[] = [];
  const unmapped: string[] = [];
  for (const [check, g] of groups) {
    const { rules, matches } = peerMapping(tool, [check, ...g.aliases]);
    if (!rules.length) {
      unmapped.push(check);
      continue;
    }
    const row: Agreement = { check, rules, agree: 0, total: 0, disagreements: [] };
    for (const c of g.cases) {
      const verdict = await judge(c, [], matches, rules);
      if (!verdict) continue;
      row.total++;
      if (verdict.agree) row.agree++;
      else row.disagreements.push(verdict.why);
    }
    if (row.total) rows.push(row);
  }
  return { rows, unmapped: unmapped.sort() };
}

function assertBar(title: string, rows: Agreement[], unmapped: string[]): void {
  const below = report(title, rows, BAR, unmapped);
  assert.deepEqual(below.map((r) => `${r.check} ${r.agree}/${r.total}`), [], `checks below ${BAR * 100}% agreement`);
}

describe('Kubernetes conformance', () => {
  test('Polaris', async (t) => {
    if (!requireCorpus(t, 'polaris')) return;
    interface C { check: string; file: string; expect: 'pass' | 'fail' }
    const { rows, unmapped } = await agreement<C>('polaris', loadIndex<C[]>('polaris'), (c) => ({ check: c.check }), async (c, _f, matches, rules) => {
      const { findings } = await lintFile(c.file, rules);
      const flagged = findings.some(matches);
      return { agree: flagged === (c.expect === 'fail'), why: `${c.file}: expected ${c.expect}, ${flagged ? 'flagged' : 'not flagged'}` };
    });
    assertBar('Polaris conformance', rows, unmapped);
  });

  test('kube-linter', async (t) => {
    if (!requireCorpus(t, 'kube-linter')) return;
    interface Report { kind?: string; object_name?: string }
    interface C { test: string; fixture: string; checks: string[]; config: string[]; expected_findings: number | null; expected_findings_at_least?: number; expected_reports: Report[] }
    // Only single-check runs of built-in checks say something about one check.
    const cases = loadIndex<C[]>('kube-linter').filter((c) => c.checks.length === 1 && c.config.length === 0);
    const { rows, unmapped } = await agreement<C>('kube-linter', cases, (c) => ({ check: c.checks[0] }), async (c, _f, matches, rules) => {
      const { findings } = await lintFile(c.fixture, rules);
      const mine = findings.filter(matches);
      const model = (await lint({ text: corpusFile(c.fixture), language: 'kubernetes', only: new Set() })).model as { objects: { kind: string; name?: string; range: { start: { line: number }; end: { line: number } } }[] };
      const objectOf = (f: Finding) => model.objects.find((o) => o.range.start.line <= f.range.start.line && f.range.start.line <= o.range.end.line);
      const flagged = new Set(mine.map((f) => { const o = objectOf(f); return `${o?.kind} ${o?.name}`; }));
      const named = c.expected_reports.filter((r) => r.kind && r.object_name).map((r) => `${r.kind} ${r.object_name}`);
      const expectedNone = c.expected_findings === 0;
      let agree: boolean;
      if (expectedNone) agree = flagged.size === 0;
      else if (named.length && c.expected_findings !== null && named.length === c.expected_reports.length && c.expected_reports.length === c.expected_findings) {
        agree = [...new Set(named)].sort().join('|') === [...flagged].sort().join('|');
      } else agree = flagged.size > 0 && named.every((n) => flagged.has(n));
      return { agree, why: `${c.fixture}: expected ${expectedNone ? 'none' : [...new Set(named)].join(', ') || `${c.expected_findings ?? c.expected_findings_at_least} finding(s)`}; flagged ${[...flagged].join(', ') || 'none'}` };
    });
    assertBar('kube-linter conformance', rows, unmapped);
  });

  test('kube-score', async (t) => {
    if (!requireCorpus(t, 'kube-score')) return;
    interface C { test: string; subtest?: string; files: string[]; check_id: string | null; expect: { grade?: number; skipped?: boolean }; run_config?: { KubernetesVersion?: string } }
    const cases = loadIndex<C[]>('kube-score').filter((c) => c.check_id && (typeof c.expect.grade === 'number' || c.expect.skipped === true));
    const { rows, unmapped } = await agreement<C>('kube-score', cases, (c) => ({ check: c.check_id! }), async (c, _f, matches, rules) => {
      const [file, ...others] = c.files;
      const version = c.run_config?.KubernetesVersion && c.run_config.KubernetesVersion !== '0.0' ? c.run_config.KubernetesVersion : '';
      const { findings } = await lintFile(file, rules, others, version);
      const flagged = findings.some(matches);
      // Skipped (or grade 0) means the check did not apply: nothing to report. OK (10) means pass.
      const shouldFlag = !c.expect.skipped && typeof c.expect.grade === 'number' && c.expect.grade > 0 && c.expect.grade < 10;
      return { agree: flagged === shouldFlag, why: `${c.test}${c.subtest ? '/' + c.subtest : ''} (${file}): expected ${shouldFlag ? 'a finding' : 'none'} (grade ${c.expect.grade ?? '-'}${c.expect.skipped ? ', skipped' : ''}), ${flagged ? 'flagged' : 'not flagged'}` };
    });
    assertBar('kube-score conformance', rows, unmapped);
  });

  test('Trivy KSV', async (t) => {
    if (!requireCorpus(t, 'trivy-checks')) return;
    interface C { source: string; check_id: string; legacy_id: string; aliases: string[]; provider: string; file: string; expect: 'deny' | 'allow'; deprecated: boolean }
    const cases = loadIndex<C[]>('trivy-checks').filter((c) => c.provider === 'kubernetes' && !c.deprecated);
    const { rows, unmapped } = await agreement<C>('trivy', cases, (c) => ({ check: c.check_id, aliases: [c.legacy_id, ...c.aliases] }), async (c, _f, matches, rules) => {
      const { findings } = await lintFile(c.file, rules);
      const flagged = findings.some(matches);
      return { agree: flagged === (c.expect === 'deny'), why: `${c.file}: expected ${c.expect}, ${flagged ? 'flagged' : 'not flagged'}` };
    });
    assertBar('Trivy KSV conformance', rows, unmapped);
  });
});
