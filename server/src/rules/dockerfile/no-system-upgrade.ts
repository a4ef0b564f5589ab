/**
 * Whole-system upgrades inside the build: apt-get/apt upgrade, dist-upgrade and full-upgrade, apk
 * upgrade, yum/dnf/microdnf upgrade or update without package names, zypper update without names and
 * dist-upgrade (hadolint DL3035, Trivy DS-0024). Upgrading named packages is fine.
 */
import { defineRule } from '../../engine/rule';
import { positionals, runScripts, type ShellWord, type ShellCommand } from '../../languages/dockerfile/shell';

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
  withValue: ['-o', '-c', '-t', '-a', '-P', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture', '--build-profiles'],
};
const APK: Tool = {
  always: new Set(),
  unlessNamed: new Set(['upgrade']),
  withValue: ['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '--timeout', '--cache-max-age'],
};
const RPM: Tool = {
  always: new Set(),
  unlessNamed: new Set(['upgrade', 'update', 'distro-sync', 'upgrade-minimal', 'update-minimal']),
  withValue: ['-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '--installroot', '--enablerepo', '--disablerepo', '--repo', '--repoid',
    '-x', '--exclude', '--setopt', '--releasever', '--downloaddir', '--destdir', '--forcearch', '--color', '--rpmverbosity', '--comment'],
};
const ZYPPER: Tool = {
  always: new Set(['dist-upgrade', 'dup']),
  unlessNamed: new Set(['update', 'up']),
  withValue: ['-c', '--config', '-R', '--root', '--installroot', '--reposd-dir', '-D', '--cache-dir', '-C', '--raw-cache-dir', '--solv-cache-dir',
    '--pkg-cache-dir', '-p', '--plus-repo', '--plus-content', '-t', '--type', '-r', '--repo', '--from'],
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
      for (const cmd of script.commands.map(unwrap)) {
        const tool = TOOLS[cmd.name];
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
