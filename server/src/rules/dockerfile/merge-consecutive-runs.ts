/**
 * Consecutive RUN instructions of a stage that could be one layer (hadolint DL3059). Only plain
 * shell-form RUNs without flags or heredocs count, and, as in hadolint, a RUN that already chains
 * more than two commands is taken as a deliberate layer boundary. The fix joins the second RUN onto
 * the first with ` && \`, and is offered only when the joined script parses to the same commands.
 */
import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import { DockerfileModel } from '../../languages/dockerfile/model';
import { runScripts, type RunScript } from '../../languages/dockerfile/shell';

/** hadolint's threshold: RUNs with more commands than this are left as they are. */
const MAX_COMMANDS = 2;

function plain(script: RunScript): boolean {
  const instr = script.instruction as Instruction & { getFlags?(): unknown[]; getHeredocs?(): unknown[] };
  return !script.execForm && script.errors.length === 0 && script.commands.length > 0 && script.commands.length <= MAX_COMMANDS &&
    (instr.getFlags?.() ?? []).length === 0 && (instr.getHeredocs?.() ?? []).length === 0 && !(instr.getRawArgumentsContent() ?? '').includes('<<');
}

/** The edit that turns `RUN a` + `RUN b` into `RUN a && \` + `    b`, keeping comment lines between them. */
function joinEdit(model: DockerfileModel, head: Instruction, first: Instruction, second: Instruction): TextEdit | undefined {
  const lines = model.lines;
  const firstRange = first.getRange();
  const secondArgs = second.getArguments()[0]?.getRange().start;
  if (!secondArgs) return undefined;
  const eol = lines.eol;
  const escape = model.ast.getEscapeCharacter();
  // Indent like the continuation lines of the RUN the chain starts with, or under its arguments.
  const headRange = head.getRange();
  const startLine = headRange.start.line;
  const lead = /^[ \t]*/.exec(lines.lineText(startLine))![0];
  const cont = headRange.end.line > startLine ? /^[ \t]*/.exec(lines.lineText(startLine + 1))![0] : '';
  const indent = cont || lead + '    ';
  const comments: string[] = [];
  for (let l = firstRange.end.line + 1; l < second.getRange().start.line; l++) {
    const t = lines.lineText(l).trim();
    if (t.startsWith('#')) comments.push(indent + t + eol);
  }
  return { range: { start: firstRange.end, end: secondArgs }, newText: ` && ${escape}${eol}${comments.join('')}${indent}` };
}

/**
 * The RUN's script as Docker hands it to the shell: continuation lines joined, comment lines inside the
 * continuation dropped. Bash would end a trailing `# comment` at the line break; Docker does not.
 */
function dockerJoined(model: DockerfileModel, instruction: Instruction): string {
  const start = instruction.getArguments()[0]?.getRange().start;
  if (!start) return '';
  const text = model.text.slice(model.lines.offsetAt(start), model.lines.offsetAt(instruction.getRange().end));
  const escape = model.ast.getEscapeCharacter();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (out.length && /^\s*(#|$)/.test(line)) continue;
    out.push(line.endsWith(escape) ? line.slice(0, -1) : line);
  }
  return out.join('');
}

/** Simple commands of a one-line script, by name and arguments. */
function commandsOf(script: string): string[] | undefined {
  const model = new DockerfileModel(`FROM scratch\nRUN ${script}\n`);
  const run = runScripts(model)[0];
  if (!run || run.errors.length) return undefined;
  return run.commands.map((c) => [c.name, ...c.args.map((a) => a.value)].join(' '));
}

/** True when joining with && gives exactly the commands of both RUNs (no trailing comment or `;` swallowing the second). */
function mergesCleanly(model: DockerfileModel, first: Instruction, second: Instruction): boolean {
  const a = dockerJoined(model, first);
  const b = dockerJoined(model, second);
  const before = [commandsOf(a), commandsOf(b)];
  const after = commandsOf(`${a} && ${b}`);
  if (!before[0] || !before[1] || !after) return false;
  return JSON.stringify(after) === JSON.stringify([...before[0], ...before[1]]);
}

export default defineRule({
  id: 'dockerfile/merge-consecutive-runs',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Merge consecutive short RUN instructions into one.',
  rationale:
    'Every RUN adds a layer, and files deleted in a later layer still take space in the earlier one. Joining short, related steps ' +
    'with && makes fewer, smaller layers. Keep RUNs apart on purpose where the split helps the build cache (for example dependency ' +
    'installs before copying the source); the fix is therefore never applied by "fix all".',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL3059' }],
  messages: {
    merge: 'This RUN directly follows another one and adds a layer. Consider merging them with &&.',
  },
  examples: {
    valid: [
      'FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY . /app\nRUN make -C /app\n',
      'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache go build ./...\nRUN go test ./...\n',
    ],
    invalid: ['FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN curl -fsSLo /tmp/x https://example.com/x\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const byInstruction = new Map(runScripts(model).map((s) => [s.instruction, s]));
    for (const stage of model.stages) {
      // The first RUN of a chain of mergeable RUNs: all pairs of the chain are joined in one go, so they share its indentation.
      let head: Instruction | undefined;
      for (let i = 1; i < stage.instructions.length; i++) {
        const first = byInstruction.get(stage.instructions[i - 1]);
        const second = byInstruction.get(stage.instructions[i]);
        if (!first || !second || !plain(first) || !plain(second)) {
          head = undefined;
          continue;
        }
        head ??= first.instruction;
        const edit = joinEdit(model, head, first.instruction, second.instruction);
        const fix = edit && mergesCleanly(model, first.instruction, second.instruction)
          ? { title: 'Merge with the previous RUN', edits: [edit], safe: false }
          : undefined;
        ctx.report({ range: second.instruction.getInstructionRange(), messageId: 'merge', fix });
      }
    }
  },
});
