/**
 * Whole-system upgrades inside the build: apt-get/apt upgrade, dist-upgrade and full-upgrade, apk
 * upgrade, yum/dnf/microdnf upgrade or update without package names, zypper update without names and
 * dist-upgrade (hadolint DL3035, Trivy DS-0024). Upgrading named packages is fine.
 */
import { defineRule } from '../../engine/rule';
import { APK_OPTIONS_WITH_VALUE, APT_OPTIONS_WITH_VALUE, RPM_OPTIONS_WITH_VALUE, unwrapCommand, ZYPPER_OPTIONS_WITH_VALUE } from '../../languages/dockerfile/packages';
import { positionals, runScripts, type ShellWord } from '../../languages/dockerfile/shell';

interface Tool {
  /** Upgrades everything, whatever follows. */
  always: ReadonlySet<string>;
  /** Upgrades everything unless package names follow. */
  unlessNamed: ReadonlySet<string>;
  withValue: readonly string[];
}

const APT: Tool = {
  always: new Set(['dist-upgrade', 'full-upgrade']),
  unlessNamed: new Set(['upgrade']),
  withValue: APT_OPTIONS_WITH_VALUE,
};
const APK: Tool = {
  always: new Set(),
  unlessNamed: new Set(['upgrade']),
  withValue: APK_OPTIONS_WITH_VALUE,
};
const RPM: Tool = {
  always: new Set(),
  unlessNamed: new Set(['upgrade', 'update', 'distro-sync', 'upgrade-minimal', 'update-minimal']),
  withValue: RPM_OPTIONS_WITH_VALUE,
};
const ZYPPER: Tool = {
  always: new Set(['dist-upgrade', 'dup']),
  unlessNamed: new Set(['update', 'up']),
  withValue: ZYPPER_OPTIONS_WITH_VALUE,
};
const TOOLS: Record<string, Tool> = { 'apt-get': APT, apt: APT, apk: APK, yum: RPM, dnf: RPM, microdnf: RPM, zypper: ZYPPER };

export default defineRule({
  id: 'dockerfile/no-system-upgrade',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Do not upgrade all packages of the base image in a RUN; rebuild on a newer base image instead.',
  rationale:
    'A blanket upgrade installs whatever is newest on the day of the build, so the same Dockerfile produces different images, and ' +
    'a cached upgrade layer silently stops upgrading at all. The maintainers of official base images already publish patched images ' +
    'regularly: pull a newer base tag (or digest) and rebuild instead. Some teams upgrade on purpose to get fixes between base releases; ' +
    'they can turn this rule off.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3035' },
    { tool: 'trivy', id: 'DS-0024' },
  ],
  messages: {
    upgrade: 'This upgrades every package of the base image, so rebuilds are not repeatable. Rebuild on a newer base image instead.',
  },
  examples: {
    valid: ['FROM debian:bookworm-20240701-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', 'FROM rockylinux:9\nRUN dnf -y upgrade openssl && dnf clean all\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y dist-upgrade\n', 'FROM alpine:3.20\nRUN apk upgrade --no-cache\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands.map(unwrapCommand)) {
        const tool = Object.hasOwn(TOOLS, cmd.name) ? TOOLS[cmd.name] : undefined;
        if (!tool) continue;
        const words: ShellWord[] = positionals(cmd.args, [...tool.withValue]);
        const sub = words[0];
        if (!sub) continue;
        const all = tool.always.has(sub.value) || (tool.unlessNamed.has(sub.value) && words.length === 1);
        if (!all) continue;
        ctx.report({ range: sub.range, messageId: 'upgrade' });
      }
    }
  },
});
