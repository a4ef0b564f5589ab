import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/valid-first-instruction',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'Start the Dockerfile with FROM; only ARG, comments and parser directives may come before it.',
  rationale:
    'Every instruction except ARG needs an image to work on, and the first FROM is where that image starts, so Docker rejects ' +
    'a RUN, COPY or LABEL placed before it. ARGs before the first FROM are global build arguments, usable in FROM lines.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3061' }],
  messages: {
    beforeFrom: '{{keyword}} comes before the first FROM. Move it below FROM; only ARG may come first.',
  },
  examples: {
    valid: ['# syntax=docker/dockerfile:1\nARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim\n'],
    invalid: ['LABEL org.opencontainers.image.title="app"\nFROM alpine:3.20\n', 'RUN echo hi\n'],
  },
  check(ctx) {
    const first = ctx.model.ast.getFROMs()[0];
    const firstLine = first ? first.getRange().start.line : Number.MAX_SAFE_INTEGER;
    for (const instr of ctx.model.ast.getInstructions()) {
      if (instr.getRange().start.line >= firstLine) break;
      const keyword = instr.getKeyword();
      if (keyword === 'ARG') continue;
      ctx.report({ range: instr.getInstructionRange(), messageId: 'beforeFrom', data: { keyword } });
    }
  },
});
