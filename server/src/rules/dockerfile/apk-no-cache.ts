/**
 * `apk add` without `--no-cache` (hadolint DL3019, Trivy DS-0025). Deleting /var/cache/apk later in
 * the same RUN, or keeping it in a BuildKit cache mount, is fine too. The fix inserts `--no-cache`
 * right after `add`.
 */
import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import { insertAfterWord } from '../../languages/dockerfile/edits';
import { hasFlag, runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

/** Options of `sudo` and `env` that take the next word as their value. */
const WRAPPER_VALUES: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-R'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
};

/** `sudo -E apt-get …` and `env A=b apt-get …` run apt-get: look through them. */
function unwrap(cmd: ShellCommand): ShellCommand {
  const withValue = WRAPPER_VALUES[cmd.name];
  if (!withValue) return cmd;
  const assignments = [...cmd.assignments];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (withValue.includes(v)) i++;
    else if (cmd.name === 'env' && /^[A-Za-z_]\w*=/.test(v)) assignments.push(v);
    else if (!v.startsWith('-')) return { ...cmd, name: v.replace(/^.*\//, ''), nameWord: cmd.args[i], args: cmd.args.slice(i + 1), assignments };
  }
  return cmd;
}

/** apk options that take the next word as their value. */
const WITH_VALUE = new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '--timeout', '--cache-max-age', '-t', '--virtual']);

function subcommand(args: readonly ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return args[i + 1];
    if (!v.startsWith('-') || v === '-') return args[i];
    if (WITH_VALUE.has(v)) i++;
  }
  return undefined;
}

function removesCache(cmd: ShellCommand): boolean {
  return cmd.name === 'rm' && cmd.args.some((a) => /^\/var\/cache\/apk(\/\*?)?$/.test(a.value) || /^\/etc\/apk\/cache(\/\*?)?$/.test(a.value));
}

function apkCacheMount(instruction: Instruction): boolean {
  const flags = (instruction as unknown as { getFlags?(): { getName(): string; getOptions(): { getName(): string; getValue(): string | null }[] }[] }).getFlags?.() ?? [];
  return flags.some((f) => {
    if (f.getName().toLowerCase() !== 'mount') return false;
    const opts = new Map(f.getOptions().map((o) => [o.getName().toLowerCase(), o.getValue() ?? '']));
    const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination') ?? '';
    return opts.get('type') === 'cache' && /^(\/var\/cache\/apk|\/etc\/apk\/cache)\/?$/.test(target);
  });
}

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
      if (apkCacheMount(script.instruction)) continue;
      const commands = script.commands.map(unwrap);
      for (const cmd of commands) {
        if (cmd.name !== 'apk') continue;
        const sub = subcommand(cmd.args);
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
