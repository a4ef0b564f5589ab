/**
 * Access to the peer-linter conformance corpora (Polaris, kube-linter, kube-score, Trivy, Helm),
 * which live outside this repository: `../shared/corpora` beside the checkout, or the folder named
 * by SHIPSHAPE_CORPORA. When it is absent the conformance tests say so loudly and skip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { allRules } from '../../server/src/rules/index';
import type { Finding, PeerTool, RuleSource } from '../../server/src/engine/types';

export const CORPORA_DIR = process.env.SHIPSHAPE_CORPORA ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpora');

export function corpusAvailable(name: string): boolean {
  return fs.existsSync(path.join(CORPORA_DIR, name, 'index.json'));
}

/** Skips the test with a loud message when the corpus is missing. Returns false then. */
export function requireCorpus(t: TestContext, name: string): boolean {
  if (corpusAvailable(name)) return true;
  const msg = `CONFORMANCE CORPUS MISSING: ${path.join(CORPORA_DIR, name)} not found; set SHIPSHAPE_CORPORA. Skipping ${name} conformance.`;
  process.stderr.write(`\n!!! ${msg}\n\n`);
  t.skip(msg);
  return false;
}

export function loadIndex<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(CORPORA_DIR, name, 'index.json'), 'utf8')) as T;
}

export function corpusFile(rel: string): string {
  return fs.readFileSync(path.join(CORPORA_DIR, rel), 'utf8');
}

/** Our rule ids mapped to a peer check (via each rule's `sources`); `peerIds` are its id and aliases. */
export function rulesForPeer(tool: PeerTool, ...peerIds: string[]): string[] {
  return peerMapping(tool, peerIds).rules;
}

/** The rules mapped to a peer check, and a test of whether one of their findings is that check's. */
export function peerMapping(tool: PeerTool, peerIds: string[]): { rules: string[]; matches: (f: Finding) => boolean } {
  const ids = new Set(peerIds.map((i) => i.toLowerCase()));
  const sources = new Map<string, RuleSource[]>();
  for (const r of allRules) {
    const s = r.sources.filter((x) => x.tool === tool && ids.has(x.id.toLowerCase()));
    if (s.length) sources.set(r.id, s);
  }
  return {
    rules: [...sources.keys()],
    matches: (f) => (sources.get(f.ruleId) ?? []).some((s) => !s.tags || s.tags.some((t) => f.tags?.includes(t))),
  };
}

export interface Agreement {
  check: string;
  rules: string[];
  agree: number;
  total: number;
  disagreements: string[];
}

/** Prints the per-check agreement table and returns the checks below the bar. */
export function report(title: string, rows: Agreement[], bar = 0.95, unmapped: string[] = []): Agreement[] {
  const lines = [`\n${title}`, `${'check'.padEnd(34)} ${'agree'.padStart(9)}  ${'%'.padStart(6)}  rules`];
  for (const r of rows.sort((a, b) => a.check.localeCompare(b.check))) {
    const pct = r.total ? (100 * r.agree) / r.total : 100;
    lines.push(`${r.check.padEnd(34)} ${`${r.agree}/${r.total}`.padStart(9)}  ${pct.toFixed(1).padStart(6)}  ${r.rules.join(', ')}`);
    for (const d of r.disagreements.slice(0, 5)) lines.push(`      disagrees: ${d}`);
  }
  const totalAgree = rows.reduce((n, r) => n + r.agree, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  lines.push(`mapped checks: ${rows.length}; cases: ${totalAgree}/${total} agree${unmapped.length ? `; not mapped (${unmapped.length}): ${unmapped.join(', ')}` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
  return rows.filter((r) => r.total > 0 && r.agree / r.total < bar);
}
