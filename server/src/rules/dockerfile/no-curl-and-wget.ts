/**
 * A stage that runs both curl and wget (hadolint DL4001, Trivy DS-0014). Whichever tool the stage
 * uses first is taken as its choice; every use of the other one in that stage is reported.
 * Installing a tool (`apt-get install wget`) is not a use.
 */
import { defineRule } from '../../engine/rule';
import { runScripts, type ShellCommand } from '../../languages/dockerfile/shell';

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

const TOOLS = new Set(['curl', 'wget']);

export default defineRule({
  id: 'dockerfile/no-curl-and-wget',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Use either curl or wget in a stage, not both.',
  rationale:
    'Each download tool brings its own libraries and certificates handling, so needing both means installing and patching two ' +
    'tools where one does the job, and two sets of flags for retries, redirects and TLS to get right. Pick the one the base image ' +
    'already has and use it everywhere in the stage.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL4001' },
    { tool: 'trivy', id: 'DS-0014' },
  ],
  messages: {
    both: 'This stage already uses {{first}}; using {{second}} as well means shipping two download tools. Use {{first}} here too.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/a https://example.com/a\nRUN curl -fsSLo /tmp/b https://example.com/b\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN wget -q https://example.com/a\nRUN curl -fsSLO https://example.com/b\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const scripts = runScripts(model);
    for (const stage of model.stages) {
      const uses: ShellCommand[] = scripts
        .filter((s) => stage.instructions.includes(s.instruction))
        .flatMap((s) => s.commands.map(unwrap).filter((c) => TOOLS.has(c.name)));
      const first = uses[0]?.name;
      if (!first) continue;
      const second = first === 'curl' ? 'wget' : 'curl';
      for (const c of uses) {
        if (c.name === second) ctx.report({ range: c.nameWord.range, messageId: 'both', data: { first, second } });
      }
    }
  },
});
