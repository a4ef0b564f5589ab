/**
 * A stage that runs both curl and wget (hadolint DL4001, Trivy DS-0014). Whichever tool the stage
 * uses first is taken as its choice; every use of the other one in that stage is reported.
 * Installing a tool (`apt-get install wget`) is not a use.
 */
import { defineRule } from '../../engine/rule';
import { unwrapCommand } from '../../languages/dockerfile/packages';
import { runScripts, type ShellCommand } from '../../languages/dockerfile/shell';

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
        .flatMap((s) => s.commands.map(unwrapCommand).filter((c) => TOOLS.has(c.name)));
      const first = uses[0]?.name;
      if (!first) continue;
      const second = first === 'curl' ? 'wget' : 'curl';
      for (const c of uses) {
        if (c.name === second) ctx.report({ range: c.nameWord.range, messageId: 'both', data: { first, second } });
      }
    }
  },
});
