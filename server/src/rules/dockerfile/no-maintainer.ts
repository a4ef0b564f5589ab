import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/no-maintainer',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Record the image author with LABEL org.opencontainers.image.authors instead of MAINTAINER.',
  rationale:
    'MAINTAINER has been deprecated since Docker 1.13: it fills an image field that registries, scanners and `docker inspect` ' +
    'users no longer look at. The OCI label `org.opencontainers.image.authors` is where tools read the author from, and it sits ' +
    'with the image\'s other labels. The fix moves the value into that label unchanged.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL4000' },
    { tool: 'buildkit', id: 'MaintainerDeprecated' },
    { tool: 'trivy', id: 'DS-0022' },
  ],
  messages: {
    deprecated: 'MAINTAINER is deprecated. Use LABEL org.opencontainers.image.authors="{{value}}".',
  },
  examples: {
    valid: ['FROM alpine:3.20\nLABEL org.opencontainers.image.authors="team@example.com"\n'],
    invalid: ['FROM busybox:1.36\nMAINTAINER Lukas Martinelli <me@example.com>\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const escape = model.ast.getEscapeCharacter();
    for (const instr of model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'MAINTAINER') continue;
      const value = (instr.getArgumentsContent() ?? '').trim();
      const range = instr.getInstructionRange();
      if (!value) {
        ctx.report({ range, messageId: 'deprecated', data: { value: '…' } });
        continue;
      }
      // MAINTAINER takes its text literally. In a LABEL, double quotes expand `$` and treat the escape character specially;
      // single quotes keep everything as written. Values with double quotes in them are left to the user: dockerfile-utils
      // misreads a quoted value that contains the other kind of quote.
      const plain = !value.includes('$') && !value.includes(escape);
      const quoted = value.includes('"') ? undefined : plain ? `"${value}"` : !value.includes("'") ? `'${value}'` : undefined;
      if (quoted === undefined) {
        ctx.report({ range, messageId: 'deprecated', data: { value } });
        continue;
      }
      const label = instr.getInstruction() === instr.getInstruction().toLowerCase() ? 'label' : 'LABEL';
      ctx.report({
        range,
        messageId: 'deprecated',
        data: { value },
        fix: {
          title: 'Replace with LABEL org.opencontainers.image.authors',
          edits: [{ range: instr.getRange(), newText: `${label} org.opencontainers.image.authors=${quoted}` }],
        },
      });
    }
  },
});
