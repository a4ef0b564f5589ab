import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { hasFlag, runScripts, type ShellCommand } from '../../languages/dockerfile/shell';
import { insertAfterWord } from '../../languages/dockerfile/edits';

/** hadolint's threshold: UIDs of six digits or more. */
const HIGH_UID = 100000;

/** ARG and ENV values visible to `instr` (global ARG defaults, then the stage chain's ARG/ENV up to it). */
function variables(model: DockerfileModel, stage: Stage, instr: Instruction): Map<string, string | undefined> {
  const vars = model.globalArgs();
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s && stages.length < 100; s = s.parentStage) stages.unshift(s);
  const line = instr.getRange().start.line;
  for (const s of stages) {
    for (const i of s.instructions) {
      if (i.getRange().start.line >= line) break;
      const k = i.getKeyword();
      if (k !== 'ARG' && k !== 'ENV') continue;
      for (const p of (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
        const v = p.getValue();
        // `ARG UID` alone re-declares a global ARG: it keeps the global default.
        if (v === null) vars.set(p.getName(), k === 'ARG' ? vars.get(p.getName()) : undefined);
        else vars.set(p.getName(), model.substitute(v.replace(/^(["'])(.*)\1$/, '$2'), vars));
      }
    }
  }
  return vars;
}

/** The value given to -u/--uid, as written. */
function uidArg(cmd: ShellCommand): string | undefined {
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if ((v === '-u' || v === '--uid') && cmd.args[i + 1]) return cmd.args[i + 1].value;
    const joined = /^(?:--uid=|-u)(.+)$/.exec(v);
    if (joined) return joined[1];
  }
  return undefined;
}

export default defineRule({
  id: 'dockerfile/useradd-no-log-init',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Pass -l (--no-log-init) to useradd when the UID is large.',
  rationale:
    'useradd records every user in /var/log/lastlog and /var/log/faillog, files indexed by UID: a UID like 1000000 makes ' +
    'them sparse files of hundreds of megabytes, which image layers store in full, so the image grows by gigabytes and ' +
    'builds can run out of disk. `-l` skips those logs, which a container never uses.',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL3046' }],
  messages: {
    noLogInit: 'useradd with UID {{uid}} writes lastlog/faillog entries that bloat the image by gigabytes. Add -l (--no-log-init).',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN useradd -l -u 1000001 app\n', 'FROM debian:bookworm-slim\nRUN useradd -u 1000 app\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN useradd -u 1000001 -m app\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const script of runScripts(model)) {
      const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
      for (const cmd of script.commands) {
        if (cmd.name !== 'useradd' || hasFlag(cmd.args, ['l'], ['no-log-init'])) continue;
        const written = uidArg(cmd);
        if (!written) continue;
        // `-u $UID`: use the ARG/ENV default when the Dockerfile gives one; an unknown value is not guessed.
        const uid = written.includes('$') && stage ? model.substitute(written, variables(model, stage, script.instruction)) : written;
        if (!uid || !/^\d+$/.test(uid) || Number(uid) < HIGH_UID) continue;
        ctx.report({
          range: cmd.nameWord.range,
          messageId: 'noLogInit',
          data: { uid },
          fix: script.execForm ? undefined : { title: 'Add -l (--no-log-init)', edits: [insertAfterWord(cmd.nameWord, '-l')] },
        });
      }
    }
  },
});
