/**
 * OS packages installed without a version: apt-get/apt install, apk add, yum/dnf/microdnf install and
 * zypper install (hadolint DL3008, DL3018, DL3033, DL3041, DL3037). A policy rule, off by default.
 * Local package files, paths, URLs, groups, modules and words holding variables or globs are left alone.
 */
import { defineRule } from '../../engine/rule';
import { APK_ADD_OPTIONS_WITH_VALUE, APT_OPTIONS_WITH_VALUE, RPM_OPTIONS_WITH_VALUE, unwrapCommand, ZYPPER_OPTIONS_WITH_VALUE } from '../../languages/dockerfile/packages';
import { positionals, runScripts, type ShellWord } from '../../languages/dockerfile/shell';

interface Tool {
  installs: ReadonlySet<string>;
  withValue: readonly string[];
  pinned(word: string): boolean;
  /** How a pinned package is written, for the message. */
  example(name: string): string;
}

const hasPath = (w: string) => w.includes('/');

/** dnf/yum `name-version[-release]`: some dash-separated part after the name starts with a digit. */
function rpmVersioned(w: string): boolean {
  const parts = w.split('-').slice(1);
  return parts.length > 0 && parts.every((p) => /^[A-Za-z0-9.~^_:+]+$/.test(p)) && parts.some((p) => /^\d/.test(p));
}

const APT: Tool = {
  installs: new Set(['install', 'reinstall']),
  withValue: APT_OPTIONS_WITH_VALUE,
  pinned: (w) => w.includes('=') || hasPath(w) || w.endsWith('.deb'),
  example: (n) => `${n}=<version>`,
};
const APK: Tool = {
  installs: new Set(['add']),
  withValue: APK_ADD_OPTIONS_WITH_VALUE,
  pinned: (w) => /[=~<>]/.test(w) || hasPath(w) || w.endsWith('.apk'),
  example: (n) => `${n}=<version>`,
};
const RPM: Tool = {
  installs: new Set(['install']),
  withValue: RPM_OPTIONS_WITH_VALUE,
  pinned: (w) => w.startsWith('@') || /[<>=]/.test(w) || hasPath(w) || w.endsWith('.rpm') || rpmVersioned(w),
  example: (n) => `${n}-<version>`,
};
const ZYPPER: Tool = {
  installs: new Set(['install', 'in']),
  withValue: ZYPPER_OPTIONS_WITH_VALUE,
  pinned: (w) => /[=<>]/.test(w) || hasPath(w) || w.endsWith('.rpm'),
  example: (n) => `${n}=<version>`,
};
const TOOLS: Record<string, Tool> = { 'apt-get': APT, apt: APT, apk: APK, yum: RPM, dnf: RPM, microdnf: RPM, zypper: ZYPPER };

export default defineRule({
  id: 'dockerfile/pin-os-packages',
  language: 'dockerfile',
  defaultSeverity: 'off',
  description: 'Pin the version of every OS package you install.',
  rationale:
    'This is a policy, off by default. Pinned versions make rebuilds repeatable and changes reviewable, but distribution ' +
    'repositories drop old versions as soon as a security update lands (Debian and Alpine keep only the newest one), so pinned ' +
    'builds break and must be bumped by hand or by a bot; unpinned installs pick up security fixes automatically. Turn it on when ' +
    'repeatability matters more to you than that upkeep.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3008' },
    { tool: 'hadolint', id: 'DL3018' },
    { tool: 'hadolint', id: 'DL3033' },
    { tool: 'hadolint', id: 'DL3037' },
    { tool: 'hadolint', id: 'DL3041' },
  ],
  messages: {
    unpinned: 'Package "{{name}}" is installed without a version, so each build may get a different one. Pin it: {{example}}.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n', 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', 'FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands.map(unwrapCommand)) {
        const tool = Object.hasOwn(TOOLS, cmd.name) ? TOOLS[cmd.name] : undefined;
        if (!tool) continue;
        const words: ShellWord[] = positionals(cmd.args, [...tool.withValue]);
        if (!words[0] || !tool.installs.has(words[0].value)) continue;
        // `zypper in -t pattern devel_basis` installs patterns or patches, which have no versions.
        const type = cmd.args.findIndex((a) => a.value === '-t' || a.value === '--type');
        if (tool === ZYPPER && type >= 0 && cmd.args[type + 1]?.value !== 'package') continue;
        for (const w of words.slice(1)) {
          const v = w.value;
          if (!v || v.includes('$') || v.includes('*') || tool.pinned(v)) continue;
          ctx.report({ range: w.range, messageId: 'unpinned', data: { name: v, example: tool.example(v) } });
        }
      }
    }
  },
});
