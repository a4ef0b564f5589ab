import { defineRule } from '../../engine/rule';
import { copyOperands } from '../../languages/dockerfile/copy';

export default defineRule({
  id: 'dockerfile/copy-destination-slash',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'End the destination of a COPY or ADD with several sources with a slash.',
  rationale:
    'With more than one source the destination can only be a folder, and the classic builder (and Podman/Buildah setups that ' +
    'mimic it) fails with "the destination must be a directory and end with a /". BuildKit guesses instead, so the same ' +
    'Dockerfile builds on one machine and not on another. The trailing slash states the intent and builds everywhere.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3021' },
    { tool: 'trivy', id: 'DS-0011' },
  ],
  messages: {
    noSlash: '{{keyword}} copies {{count}} sources, so the destination "{{dest}}" must be a folder ending with "/": write "{{dest}}/".',
  },
  examples: {
    valid: ['FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\n', 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n'],
    invalid: ['FROM alpine:3.13\nCOPY ["package.json", "yarn.lock", "myapp"]\n', 'FROM node:20-slim\nCOPY package.json yarn.lock /app\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const windows = model.ast.getEscapeCharacter() === '`';
    for (const instr of model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const ops = copyOperands(model, instr);
      if (ops.length < 3) continue;
      const dest = ops[ops.length - 1];
      // A variable may well end with a slash; it is not guessed.
      if (!dest.value || dest.value.endsWith('/') || (windows && dest.value.endsWith('\\')) || dest.value.includes('$')) continue;
      const at = dest.inner.end;
      ctx.report({
        range: dest.range,
        messageId: 'noSlash',
        data: { keyword, count: ops.length - 1, dest: dest.value },
        fix: { title: `Append "/" to ${dest.value}`, edits: [{ range: { start: at, end: at }, newText: '/' }] },
      });
    }
  },
});
