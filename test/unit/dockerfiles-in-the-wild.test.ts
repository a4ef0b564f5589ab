/**
 * Dockerfiles in the wild: realistic Dockerfiles written for this project (test/fixtures/dockerfiles/<name>/Dockerfile),
 * good ones and ones with the mistakes real teams make, across Node, Java, Go, Python, Rust, .NET (Linux and Windows),
 * nginx and multi-stage builds. Every fixture must lint without an exception or a rule crash, with every range inside
 * the document, and every fix must apply cleanly and leave a file that re-lints without new warnings or errors from
 * other rules. The findings are compared with test/fixtures/dockerfiles/expected.txt (`<name>:<line> <ruleId> <severity>`),
 * which was reviewed finding by finding; comment lines (#) in it are ignored, and `# KNOWN FALSE POSITIVE: …` marks a
 * finding that is in the file only because the rule still reports it.
 * SHIPSHAPE_UPDATE_GOLDEN=1 rewrites expected.txt (keeping the comments of findings that remain); review the diff.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fixText } from '../../server/src/engine/fixer';
import { lint } from '../../server/src/engine/runner';
import { applyEdits, LineIndex } from '../../server/src/engine/text';
import type { Finding, Range } from '../../server/src/engine/types';
import { DockerfileModel } from '../../server/src/languages/dockerfile/model';

/**
 * End-of-life findings depend on the date: dockerfile/no-eol-base-image reads SHIPSHAPE_TODAY each time it runs,
 * so setting it here (before any lint) pins the date, as the CLI test does for its child process.
 */
const TODAY = '2026-11-24';
process.env.SHIPSHAPE_TODAY = TODAY;

const FIXTURES = path.resolve(__dirname, '../fixtures/dockerfiles');
const EXPECTED = path.join(FIXTURES, 'expected.txt');

const names = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'Dockerfile'))).sort();
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name, 'Dockerfile'), 'utf8');
const lintText = async (text: string) => (await lint({ text, language: 'dockerfile' })).findings;
const line = (name: string, f: Finding) => `${name}:${f.range.start.line + 1} ${f.ruleId} ${f.severity}`;

function assertInside(text: string, range: Range, what: string): void {
  const lines = new LineIndex(text);
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: integer position`);
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside the document (${lines.lineCount} lines)`);
    assert.ok(p.character >= 0 && p.character <= lines.lineText(p.line).length, `${what}: character ${p.character} outside line ${p.line + 1}`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: range ends before it starts`);
}

/**
 * The distinct warnings and errors of a text, by rule and message: what a fix must not add for other rules. A problem
 * the fix copies (the multi-stage conversion repeats the base image and ENV in both stages) keeps its message and is
 * not new; a problem the file did not have is.
 */
function serious(findings: readonly Finding[]): Set<string> {
  // Keyed by rule and message id: a fix may reword another finding (ADD -> COPY) without adding one.
  return new Set(findings.filter((f) => f.severity === 'warning' || f.severity === 'error').map((f) => `${f.ruleId}: ${f.messageId}`));
}

function added(before: Set<string>, after: Set<string>, except: string): string[] {
  return [...after].filter((key) => !key.startsWith(except + ': ') && !before.has(key));
}

/** The expected file: finding lines, and the comment lines above each of them (kept when the file is regenerated). */
function readExpected(): { findings: string[]; header: string[]; comments: Map<string, string[]> } {
  const findings: string[] = [];
  const header: string[] = [];
  const comments = new Map<string, string[]>();
  let pending: string[] = [];
  let inHeader = true;
  for (const raw of fs.existsSync(EXPECTED) ? fs.readFileSync(EXPECTED, 'utf8').split(/\r?\n/) : []) {
    const l = raw.trimEnd();
    if (l.startsWith('#')) pending.push(l);
    else if (l === '') {
      if (inHeader && pending.length) {
        header.push(...pending, '');
        pending = [];
      }
    } else {
      inHeader = false;
      findings.push(l);
      if (pending.length) comments.set(l, [...(comments.get(l) ?? []), ...pending]);
      pending = [];
    }
  }
  return { findings, header, comments };
}

describe('Dockerfiles in the wild', () => {
  test('at least 22 fixtures, covering every ecosystem, multi-stage and Windows', () => {
    assert.ok(names.length >= 22, names.join(', '));
    for (const eco of ['node', 'java', 'go', 'python', 'rust', 'dotnet', 'nginx']) {
      assert.ok(names.some((n) => n.startsWith(eco + '-')), `${eco}: ${names.join(', ')}`);
    }
    const texts = names.map(read);
    assert.ok(texts.filter((t) => new DockerfileModel(t).stages.length > 1).length >= 10, 'multi-stage builds');
    assert.ok(texts.some((t) => /^# escape=`/.test(t)), 'a Windows Dockerfile with the backtick escape');
    assert.ok(texts.some((t) => /^# syntax=/.test(t)), 'a # syntax= directive');
    assert.ok(texts.some((t) => /<<EOT/.test(t)), 'a heredoc');
    assert.ok(texts.some((t) => t.includes('\r\n')), 'a file with CRLF line breaks');
  });

  for (const name of names) {
    test(`${name}: no crash, ranges inside the document, every fix applies and adds no new problem`, async () => {
      const text = read(name);
      const findings = await lintText(text);
      assert.deepEqual(findings.filter((f) => f.messageId === 'internal').map((f) => f.message), [], 'a rule crashed');
      const before = serious(findings);
      for (const f of findings) {
        const what = `${line(name, f)} (${f.message})`;
        assertInside(text, f.range, what);
        for (const fix of f.fixes) {
          assert.ok(fix.edits.length > 0, `${what}: fix "${fix.title}" has no edits`);
          for (const e of fix.edits) assertInside(text, e.range, `${what}: fix "${fix.title}"`);
          let fixed: string;
          try {
            fixed = applyEdits(text, fix.edits);
          } catch (err) {
            assert.fail(`${what}: fix "${fix.title}" does not apply: ${(err as Error).message}`);
          }
          assert.notEqual(fixed, text, `${what}: fix "${fix.title}" changes nothing`);
          const after = await lintText(fixed);
          assert.deepEqual(after.filter((x) => x.messageId === 'internal').map((x) => x.message), [], `${what}: a rule crashed after fix "${fix.title}"`);
          assert.deepEqual(added(before, serious(after), f.ruleId), [], `${what}: fix "${fix.title}" adds problems of other rules`);
        }
      }
      // "Fix all" (the safe fixes, re-linted until stable) adds no warning or error of any rule either.
      const all = await fixText(text, lintText);
      if (all.applied > 0) {
        const after = await lintText(all.text);
        assert.deepEqual(added(before, serious(after), '\0'), [], 'fix all adds problems');
      }
    });
  }

  test('the findings are exactly the reviewed ones in expected.txt', async () => {
    const actual: string[] = [];
    for (const name of names) for (const f of await lintText(read(name))) actual.push(line(name, f));
    const expected = readExpected();
    if (process.env.SHIPSHAPE_UPDATE_GOLDEN) {
      const out = [...expected.header];
      const commented = new Set<string>();
      for (const l of actual) {
        if (!commented.has(l)) out.push(...(expected.comments.get(l) ?? []));
        commented.add(l);
        out.push(l);
      }
      fs.writeFileSync(EXPECTED, out.join('\n') + '\n');
    }
    assert.deepEqual(actual, readExpected().findings);
  });
});
