/**
 * Where an instruction's own text ends. dockerfile-ast's instruction range runs to the end of any
 * heredoc body, but Docker reads flags, arguments and variables only from the instruction line and
 * its continuation lines; rules that look at arguments stop at the line this returns.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel } from './model';

/** Last line of an instruction's own text: continuation lines count, heredoc bodies do not. */
export function headerEndLine(model: DockerfileModel, instr: Instruction): number {
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
