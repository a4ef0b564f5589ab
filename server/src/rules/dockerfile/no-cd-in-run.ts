import { defineRule } from '../../engine/rule';
import type { DockerfileModel } from '../../languages/dockerfile/model';
import { runScripts, type ShellCommand } from '../../languages/dockerfile/shell';

/** `(cd sub && make)`: a subshell scopes the cd on purpose, which WORKDIR cannot express. */
function inSubshell(model: DockerfileModel, cmd: ShellCommand): boolean {
  const offset = model.lines.offsetAt(cmd.range.start);
  const before = model.text.slice(Math.max(0, offset - 200), offset).replace(/\\\r?\n/g, '').trimEnd();
  return before.endsWith('(') && !before.endsWith('$(') && !before.endsWith('<(');
}

export default defineRule({
  id: 'dockerfile/no-cd-in-run',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Use WORKDIR to change directory instead of cd in RUN.',
  rationale:
    'A `cd` lasts only until the end of its RUN: the next instruction starts in WORKDIR again, so `RUN cd /app` alone does ' +
    'nothing and `RUN cd /app && make` hides where later COPY and RUN steps run. WORKDIR states the directory once, ' +
    'creates it if needed, and applies to every following instruction, CMD and ENTRYPOINT included. A `cd` inside ' +
    '`( … )` is scoped on purpose and is not reported.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3003' },
    { tool: 'trivy', id: 'DS-0013' },
  ],
  messages: {
    useWorkdir: '`cd {{dir}}` changes directory only for the rest of this RUN. Set WORKDIR {{dir}} before it instead.',
    noEffect: '`cd {{dir}}` has no effect: nothing after it in this RUN, and the next instruction starts in WORKDIR again. Use WORKDIR {{dir}}.',
  },
  examples: {
    valid: ['FROM node:22-slim\nWORKDIR /app\nRUN npm ci\n', 'FROM debian:bookworm-slim\nRUN (cd /tmp/src && make) && rm -rf /tmp/src\n'],
    invalid: ['FROM node:22-slim\nRUN cd /app && npm ci\n', 'FROM nginx:1.27\nRUN cd /usr/share/nginx/html\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      if (script.execForm) continue;
      const top = script.commands.filter((c) => !c.inSubstitution);
      // One finding per RUN: the first cd that changes the directory of what follows.
      const index = top.findIndex((c) => c.name === 'cd' && !c.inPipeline && !inSubshell(ctx.model, c));
      if (index < 0) continue;
      const cd = top[index];
      const dir = cd.args.find((a) => a.value === '-' || !a.value.startsWith('-'))?.value ?? '~';
      const last = index === top.length - 1;
      ctx.report({ range: cd.range, messageId: last ? 'noEffect' : 'useWorkdir', data: { dir } });
    }
  },
});
