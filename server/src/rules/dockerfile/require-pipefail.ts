import type { Instruction } from 'dockerfile-ast';
import { defineRule, type FixSpec } from '../../engine/rule';
import type { Position, Range } from '../../engine/types';
import { guessDistro, imageBaseName } from '../../languages/image';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { runScripts, type RunScript } from '../../languages/dockerfile/shell';

/** Shells that are not POSIX shells: pipefail means nothing to them. */
const NON_POSIX = /^(pwsh|powershell|cmd)(\.exe)?$/i;
/** Shells whose `-o pipefail` we can reuse when fixing. */
const PIPEFAIL_SHELLS = new Set(['bash', 'ash', 'zsh', 'ksh', 'mksh']);

interface ShellSetting {
  argv: string[];
  pipefail: boolean;
}

function shellOf(instr: Instruction): ShellSetting | undefined {
  const json = (instr as unknown as { getJSONStrings?(): { getJSONValue(): string }[] }).getJSONStrings?.() ?? [];
  const argv = json.map((s) => s.getJSONValue());
  if (argv.length === 0) return undefined;
  const pipefail = argv.some((a, i) => a === 'pipefail' && i > 0 && /^-[A-Za-z]*o$/.test(argv[i - 1]));
  return { argv, pipefail };
}

function chain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length < 100; s = s.parentStage) out.unshift(s);
  return out;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** `RUN <<EOF` whose body starts with a shebang runs that interpreter, not the SHELL. */
function hasShebang(model: DockerfileModel, run: RunScript): boolean {
  const raw = run.instruction.getRawArgumentsContent() ?? '';
  if (!/^<<-?["']?\w+["']?\s*$/.test(raw.split(/\r?\n/)[0].trim())) return false;
  return model.lines.lineText(run.instruction.getRange().start.line + 1).startsWith('#!');
}

/** The pipeline to point at: the first command in a pipe through the next one. */
function pipeRange(run: RunScript): Range {
  const piped = run.commands.filter((c) => c.inPipeline);
  if (piped.length >= 2) return { start: piped[0].range.start, end: piped[1].range.end };
  return run.instruction.getRange();
}

/** Where to insert a line before `instr`: above the comments that belong to it, keeping its indentation. */
function insertionPoint(model: DockerfileModel, instr: Instruction): { at: Position; indent: string } {
  let line = instr.getRange().start.line;
  const indent = /^\s*/.exec(model.lines.lineText(line))![0];
  while (line > 0 && model.lines.lineText(line - 1).trim().startsWith('#')) line--;
  return { at: { line, character: 0 }, indent };
}

export default defineRule({
  id: 'dockerfile/require-pipefail',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Run piped RUN commands with pipefail: SHELL ["/bin/bash", "-o", "pipefail", "-c"] before them, or set -o pipefail in the script.',
  rationale:
    'A pipeline\'s exit status is that of its last command, so `RUN curl -fsSL https://… | sh` succeeds when the download ' +
    'fails, and `wget -O- … | tar x` builds an image without the files. With pipefail the build stops at the failing step, ' +
    'where the problem is, instead of shipping a broken image that fails in production.',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL4006' }],
  messages: {
    pipe: 'A failure before this pipe is ignored: only the last command\'s status counts. Set SHELL ["{{shell}}", "-o", "pipefail", "-c"] before this RUN, or start it with set -o pipefail.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/install.sh | bash\n', 'FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/a.tgz | tar xz\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/install.sh | bash\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const runs = new Map(runScripts(model).map((r) => [r.instruction, r]));
    for (const stage of model.stages) {
      const base = model.baseImageOf(stage);
      if (base && /windows|nanoserver|servercore/i.test(base.repository)) continue;
      // The shell in effect: SHELL is inherited from the stages this one builds on.
      let shell: ShellSetting | undefined;
      for (const s of chain(stage).slice(0, -1)) for (const i of s.instructions) if (i.getKeyword() === 'SHELL') shell = shellOf(i) ?? shell;
      let groupStart: Instruction | undefined;
      for (const instr of stage.instructions) {
        if (instr.getKeyword() === 'SHELL') {
          shell = shellOf(instr) ?? shell;
          groupStart = undefined;
          continue;
        }
        const run = runs.get(instr);
        if (!run || run.execForm || !run.hasPipe || run.setsPipefail) continue;
        if (shell && (shell.pipefail || NON_POSIX.test(baseName(shell.argv[0])))) continue;
        if (hasShebang(model, run)) continue;
        // One SHELL line covers every later RUN of the stage, so all findings up to the next SHELL share one insertion point.
        groupStart ??= instr;
        const exe = shellFor(model, stage, shell);
        ctx.report({
          range: pipeRange(run),
          messageId: 'pipe',
          data: { shell: exe ?? '/bin/bash' },
          fix: exe ? shellFix(model, groupStart, exe) : undefined,
        });
      }
    }
  },
});

/** The shell to set: the current one when it knows pipefail, else the base image's (ash on Alpine); none without a shell. */
function shellFor(model: DockerfileModel, stage: Stage, current: ShellSetting | undefined): string | undefined {
  if (current && PIPEFAIL_SHELLS.has(baseName(current.argv[0]))) return current.argv[0];
  const base = model.baseImageOf(stage);
  if (base && imageBaseName(base) === 'busybox') return '/bin/sh';
  switch (guessDistro(base)) {
    case 'alpine':
      return '/bin/ash';
    case 'distroless':
    case 'scratch':
      return undefined;
    default:
      return '/bin/bash';
  }
}

function shellFix(model: DockerfileModel, before: Instruction, exe: string): FixSpec {
  const { at, indent } = insertionPoint(model, before);
  const line = `SHELL ${JSON.stringify([exe, '-o', 'pipefail', '-c']).replace(/","/g, '", "')}`;
  return {
    title: `Set SHELL to ${baseName(exe)} with pipefail`,
    edits: [{ range: { start: at, end: at }, newText: indent + line + model.lines.eol }],
    // It changes the shell of every later RUN in the stage (bash must exist, sh-only syntax may behave differently).
    safe: false,
  };
}
