/**
 * Table-driven rule tests. `[|…|]` in `code` marks the expected ranges of the findings, in order.
 * For every invalid case the harness checks message ids, ranges, severity, that applying the
 * rule's fixes gives `output`, that the output re-parses, that the rule is silent on it, that no
 * other rule finds a new warning or error, and that fixing again changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { effectiveSeverity } from '../../server/src/engine/registry';
import type { Rule } from '../../server/src/engine/rule';
import { fixText } from '../../server/src/engine/fixer';
import { lint } from '../../server/src/engine/runner';
import { DEFAULT_SETTINGS, normalizeSettings, type EngineSettings } from '../../server/src/engine/settings';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, Range, Severity } from '../../server/src/engine/types';
import { sharedYamlService, testStaleDigest } from './services';

export interface InvalidCase {
  code: string;
  /** Expected message ids, in file order. */
  errors: string[];
  /** Text after applying this rule's fixes (first alternative); omit when the rule offers none here. */
  output?: string;
  /** Expected fix titles offered for the first finding. */
  fixTitles?: string[];
  settings?: Record<string, unknown>;
  severity?: Severity;
  name?: string;
}

export interface ValidCase {
  code: string;
  settings?: Record<string, unknown>;
  name?: string;
}

export interface Cases {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

/** Strips `[|` and `|]` markers and returns the clean text with the marked ranges. */
export function parseMarkers(marked: string): { text: string; ranges: Range[] } {
  let text = '';
  const starts: number[] = [];
  const offsets: Array<[number, number]> = [];
  for (let i = 0; i < marked.length; i++) {
    if (marked.startsWith('[|', i)) {
      starts.push(text.length);
      i++;
    } else if (marked.startsWith('|]', i)) {
      const s = starts.pop();
      if (s === undefined) throw new Error('unbalanced |] marker');
      offsets.push([s, text.length]);
      i++;
    } else {
      text += marked[i];
    }
  }
  if (starts.length) throw new Error('unbalanced [| marker');
  const index = new LineIndex(text);
  offsets.sort((a, b) => a[0] - b[0]);
  return { text, ranges: offsets.map(([s, e]) => index.range(s, e)) };
}

export async function lintWith(rule: Rule, text: string, settings: EngineSettings, only = true): Promise<Finding[]> {
  const res = await lint({
    text, language: rule.language, settings,
    services: { yaml: rule.language === 'kubernetes' ? sharedYamlService() : undefined, staleDigest: testStaleDigest },
    only: only ? new Set([rule.id]) : undefined,
  });
  return res.findings;
}

function assertParses(language: Rule['language'], text: string): void {
  if (language === 'kubernetes') {
    const errors = parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors : []));
    assert.deepEqual(errors.map((e) => e.message), [], 'fixed YAML must parse');
  } else {
    DockerfileParser.parse(text); // throws on internal failure; the Dockerfile parser is total
  }
}

const key = (f: Finding) => `${f.ruleId}:${f.messageId}:${f.message}`;

export function run(rule: Rule, cases: Cases): void {
  describe(rule.id, () => {
    for (const c of cases.valid) {
      const vc = typeof c === 'string' ? { code: c } : c;
      test(`valid: ${vc.name ?? JSON.stringify(vc.code).slice(0, 70)}`, async () => {
        const findings = await lintWith(rule, vc.code, normalizeSettings(vc.settings ?? {}));
        assert.deepEqual(findings.map((f) => `${f.messageId} ${f.message}`), []);
      });
    }
    for (const c of cases.invalid) {
      test(`invalid: ${c.name ?? JSON.stringify(c.code).slice(0, 70)}`, async () => {
        const { text, ranges } = parseMarkers(c.code);
        const settings = normalizeSettings(c.settings ?? {});
        const findings = await lintWith(rule, text, settings);
        assert.deepEqual(findings.map((f) => f.messageId), c.errors, 'message ids');
        if (ranges.length) assert.deepEqual(findings.map((f) => f.range), ranges, 'ranges');
        const sev = c.severity ?? effectiveSeverity(rule, settings);
        for (const f of findings) {
          assert.equal(f.severity, sev, 'severity');
          assert.ok(!f.message.includes('{{'), `message has unfilled placeholders: ${f.message}`);
        }
        if (c.fixTitles) assert.deepEqual(findings[0]?.fixes.map((x) => x.title), c.fixTitles, 'fix titles');
        if (c.output === undefined) {
          assert.ok(findings.every((f) => f.fixes.length === 0), 'a fix is offered: add `output` to the test case');
          return;
        }
        assert.ok(rule.fixable, 'rule offers a fix but its metadata says fixable: false');
        const lintRule = (t: string) => lintWith(rule, t, settings);
        const fixed = await fixText(text, lintRule, { rules: new Set([rule.id]) });
        assert.equal(fixed.text, c.output, 'fix output');
        assertParses(rule.language, fixed.text);
        assert.deepEqual((await lintRule(fixed.text)).map((f) => f.message), [], 'rule is silent after the fix');
        const again = await fixText(fixed.text, lintRule, { rules: new Set([rule.id]) });
        assert.equal(again.text, fixed.text, 'fixing twice changes nothing');
        // No new warning or error from any other rule (an info hint such as "these RUNs could be
        // merged" may follow from a fix that adds a line, and is fine).
        // Counted per rule and message id: a fix may change a message's wording (ADD -> COPY) or shift
        // lines without adding a problem.
        const count = (fs: Finding[]) => fs.reduce((m, f) => m.set(`${f.ruleId}:${f.messageId}`, (m.get(`${f.ruleId}:${f.messageId}`) ?? 0) + 1), new Map<string, number>());
        const before = count(await lintWith(rule, text, settings, false));
        const afterFindings = (await lintWith(rule, fixed.text, settings, false)).filter((f) => f.ruleId !== rule.id && (f.severity === 'warning' || f.severity === 'error'));
        const after = count(afterFindings);
        const added = afterFindings.filter((f) => (after.get(`${f.ruleId}:${f.messageId}`) ?? 0) > (before.get(`${f.ruleId}:${f.messageId}`) ?? 0));
        assert.deepEqual(added.map(key), [], 'the fix introduced new findings');
      });
    }
  });
}

export { DEFAULT_SETTINGS };
