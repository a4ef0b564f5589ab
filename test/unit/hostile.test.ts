/**
 * Hostile and broken input: every case ends in a clear finding or a documented skip, never an
 * exception, a hang or a range outside the document. The same files in a workspace, through the
 * language server (responsiveness, nothing written to disk): test/lsp/server.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixText } from '../../server/src/engine/fixer';
import { lint, SKIPPED_FILE_ID } from '../../server/src/engine/runner';
import { normalizeSettings } from '../../server/src/engine/settings';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, Language } from '../../server/src/engine/types';
import { sharedYamlService } from '../helpers/services';
import {
  aliasBomb, bigFile, binary, COMMENTS_ONLY, deepBlocks, deepFlow, DIRECTIVES_ONLY, INVALID_UTF8, MIXED_ENDINGS, POD,
  UNTERMINATED_HEREDOC, UNTERMINATED_QUOTES, UNTERMINATED_YAML, WINDOWS_COPY, WINDOWS_COPY_BACKTICK,
} from '../helpers/hostile';

async function check(language: Language, text: string, settings = normalizeSettings({})): Promise<Finding[]> {
  const started = Date.now();
  const res = await lint({ text, language, settings, services: { yaml: sharedYamlService() } });
  const index = new LineIndex(text);
  for (const f of res.findings) {
    assert.notEqual(f.messageId, 'internal', `rule crashed: ${f.message}`);
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line < index.lineCount && p.character <= index.lineText(p.line).length, `${f.ruleId} range outside the document`);
    }
  }
  // Fixing must terminate and keep the text a string of sane size.
  const fixed = await fixText(text, async (t) => (await lint({ text: t, language, settings, services: { yaml: sharedYamlService() } })).findings);
  assert.ok(fixed.text.length <= text.length * 2 + 10_000);
  assert.ok(Date.now() - started < 20_000, 'took too long');
  return res.findings;
}

const pod = POD;

describe('hostile input', () => {
  test('YAML alias bomb (billion laughs)', async () => {
    const findings = await check('kubernetes', aliasBomb());
    assert.ok(findings.some((f) => f.ruleId === 'kubernetes/valid-schema'), 'the bomb is reported (data values must be strings)');
  });
  test('100-level nesting', async () => {
    await check('kubernetes', deepBlocks());
    await check('kubernetes', deepFlow());
  });
  test('a 10 MB file is skipped with a clear finding (limit setting)', async () => {
    const big = bigFile(10);
    const findings = await check('kubernetes', big);
    assert.deepEqual(findings.map((f) => f.ruleId), [SKIPPED_FILE_ID]);
    assert.match(findings[0].message, /10\.0 MB, over the 5\.0 MB limit \(setting shipshape\.limits\.maxFileSizeMB\)/);
    const raised = await check('kubernetes', big, normalizeSettings({ limits: { maxFileSizeMB: 20 } }));
    assert.ok(!raised.some((f) => f.ruleId === SKIPPED_FILE_ID), 'the limit is configurable');
  });
  test('a 100,000-character line', async () => {
    await check('dockerfile', 'FROM alpine:3.20\nRUN echo ' + 'a'.repeat(100_000) + '\n');
    await check('kubernetes', pod.replace('name: p', 'name: ' + 'p'.repeat(100_000)));
  });
  test('binary content', async () => {
    const bin = binary();
    for (const language of ['dockerfile', 'kubernetes'] as const) {
      const findings = await check(language, bin);
      assert.deepEqual(findings.map((f) => f.ruleId), [SKIPPED_FILE_ID]);
    }
  });
  test('invalid UTF-8 decoded with replacement characters, BOM, CRLF, mixed endings, tabs', async () => {
    const decoded = INVALID_UTF8.toString('utf8');
    await check('dockerfile', decoded);
    await check('dockerfile', '\uFEFFFROM alpine:3.20\nUSER 1000\n');
    await check('kubernetes', '\uFEFF' + pod);
    const crlf = await check('kubernetes', pod.replace(/\n/g, '\r\n'));
    assert.ok(crlf.some((f) => f.ruleId === 'kubernetes/require-resource-limits'));
    await check('dockerfile', MIXED_ENDINGS);
    await check('kubernetes', pod.replace('    - name', '\t- name'));
    await check('dockerfile', 'FROM alpine:3.20\n\tRUN\techo\thi\n');
  });
  test('Windows paths in COPY, empty files, comments only, directives only', async () => {
    await check('dockerfile', WINDOWS_COPY);
    await check('dockerfile', WINDOWS_COPY_BACKTICK);
    for (const text of ['', '\n', COMMENTS_ONLY, DIRECTIVES_ONLY]) {
      await check('dockerfile', text);
      await check('kubernetes', text);
    }
  });
  test('commands and keys named like JavaScript object properties', async () => {
    await check('dockerfile', 'FROM alpine:3.20\nRUN constructor && toString x && __proto__ y && hasOwnProperty z\nUSER 1000\n');
    await check('kubernetes', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: constructor\n  labels: {__proto__: x, toString: y}\nspec:\n  containers:\n    - name: toString\n      image: constructor:1\n');
  });
  test('unterminated heredocs and quotes', async () => {
    await check('dockerfile', UNTERMINATED_HEREDOC);
    await check('dockerfile', UNTERMINATED_QUOTES);
    await check('kubernetes', UNTERMINATED_YAML);
  });
});
