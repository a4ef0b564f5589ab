import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';
import type { DockerfileModel } from '../../languages/dockerfile/model';

interface Operand {
  /** The path without quotes. */
  value: string;
  /** Where the path starts and ends, inside any quotes. */
  inner: Range;
  range: Range;
}

/** Last line of an instruction's own text: continuation lines count, heredoc bodies do not. */
function headerEndLine(model: DockerfileModel, instr: Instruction): number {
  const escape = model.ast.getEscapeCharacter();
  const last = instr.getRange().end.line;
  let line = instr.getRange().start.line;
  while (line < last && model.lines.lineText(line).trimEnd().endsWith(escape)) {
    line++;
    // Comment and empty lines inside a continuation do not end it.
    while (line < last && /^\s*(#.*)?$/.test(model.lines.lineText(line))) line++;
  }
  return line;
}

/** Sources and destination of COPY/ADD, in JSON or plain form, flags left out. */
function operands(model: DockerfileModel, instr: Instruction): Operand[] {
  const json = (instr as unknown as { getJSONStrings(): { getJSONValue(): string; getJSONRange(): Range; getRange(): Range }[] }).getJSONStrings();
  if (json.length) return json.map((j) => ({ value: j.getJSONValue(), inner: j.getJSONRange(), range: j.getRange() }));
  const end = headerEndLine(model, instr);
  return instr.getArguments().filter((a) => a.getRange().start.line <= end).map((a) => {
    const raw = a.getValue();
    const q = raw.length > 1 && /^["']/.test(raw) && raw.endsWith(raw[0]) ? 1 : 0;
    const r = a.getRange();
    return {
      value: raw.slice(q, raw.length - q),
      inner: { start: { line: r.start.line, character: r.start.character + q }, end: { line: r.end.line, character: r.end.character - q } },
      range: r,
    };
  });
}

export default defineRule({
  id: 'dockerfile/copy-destination-slash',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'End the destination of a COPY or ADD with several sources with a slash.',
  rationale:
    'With more than one source the destination can only be a folder, and the classic builder (and Podman/Buildah setups that ' +
    'mimic it) fails with "the destination must be a directory and end with a /". BuildKit guesses instead, so the same ' +
    'Dockerfile builds on one machine and not on another. The trailing slash states the intent and builds everywhere.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3021' },
    { tool: 'trivy', id: 'DS-0011' },
  ],
  messages: {
    noSlash: '{{keyword}} copies {{count}} sources, so the destination "{{dest}}" must be a folder ending with "/": write "{{dest}}/".',
  },
  examples: {
    valid: ['FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\n', 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n'],
    invalid: ['FROM alpine:3.13\nCOPY ["package.json", "yarn.lock", "myapp"]\n', 'FROM node:20-slim\nCOPY package.json yarn.lock /app\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const windows = model.ast.getEscapeCharacter() === '`';
    for (const instr of model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const ops = operands(model, instr);
      if (ops.length < 3) continue;
      const dest = ops[ops.length - 1];
      // A variable may well end with a slash; it is not guessed.
      if (!dest.value || dest.value.endsWith('/') || (windows && dest.value.endsWith('\\')) || dest.value.includes('$')) continue;
      const at = dest.inner.end;
      ctx.report({
        range: dest.range,
        messageId: 'noSlash',
        data: { keyword, count: ops.length - 1, dest: dest.value },
        fix: { title: `Append "/" to ${dest.value}`, edits: [{ range: { start: at, end: at }, newText: '/' }] },
      });
    }
  },
});
