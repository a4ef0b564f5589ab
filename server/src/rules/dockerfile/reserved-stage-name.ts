import { defineRule } from '../../engine/rule';

/** Names BuildKit gives a meaning of its own: the empty image and the build context. */
const RESERVED = new Set(['scratch', 'context']);

export default defineRule({
  id: 'dockerfile/reserved-stage-name',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not name a stage "scratch" or "context".',
  rationale:
    '`scratch` is the empty base image and `context` is the build context (`COPY --from=context`, `--build-context`); BuildKit ' +
    'reserves both. A stage with one of these names makes `FROM scratch` or `COPY --from=context` mean something else than ' +
    'every reader expects. Pick a name that says what the stage builds.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3063' },
    { tool: 'buildkit', id: 'ReservedStageName' },
  ],
  messages: {
    reserved: '"{{name}}" is a reserved name in Dockerfiles. Give the stage another name.',
  },
  examples: {
    valid: ['FROM alpine:3.20 AS base\nFROM scratch\nCOPY --from=base /etc/passwd /etc/passwd\n'],
    invalid: ['FROM alpine:3.20 AS scratch\n', 'FROM alpine:3.20 AS context\n'],
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const range = stage.from.getBuildStageRange();
      if (stage.name && range && RESERVED.has(stage.name)) ctx.report({ range, messageId: 'reserved', data: { name: stage.from.getBuildStage() ?? stage.name } });
    }
  },
});
