/**
 * The arguments of COPY and ADD: sources and destination in JSON or plain form (flags and heredoc
 * bodies left out, quotes removed but their ranges kept, so fixes can write inside them), and the
 * `--from` flag, which dockerfile-ast's getFromFlag() only finds when it is the only flag.
 */
import type { Flag, Instruction } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import { headerEndLine } from './instructions';
import type { DockerfileModel } from './model';

export interface CopyOperand {
  /** The path without quotes. */
  value: string;
  /** Where the path starts and ends, inside any quotes. */
  inner: Range;
  range: Range;
}

/** Sources and destination of COPY/ADD, in JSON or plain form, flags left out; the destination is last. */
export function copyOperands(model: DockerfileModel, instr: Instruction): CopyOperand[] {
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

/** The `--from` flag of a COPY (any case, wherever it stands among the flags), if there is one. */
export function copyFromFlag(instr: Instruction): Flag | undefined {
  return ((instr as unknown as { getFlags(): Flag[] }).getFlags() ?? []).find((f) => f.getName().toLowerCase() === 'from');
}
