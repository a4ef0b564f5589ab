import { defineRule } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';

export default defineRule({
  id: 'dockerfile/consistent-instruction-casing',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Write all instruction keywords in the same case, preferably upper case.',
  rationale:
    'Docker accepts `run` as well as `RUN`, but a file that mixes them is harder to scan: upper-case keywords are what makes ' +
    'the instructions stand out from their arguments, and they are what documentation, examples and most tools use. A file ' +
    'written entirely in lower case is consistent and not reported; the fix upper-cases every instruction of the file.',
  fixable: true,
  sources: [{ tool: 'buildkit', id: 'ConsistentInstructionCasing' }],
  messages: {
    mixed: 'Instruction "{{keyword}}" does not match the casing of the others ({{majority}} case). Write all instructions in upper case.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nRUN apk add --no-cache curl\n', 'from alpine:3.20\nrun apk add --no-cache curl\n'],
    invalid: ['FROM alpine:3.20\nrun apk add --no-cache curl\n'],
  },
  check(ctx) {
    const instructions = ctx.model.ast.getInstructions();
    let upper = 0;
    let lower = 0;
    for (const i of instructions) {
      const k = i.getInstruction();
      if (k === k.toUpperCase()) upper++;
      else if (k === k.toLowerCase()) lower++;
    }
    const majorityLower = lower > upper;
    const odd = instructions.filter((i) => {
      const k = i.getInstruction();
      const isUpper = k === k.toUpperCase();
      const isLower = k === k.toLowerCase();
      return !(isUpper || isLower) || (majorityLower ? isUpper : isLower);
    });
    if (odd.length === 0) return;
    // One fix for the whole file, whichever keyword it is offered on: every keyword in upper case.
    const edits: TextEdit[] = instructions
      .filter((i) => i.getInstruction() !== i.getInstruction().toUpperCase())
      .map((i) => ({ range: i.getInstructionRange(), newText: i.getInstruction().toUpperCase() }));
    for (const i of odd) {
      ctx.report({
        range: i.getInstructionRange(),
        messageId: 'mixed',
        data: { keyword: i.getInstruction(), majority: majorityLower ? 'lower' : 'upper' },
        fix: { title: 'Write all instructions in upper case', edits },
      });
    }
  },
});
