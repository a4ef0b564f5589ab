/**
 * `apk add` without `--no-cache` (hadolint DL3019, Trivy DS-0025). Deleting /var/cache/apk later in
 * the same RUN, or keeping it in a BuildKit cache mount, is fine too. The fix inserts `--no-cache`
 * right after `add`.
 */
import { defineRule } from '../../engine/rule';
import { insertAfterWord } from '../../languages/dockerfile/edits';
import { APK_ADD_OPTIONS_WITH_VALUE, hasCacheMount, subcommand, unwrapCommand } from '../../languages/dockerfile/packages';
import { hasFlag, runScripts, type ShellCommand } from '../../languages/dockerfile/shell';

function removesCache(cmd: ShellCommand): boolean {
  return cmd.name === 'rm' && cmd.args.some((a) => /^\/var\/cache\/apk(\/\*?)?$/.test(a.value) || /^\/etc\/apk\/cache(\/\*?)?$/.test(a.value));
}

/** Cache mount targets that keep apk's cache outside the layer. */
const APK_CACHE = /^(\/var\/cache\/apk|\/etc\/apk\/cache)\/?$/;

export default defineRule({
  id: 'dockerfile/apk-no-cache',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Pass --no-cache to apk add.',
  rationale:
    'Without --no-cache, apk keeps the downloaded package indexes in /var/cache/apk and they ship with the layer. ' +
    '`apk add --no-cache` fetches fresh indexes for this command and keeps nothing, so it also replaces the ' +
    '`apk update` / `--update` and `rm -rf /var/cache/apk/*` dance.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3019' },
    { tool: 'trivy', id: 'DS-0025' },
  ],
  messages: {
    missing: 'apk add keeps its package index cache in this layer. Add --no-cache.',
  },
  examples: {
    valid: [
      'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
      'FROM alpine:3.20\nRUN apk add --update curl && rm -rf /var/cache/apk/*\n',
    ],
    invalid: ['FROM alpine:3.20\nRUN apk add curl\n', 'FROM alpine:3.20\nRUN apk update && apk add --update curl\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      if (hasCacheMount(script.instruction, APK_CACHE)) continue;
      const commands = script.commands.map(unwrapCommand);
      for (const cmd of commands) {
        if (cmd.name !== 'apk') continue;
        const sub = subcommand(cmd.args, APK_ADD_OPTIONS_WITH_VALUE);
        if (sub?.value !== 'add' || hasFlag(cmd.args, [], ['no-cache'])) continue;
        if (commands.some((c) => c.pos > cmd.pos && removesCache(c))) continue;
        ctx.report({
          range: sub.range,
          messageId: 'missing',
          fix: script.execForm ? undefined : { title: 'Add --no-cache', edits: [insertAfterWord(sub, '--no-cache')] },
        });
      }
    }
  },
});
