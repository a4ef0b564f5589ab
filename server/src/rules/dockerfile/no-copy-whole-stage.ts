import type { Flag, Instruction } from 'dockerfile-ast';
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

/** Sources that mean "everything": the root folder itself or all of its entries. */
const WHOLE_ROOT = new Set(['/', '/.', '/./', '/*']);

export default defineRule({
  id: 'dockerfile/no-copy-whole-stage',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Copy only the files you need from another stage, not its whole root filesystem.',
  rationale:
    'A multi-stage build exists to leave compilers, package caches and build secrets behind. `COPY --from=build / /` brings ' +
    'all of it back: the final image is as large as the build stage, carries its vulnerabilities and any credentials left in ' +
    'it, and overwrites the base image\'s own files. Copy the build output (`COPY --from=build /app/bin/server /server`). ' +
    'If flattening an image on purpose, silence the rule on that line.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3067' }],
  messages: {
    wholeRoot: 'This copies the whole filesystem of "{{from}}", build tools and caches included. Copy only the paths you need.',
  },
  examples: {
    valid: ['FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /server\n'],
    invalid: ['FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM debian:bookworm-slim\nCOPY --from=build / /\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const instr of model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'COPY') continue;
      const from = (instr as unknown as { getFlags(): Flag[] }).getFlags().find((f) => f.getName().toLowerCase() === 'from')?.getValue();
      if (!from) continue;
      const ops = operands(model, instr);
      for (const src of ops.slice(0, -1)) {
        if (WHOLE_ROOT.has(src.value)) ctx.report({ range: src.range, messageId: 'wholeRoot', data: { from } });
      }
    }
  },
});
