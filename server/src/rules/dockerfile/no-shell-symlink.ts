import { defineRule } from '../../engine/rule';
import { positionals, runScripts } from '../../languages/dockerfile/shell';

/** Where the default shell lives; replacing it swaps the shell of the whole image. */
const SYSTEM_SH = new Set(['/bin/sh', '/usr/bin/sh']);

export default defineRule({
  id: 'dockerfile/no-shell-symlink',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Use the SHELL instruction instead of replacing /bin/sh with a symlink (ln -sf /bin/bash /bin/sh).',
  rationale:
    'Pointing /bin/sh at bash changes the shell of every script in the image, the base image\'s and the packages\' ' +
    'maintainer scripts included, and the next package update can silently put dash back. SHELL ["/bin/bash", "-c"] ' +
    'changes only how the Dockerfile\'s own RUN instructions are run, and says so where a reader looks.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL4005' }],
  messages: {
    symlink: 'This replaces {{path}} for the whole image. To run RUN instructions with another shell, use SHELL ["{{shell}}", "-c"].',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN echo $BASH_VERSION\n', 'FROM alpine:3.20\nRUN ln -s /bin/sh /usr/local/bin/sh\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands) {
        if (cmd.name !== 'ln' || script.execForm) continue;
        // With -t/--target-directory the last word is a source, not the link.
        if (cmd.args.some((a) => a.value === '-t' || a.value.startsWith('--target-directory'))) continue;
        const words = positionals(cmd.args, ['-S', '--suffix']);
        if (words.length < 2) continue;
        const link = words[words.length - 1];
        if (!SYSTEM_SH.has(link.value.replace(/\/+$/, ''))) continue;
        const target = words[words.length - 2].value;
        ctx.report({ range: link.range, messageId: 'symlink', data: { path: link.value, shell: target.startsWith('/') ? target : `/bin/${target}` } });
      }
    }
  },
});
