import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/valid-syntax',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'The Dockerfile parses: known instructions, valid flags and arguments, no duplicate or malformed directives.',
  rationale:
    'A malformed instruction fails the build, often minutes into it. These checks come from dockerfile-utils (the validator ' +
    'behind the Docker language server) and run as you type; each message keeps the validator\'s own wording and severity.',
  fixable: false,
  sources: [],
  messages: { problem: '{{message}}' },
  examples: {
    valid: ['FROM alpine:3.20\nRUN echo ok\n'],
    invalid: ['FROM alpine:3.20\nEXPOSE abc\n', 'FROM alpine:3.20\nCMDD ["sh"]\n'],
  },
  provider: 'dockerfile-utils',
});
