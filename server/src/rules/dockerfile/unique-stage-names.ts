import { defineRule } from '../../engine/rule';
import type { Stage } from '../../languages/dockerfile/model';

export default defineRule({
  id: 'dockerfile/unique-stage-names',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'Give every build stage its own name.',
  rationale:
    'Stage names are how FROM, COPY --from and `docker build --target` find a stage, and they are compared without regard to ' +
    'case. With two stages of the same name, those references silently pick one of them, so a build can copy files from the ' +
    'wrong stage or build the wrong target.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3024' },
    { tool: 'buildkit', id: 'DuplicateStageName' },
    { tool: 'trivy', id: 'DS-0012' },
  ],
  messages: {
    duplicate: 'Stage name "{{name}}" is already used on line {{line}}. Rename one of the stages.',
  },
  examples: {
    valid: ['FROM golang:1.22 AS build\nFROM alpine:3.20 AS runtime\n'],
    invalid: ['FROM debian:bookworm AS build\nRUN make\nFROM debian:bookworm AS build\nRUN make test\n'],
  },
  check(ctx) {
    const first = new Map<string, Stage>();
    for (const stage of ctx.model.stages) {
      if (!stage.name) continue;
      const earlier = first.get(stage.name);
      const range = stage.from.getBuildStageRange();
      if (earlier && range) {
        ctx.report({ range, messageId: 'duplicate', data: { name: stage.from.getBuildStage() ?? stage.name, line: earlier.from.getRange().start.line + 1 } });
      } else if (!earlier) first.set(stage.name, stage);
    }
  },
});
