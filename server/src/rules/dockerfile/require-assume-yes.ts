/**
 * Package-manager commands that may stop at a confirmation prompt: apt-get/apt, yum, dnf, microdnf
 * and zypper installs, removals and upgrades without their non-interactive switch (hadolint DL3014,
 * DL3030, DL3034, DL3038; Trivy DS-0021). The fix inserts `-y` after the subcommand, or zypper's
 * global `-n` before it.
 */
import { defineRule } from '../../engine/rule';
import { insertAfterWord, insertBeforeWord } from '../../languages/dockerfile/edits';
import { APT_OPTIONS_WITH_VALUE, RPM_OPTIONS_WITH_VALUE, subcommandIndex, unwrapCommand, ZYPPER_GLOBAL_OPTIONS_WITH_VALUE } from '../../languages/dockerfile/packages';
import { hasFlag, runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

interface Tool {
  /** Subcommands that can prompt. */
  prompts: ReadonlySet<string>;
  /** Options before the subcommand that take the next word as their value. */
  withValue: readonly string[];
  /** Answers prompts already? `before` are the words before the subcommand. */
  answered(cmd: ShellCommand, before: ShellWord[]): boolean;
}

const APT: Tool = {
  prompts: new Set(['install', 'reinstall', 'remove', 'purge', 'autoremove', 'autopurge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy']),
  withValue: APT_OPTIONS_WITH_VALUE,
  answered(cmd) {
    if (hasFlag(cmd.args, ['y'], ['yes', 'assume-yes'])) return true;
    // Quiet level 2 (-qq, -q -q, -q=2, --quiet=2) implies -y.
    let quiet = 0;
    for (const a of cmd.args) {
      const v = a.value;
      if (v === '--') break;
      if (/^(-q|--quiet)=\d+$/.test(v)) quiet = Math.max(quiet, Number(v.split('=')[1]));
      else if (v === '--quiet') quiet++;
      else if (/^-[a-zA-Z]+$/.test(v)) quiet += (v.match(/q/g) ?? []).length;
    }
    if (quiet >= 2) return true;
    return cmd.args.some((a) => /^APT::Get::Assume-Yes=(1|true|yes)$/i.test(a.value));
  },
};

const RPM_PROMPTS = new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'remove', 'erase', 'autoremove', 'update', 'upgrade',
  'downgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal', 'swap', 'group', 'groups', 'module']);
const RPM: Tool = {
  prompts: RPM_PROMPTS,
  withValue: RPM_OPTIONS_WITH_VALUE,
  answered: (cmd) => hasFlag(cmd.args, ['y'], ['assumeyes']) || cmd.args.some((a) => /^assumeyes=(1|true|yes)$/i.test(a.value) || /^--setopt=assumeyes=(1|true|yes)$/i.test(a.value)),
};

const ZYPPER: Tool = {
  prompts: new Set(['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch', 'update', 'up', 'dist-upgrade', 'dup', 'install-new-recommends', 'inr', 'verify', 've']),
  withValue: ZYPPER_GLOBAL_OPTIONS_WITH_VALUE,
  // `-n`/`--non-interactive` is a global option (before the subcommand); `-y`/`--no-confirm` belongs to the subcommand.
  answered: (cmd, before) => hasFlag(before, ['n'], ['non-interactive']) || hasFlag(cmd.args, ['y'], ['no-confirm']),
};

const TOOLS: Record<string, Tool> = { 'apt-get': APT, apt: APT, yum: RPM, dnf: RPM, microdnf: RPM, zypper: ZYPPER };

export default defineRule({
  id: 'dockerfile/require-assume-yes',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Run package installs, removals and upgrades non-interactively (-y, or zypper -n).',
  rationale:
    'apt-get, yum, dnf and zypper ask "Do you want to continue?" whenever a command does more than the exact packages named, and a ' +
    'docker build has nobody to answer: the prompt reads end-of-file and the build aborts, sometimes only months later when a new ' +
    'dependency appears. DEBIAN_FRONTEND=noninteractive does not answer this prompt; -y does.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3014' },
    { tool: 'hadolint', id: 'DL3030' },
    { tool: 'hadolint', id: 'DL3034' },
    { tool: 'hadolint', id: 'DL3038' },
    { tool: 'trivy', id: 'DS-0021' },
  ],
  messages: {
    missingYes: 'This {{tool}} command can stop at a confirmation prompt, which aborts the build. Add -y.',
    missingNonInteractive: 'zypper {{command}} can stop at a confirmation prompt, which aborts the build. Use zypper -n {{command}}.',
  },
  examples: {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      'FROM rockylinux:9\nRUN dnf -y install httpd && dnf clean all\n',
      'FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all\n',
    ],
    invalid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl\n', 'FROM rockylinux:9\nRUN yum install httpd && yum clean all\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands.map(unwrapCommand)) {
        const tool = Object.hasOwn(TOOLS, cmd.name) ? TOOLS[cmd.name] : undefined;
        if (!tool) continue;
        const i = subcommandIndex(cmd.args, tool.withValue);
        const sub = cmd.args[i];
        if (!sub || !tool.prompts.has(sub.value)) continue;
        if (tool.answered(cmd, cmd.args.slice(0, i))) continue;
        // `yum group install x`, `dnf module install x`: the verb is the next word.
        let verb = sub;
        if (tool === RPM && ['group', 'groups', 'module'].includes(sub.value)) {
          const next = cmd.args.slice(i + 1).find((a) => !a.value.startsWith('-'));
          if (!next || !['install', 'remove', 'update', 'upgrade', 'erase', 'reset', 'enable', 'disable', 'switch-to'].includes(next.value)) continue;
          verb = next;
        }
        const zypper = tool === ZYPPER;
        const command = tool === RPM && verb !== sub ? `${sub.value} ${verb.value}` : sub.value;
        ctx.report({
          range: sub.range,
          messageId: zypper ? 'missingNonInteractive' : 'missingYes',
          // apt and apt-get get the same message, so replacing `apt` by `apt-get` does not look like a new finding.
          data: { tool: cmd.name === 'apt' ? 'apt-get' : cmd.name, command },
          fix: script.execForm ? undefined : zypper
            ? { title: 'Add -n (non-interactive) before the subcommand', edits: [insertBeforeWord(sub, '-n')] }
            : { title: 'Add -y', edits: [insertAfterWord(verb, '-y')] },
        });
      }
    }
  },
});
