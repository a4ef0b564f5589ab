import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';

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

/** `/x`, `\\x`, `C:\\x`, `C:/x`, or a variable (not guessed). */
const NOT_RELATIVE = /^([/\\$]|[A-Za-z]:[/\\])/;

export default defineRule({
  id: 'dockerfile/copy-needs-workdir',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Set a WORKDIR before COPY or ADD to a relative destination.',
  rationale:
    'A relative destination such as `COPY . .` lands in the working directory, and without a WORKDIR in the stage that is ' +
    'whatever the base image set: `/` for most images, something else for others, and it can change with a new base image ' +
    'version. The files then end up scattered over the root filesystem or somewhere CMD does not look. A WORKDIR (or an ' +
    'absolute destination) says where they go.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3045' }],
  messages: {
    noWorkdir: '{{keyword}} to a relative path while this stage sets no WORKDIR: where the files land depends on the base image. Add a WORKDIR before it or use an absolute path.',
  },
  examples: {
    valid: ['FROM node:20-slim\nWORKDIR /app\nCOPY . .\n', 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n'],
    invalid: ['FROM node:20-slim\nCOPY . .\n', 'FROM alpine:3.20\nCOPY app.conf etc/\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const hasWorkdir = new Map<Stage, boolean>();
    for (const stage of model.stages) {
      let set = stage.parentStage ? hasWorkdir.get(stage.parentStage) ?? false : false;
      for (const instr of stage.instructions) {
        const keyword = instr.getKeyword();
        if (keyword === 'WORKDIR') set = true;
        if (set || (keyword !== 'COPY' && keyword !== 'ADD')) continue;
        const ops = operands(model, instr);
        if (ops.length < 2) continue;
        const dest = ops[ops.length - 1];
        if (!dest.value || NOT_RELATIVE.test(dest.value)) continue;
        ctx.report({ range: dest.range, messageId: 'noWorkdir', data: { keyword } });
      }
      hasWorkdir.set(stage, set);
    }
  },
});
