/**
 * `apt-get install` without `--no-install-recommends` (hadolint DL3015, Trivy DS-0029). Also accepts
 * `-o APT::Install-Recommends=false` and an earlier RUN of the stage that turns recommends off in
 * apt's configuration. The fix inserts the flag right after `install`.
 */
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { insertAfterWord } from '../../languages/dockerfile/edits';
import { APT_OPTIONS_WITH_VALUE, subcommand, unwrapCommand } from '../../languages/dockerfile/packages';
import { hasFlag, runScripts, type RunScript } from '../../languages/dockerfile/shell';

const APT = new Set(['apt-get', 'apt']);
/** `APT::Install-Recommends=false` (as an -o value) or `APT::Install-Recommends "0";` (config text). */
const OFF = /APT::Install-Recommends\s*=?\s*["']?(0|false|no|off)\b/i;

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
      for (const cmd of script.commands.map(unwrapCommand)) {
        if (!APT.has(cmd.name)) continue;
        const sub = subcommand(cmd.args, APT_OPTIONS_WITH_VALUE);
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
