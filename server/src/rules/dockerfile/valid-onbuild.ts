import type { Onbuild } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';

const NOT_TRIGGERS = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export default defineRule({
  id: 'dockerfile/valid-onbuild',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'Do not use ONBUILD, FROM or MAINTAINER as an ONBUILD trigger.',
  rationale:
    'ONBUILD stores an instruction to run when another Dockerfile builds FROM this image. Docker refuses to chain ONBUILD ' +
    'ONBUILD, to start a new stage from a trigger (FROM) or to set MAINTAINER, so the image that uses this one fails to ' +
    'build, far away from the line that caused it.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3043' }],
  messages: {
    trigger: '{{trigger}} is not allowed as an ONBUILD trigger; builds FROM this image will fail. Remove it or write the instruction without ONBUILD.',
  },
  examples: {
    valid: ['FROM node:20-slim\nONBUILD COPY package.json ./\nONBUILD RUN npm ci\n'],
    invalid: ['FROM node:20-slim\nONBUILD ONBUILD RUN npm ci\n', 'FROM alpine:3.20\nONBUILD FROM alpine:3.20\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'ONBUILD') continue;
      const onbuild = instr as Onbuild;
      const trigger = onbuild.getTrigger();
      const range = onbuild.getTriggerRange();
      if (trigger && range && NOT_TRIGGERS.has(trigger.toUpperCase())) ctx.report({ range, messageId: 'trigger', data: { trigger: trigger.toUpperCase() } });
    }
  },
});
