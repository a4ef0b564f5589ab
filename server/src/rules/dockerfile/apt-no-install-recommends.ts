/**
 * `apt-get install` without `--no-install-recommends` (hadolint DL3015, Trivy DS-0029). Also accepts
 * `-o APT::Install-Recommends=false` and an earlier RUN of the stage that turns recommends off in
 * apt's configuration. The fix inserts the flag right after `install`.
 */
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { insertAfterWord } from '../../languages/dockerfile/edits';
import { hasFlag, runScripts, type RunScript, type ShellWord, type ShellCommand } from '../../languages/dockerfile/shell';

/** Options of `sudo` and `env` that take the next word as their value. */
const WRAPPER_VALUES: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-R'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
};

/** `sudo -E apt-get …` and `env A=b apt-get …` run apt-get: look through them. */
function unwrap(cmd: ShellCommand): ShellCommand {
  const withValue = WRAPPER_VALUES[cmd.name];
  if (!withValue) return cmd;
  const assignments = [...cmd.assignments];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (withValue.includes(v)) i++;
    else if (cmd.name === 'env' && /^[A-Za-z_]\w*=/.test(v)) assignments.push(v);
    else if (!v.startsWith('-')) return { ...cmd, name: v.replace(/^.*\//, ''), nameWord: cmd.args[i], args: cmd.args.slice(i + 1), assignments };
  }
  return cmd;
}

const APT = new Set(['apt-get', 'apt']);
/** apt options that take the next word as their value. */
const WITH_VALUE = new Set(['-o', '-c', '-t', '-a', '-P', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture', '--build-profiles']);
/** `APT::Install-Recommends=false` (as an -o value) or `APT::Install-Recommends "0";` (config text). */
const OFF = /APT::Install-Recommends\s*=?\s*["']?(0|false|no|off)\b/i;

function subcommand(args: readonly ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return args[i + 1];
    if (!v.startsWith('-') || v === '-') return args[i];
    if (WITH_VALUE.has(v)) i++;
  }
  return undefined;
}

/** True when an earlier RUN of the stage (or of a stage it builds on) writes the setting into apt's config. */
function configuredOff(model: DockerfileModel, scripts: readonly RunScript[], stage: Stage | undefined, before: RunScript): boolean {
  const chain = new Set<Stage>();
  for (let s = stage; s && !chain.has(s); s = s.parentStage) chain.add(s);
  return scripts.some((script) => {
    if (script === before) return false;
    const line = script.instruction.getRange().start.line;
    if (line > before.instruction.getRange().start.line) return false;
    const owner = model.stages.find((s) => s.instructions.includes(script.instruction));
    return !!owner && chain.has(owner) && script.commands.some((c) => c.args.some((a) => OFF.test(a.value)));
  });
}

export default defineRule({
  id: 'dockerfile/apt-no-install-recommends',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Pass --no-install-recommends to apt-get install.',
  rationale:
    'By default apt also installs every package the requested ones merely recommend, which often doubles the size of the layer ' +
    'with documentation, GUI helpers and tools the image never uses, and widens its attack surface. ' +
    'With the flag only real dependencies are installed; if something turns out to be missing (often ca-certificates), name it explicitly.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3015' },
    { tool: 'trivy', id: 'DS-0029' },
  ],
  messages: {
    missing: 'This install also pulls in recommended packages. Add --no-install-recommends to install only what is needed.',
  },
  examples: {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      'FROM debian:bookworm-slim\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get update && apt-get install -y curl\n',
    ],
    invalid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const scripts = runScripts(model);
    for (const script of scripts) {
      for (const cmd of script.commands.map(unwrap)) {
        if (!APT.has(cmd.name)) continue;
        const sub = subcommand(cmd.args);
        if (sub?.value !== 'install') continue;
        if (hasFlag(cmd.args, [], ['no-install-recommends']) || cmd.args.some((a) => OFF.test(a.value))) continue;
        const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
        if (configuredOff(model, scripts, stage, script)) continue;
        ctx.report({
          range: sub.range,
          messageId: 'missing',
          fix: script.execForm ? undefined : { title: 'Add --no-install-recommends', edits: [insertAfterWord(sub, '--no-install-recommends')] },
        });
      }
    }
  },
});
