import type { Instruction } from 'dockerfile-ast';
import { defineRule, type FixSpec } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { parseRun, type ShellWord } from '../../languages/dockerfile/shell';

/** A word the shell passes through unchanged: plain characters, or one quoted string without expansions. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;
const QUOTED = /^('[^']*'|"[^"$`\\]*")$/;

function chain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length < 100; s = s.parentStage) out.unshift(s);
  return out;
}

/** True when a SHELL instruction is in effect for `instr` (in its stage before it, or in a stage it builds on). */
function shellSet(stage: Stage, instr: Instruction): boolean {
  const line = instr.getRange().start.line;
  return chain(stage).some((s) => s.instructions.some((i) => i.getKeyword() === 'SHELL' && i.getRange().start.line < line));
}

/** The JSON form of a shell-form command, when converting it cannot change what runs. */
function jsonForm(model: DockerfileModel, instr: Instruction): string | undefined {
  const script = parseRun(model, instr);
  if (script.execForm || script.errors.length || script.commands.length !== 1) return undefined;
  const cmd = script.commands[0];
  if (cmd.background || cmd.inPipeline || cmd.inSubstitution || cmd.assignments.length) return undefined;
  const words: ShellWord[] = [cmd.nameWord, ...cmd.args];
  if (!words.every((w) => PLAIN.test(w.text) || QUOTED.test(w.text))) return undefined;
  // Everything between the words must be blanks or line continuations: no redirection, `;`, `&&` or comment.
  const range = instr.getArgumentsRange();
  if (!range) return undefined;
  const escape = model.ast.getEscapeCharacter().replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const gap = new RegExp(`^(\\s|${escape}\\r?\\n)*$`);
  let at = model.lines.offsetAt(range.start);
  for (const w of words) {
    const start = model.lines.offsetAt(w.range.start);
    if (!gap.test(model.text.slice(at, start))) return undefined;
    at = model.lines.offsetAt(w.range.end);
  }
  if (!gap.test(model.text.slice(at, model.lines.offsetAt(range.end)))) return undefined;
  // `exec app` already replaces the shell; in JSON form the exec is not needed (and not a program).
  const values = words.map((w) => w.value);
  if (values[0] === 'exec' && values.length > 1) values.shift();
  return '[' + values.map((v) => JSON.stringify(v)).join(', ') + ']';
}

export default defineRule({
  id: 'dockerfile/prefer-json-cmd',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Write CMD and ENTRYPOINT in JSON (exec) form: CMD ["node", "server.js"].',
  rationale:
    'In shell form the command runs under `/bin/sh -c`, so the shell is PID 1 and the app never receives SIGTERM: ' +
    '`docker stop` and every Kubernetes rollout wait the full grace period (10 s, 30 s) and then kill it mid-request. ' +
    'A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments. Like BuildKit, the rule is quiet when a SHELL ' +
    'instruction shows the shell is wanted; for shell features in JSON form, write ["sh", "-c", "…"] with `exec` before the app.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3025' },
    { tool: 'buildkit', id: 'JSONArgsRecommended' },
  ],
  messages: {
    shellForm: '{{keyword}} in shell form runs under /bin/sh -c: the app does not get SIGTERM, so stopping the container waits for the timeout and kills it. Use the JSON form{{suggestion}}.',
  },
  examples: {
    valid: ['FROM node:22-slim\nCMD ["node", "server.js"]\n', 'FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nCMD echo "hello $USER"\n'],
    invalid: ['FROM node:22-slim\nCMD node server.js\n', 'FROM alpine:3.20\nENTRYPOINT my-program start\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        const keyword = instr.getKeyword();
        if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
        const raw = (instr.getRawArgumentsContent() ?? '').trim();
        if (!raw || raw.startsWith('[')) continue;
        if (shellSet(stage, instr)) continue;
        const range = instr.getArgumentsRange();
        if (!range) continue;
        const json = jsonForm(model, instr);
        let fix: FixSpec | undefined;
        if (json) {
          // An exec-form ENTRYPOINT receives CMD as arguments; a shell-form one ignored it.
          const cmdToo = keyword === 'ENTRYPOINT' && model.instructionsOf(stage, 'CMD').length > 0;
          fix = { title: `Convert to ${keyword} ${json}`, edits: [{ range, newText: json }], safe: !cmdToo };
        }
        ctx.report({ range, messageId: 'shellForm', data: { keyword, suggestion: json ? `: ${keyword} ${json}` : '' }, fix });
      }
    }
  },
});
