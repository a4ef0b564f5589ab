/**
 * A package index refresh (apt-get update, apk update, yum/dnf makecache, zypper refresh) that no
 * install of the same package manager follows in the same RUN (Trivy DS-0017). Docker caches that
 * layer, so a later RUN installs from an index that may be months old.
 */
import { defineRule } from '../../engine/rule';
import { APK_OPTIONS_WITH_VALUE, APT_OPTIONS_WITH_VALUE, RPM_OPTIONS_WITH_VALUE, subcommand, ZYPPER_GLOBAL_OPTIONS_WITH_VALUE } from '../../languages/dockerfile/packages';
import { runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

interface Family {
  tools: readonly string[];
  refresh: ReadonlySet<string>;
  installs: ReadonlySet<string>;
  withValue: readonly string[];
}

const FAMILIES: Family[] = [
  {
    tools: ['apt-get', 'apt'],
    refresh: new Set(['update']),
    installs: new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'satisfy', 'source', 'download']),
    withValue: APT_OPTIONS_WITH_VALUE,
  },
  {
    tools: ['apk'],
    refresh: new Set(['update']),
    installs: new Set(['add', 'upgrade', 'fix']),
    withValue: APK_OPTIONS_WITH_VALUE,
  },
  {
    tools: ['yum', 'dnf', 'microdnf'],
    refresh: new Set(['makecache']),
    installs: new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'downgrade', 'distro-sync', 'group', 'groups', 'module', 'swap', 'download']),
    withValue: RPM_OPTIONS_WITH_VALUE,
  },
  {
    tools: ['zypper'],
    refresh: new Set(['refresh', 'ref']),
    installs: new Set(['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si', 'install-new-recommends', 'inr']),
    withValue: ZYPPER_GLOBAL_OPTIONS_WITH_VALUE,
  },
];

/** Commands that run their arguments as a command (`xargs apt-get install -y < list`). */
const WRAPPERS = new Set(['xargs', 'sudo', 'env', 'nice', 'nohup', 'time', 'stdbuf', 'eatmydata']);

/** The package manager a command runs (looking through wrappers) and its subcommand. */
function invocation(cmd: ShellCommand): { family: Family; tool: string; sub: ShellWord } | undefined {
  let name = cmd.name;
  let args = cmd.args;
  if (WRAPPERS.has(name)) {
    const i = args.findIndex((a) => FAMILIES.some((f) => f.tools.includes(a.value.replace(/^.*\//, ''))));
    if (i < 0) return undefined;
    name = args[i].value.replace(/^.*\//, '');
    args = args.slice(i + 1);
  }
  const family = FAMILIES.find((f) => f.tools.includes(name));
  const sub = family && subcommand(args, family.withValue);
  return family && sub ? { family, tool: name, sub } : undefined;
}

export default defineRule({
  id: 'dockerfile/no-lone-package-update',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Refresh the package index in the same RUN as the install that needs it.',
  rationale:
    'Docker caches every RUN by its text, so a lone `RUN apt-get update` layer is reused for months while the install RUN below it ' +
    'changes: installs then fail with 404s for package versions the mirror no longer has, or silently install outdated versions. ' +
    'Chain them instead: `RUN apt-get update && apt-get install -y …`.',
  fixable: false,
  sources: [{ tool: 'trivy', id: 'DS-0017' }],
  messages: {
    lone: '`{{command}}` refreshes the package index but nothing in this RUN installs afterwards, so later installs use a stale cached index. Run the update and the install in one RUN.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', 'FROM alpine:3.20\nRUN apk update && apk add curl\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      const calls = script.commands.map((c) => ({ cmd: c, call: invocation(c) }));
      for (const { cmd, call } of calls) {
        if (!call || !call.family.refresh.has(call.sub.value)) continue;
        const installsLater = calls.some((o) => o.cmd.pos > cmd.pos && o.call?.family === call.family && call.family.installs.has(o.call.sub.value));
        if (installsLater) continue;
        ctx.report({ range: call.sub.range, messageId: 'lone', data: { command: `${call.tool === 'apt' ? 'apt-get' : call.tool} ${call.sub.value}` } });
      }
    }
  },
});
