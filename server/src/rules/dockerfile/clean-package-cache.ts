/**
 * Package managers whose download cache stays in the layer unless the same RUN cleans it afterwards:
 * yum/dnf/microdnf (`clean all`, hadolint DL3032/DL3040, Trivy DS-0015/0019/0027), zypper (`clean`,
 * DL3036, DS-0020), yarn (`yarn cache clean`, DL3060) and npm (`npm cache clean --force`). Only stages
 * that end up in the image are checked; a BuildKit cache mount on the cache folder is fine. The fix
 * appends the clean command after the RUN's last command of that package manager.
 */
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { cacheMountTargets, RPM_OPTIONS_WITH_VALUE, unwrapCommand, ZYPPER_GLOBAL_OPTIONS_WITH_VALUE } from '../../languages/dockerfile/packages';
import { hasFlag, positionals, runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

interface Family {
  messageId: string;
  tools: readonly string[];
  /** Options taking the next word as value (for finding the subcommand). */
  withValue: readonly string[];
  /** Does this command fill the cache? `sub` is its first positional word. */
  fills(cmd: ShellCommand, words: ShellWord[]): boolean;
  /** Does this command (of any tool) empty the cache? */
  cleans(cmd: ShellCommand): boolean;
  /** Cache folders, for `RUN --mount=type=cache,target=…`. */
  mount: RegExp;
  cleanCommand(tool: string): string;
}

const rmOf = (cmd: ShellCommand, path: RegExp) => cmd.name === 'rm' && cmd.args.some((a) => path.test(a.value));
const words = (cmd: ShellCommand, family: Family) => positionals(cmd.args, [...family.withValue]);

const RPM_FILLS = new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'downgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal']);
const ZYPPER_FILLS = new Set(['install', 'in', 'remove', 'rm', 'patch', 'source-install', 'si', 'update', 'up', 'dist-upgrade', 'dup', 'install-new-recommends', 'inr']);
const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'install-ci-test', 'cit', 'install-test', 'it']);
/** Flags after which a bare `yarn` does something other than install. */
const YARN_NOT_INSTALL = new Set(['-v', '--version', '-h', '--help']);

const FAMILIES: Family[] = [
  {
    messageId: 'rpm',
    tools: ['yum', 'dnf', 'microdnf'],
    withValue: RPM_OPTIONS_WITH_VALUE,
    fills: (_cmd, w) => RPM_FILLS.has(w[0]?.value) || (['group', 'groups', 'module'].includes(w[0]?.value) && ['install', 'update', 'upgrade'].includes(w[1]?.value)),
    cleans: (cmd) => (['yum', 'dnf', 'microdnf'].includes(cmd.name) && positionals(cmd.args)[0]?.value === 'clean' && positionals(cmd.args).some((a) => a.value === 'all')) ||
      rmOf(cmd, /^\/var\/cache\/(yum|dnf)(\/\*?)?$/),
    mount: /^\/var\/cache\/(yum|dnf)\/?$/,
    cleanCommand: (tool) => `${tool} clean all`,
  },
  {
    messageId: 'zypper',
    tools: ['zypper'],
    withValue: ZYPPER_GLOBAL_OPTIONS_WITH_VALUE,
    fills: (_cmd, w) => ZYPPER_FILLS.has(w[0]?.value),
    cleans: (cmd) => (cmd.name === 'zypper' && ['clean', 'cc'].includes(positionals(cmd.args, ['-c', '--config', '-R', '--root', '--installroot'])[0]?.value)) ||
      rmOf(cmd, /^\/var\/cache\/zypp(\/\*?)?$/),
    mount: /^\/var\/cache\/zypp\/?$/,
    cleanCommand: () => 'zypper clean --all',
  },
  {
    messageId: 'yarn',
    tools: ['yarn'],
    withValue: ['--cwd', '--cache-folder', '--modules-folder', '--global-folder', '--network-timeout', '--mutex', '--registry'],
    fills: (cmd, w) => ['install', 'add'].includes(w[0]?.value) || (w[0]?.value === 'global' && w[1]?.value === 'add') ||
      (w.length === 0 && !cmd.args.some((a) => YARN_NOT_INSTALL.has(a.value))),
    cleans: (cmd) => (cmd.name === 'yarn' && positionals(cmd.args)[0]?.value === 'cache' && positionals(cmd.args)[1]?.value === 'clean') ||
      rmOf(cmd, /\/\.cache\/yarn(\/\*?)?$|\/\.yarn\/berry\/cache(\/\*?)?$/),
    mount: /yarn/,
    cleanCommand: () => 'yarn cache clean',
  },
  {
    messageId: 'npm',
    tools: ['npm'],
    withValue: ['--prefix', '--registry', '-w', '--workspace', '--loglevel', '--userconfig', '--omit', '--include', '--tag', '--install-strategy'],
    fills: (_cmd, w) => NPM_INSTALL.has(w[0]?.value),
    cleans: (cmd) => (cmd.name === 'npm' && positionals(cmd.args)[0]?.value === 'cache' && positionals(cmd.args)[1]?.value === 'clean' && hasFlag(cmd.args, ['f'], ['force'])) ||
      rmOf(cmd, /(^~|^\$\{?HOME\}?|^\/root|^\/home\/[^/]+)\/\.npm(\/_cacache)?(\/\*?)?$/),
    mount: /\/\.npm(\/|$)/,
    cleanCommand: () => 'npm cache clean --force',
  },
];

/** Stages whose layers end up in the image: the final one and every stage it builds on. */
function shippedStages(model: DockerfileModel): Set<Stage> {
  const shipped = new Set<Stage>();
  for (let s = model.finalStage; s && !shipped.has(s); s = s.parentStage) shipped.add(s);
  return shipped;
}

export default defineRule({
  id: 'dockerfile/clean-package-cache',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Clean the package manager\'s cache (yum/dnf/microdnf, zypper, yarn, npm) at the end of the RUN that installs.',
  rationale:
    'yum, dnf, zypper, yarn and npm keep downloaded packages and repository metadata in a cache folder, and whatever a RUN leaves ' +
    'there ships with its layer: often tens to hundreds of megabytes that no container ever reads. Cleaning in a later RUN does not ' +
    'help, so end the installing RUN with the clean command. Build stages that are only copied from are not checked, and a BuildKit ' +
    'cache mount on the cache folder is an accepted alternative.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3032' },
    { tool: 'hadolint', id: 'DL3036' },
    { tool: 'hadolint', id: 'DL3040' },
    { tool: 'hadolint', id: 'DL3060' },
    { tool: 'trivy', id: 'DS-0015' },
    { tool: 'trivy', id: 'DS-0019' },
    { tool: 'trivy', id: 'DS-0020' },
    { tool: 'trivy', id: 'DS-0027' },
  ],
  messages: {
    rpm: '{{tool}} leaves downloaded packages and repository metadata in this layer. End the RUN with `&& {{clean}}`.',
    zypper: 'zypper leaves downloaded packages and repository metadata in this layer. End the RUN with `&& {{clean}}`.',
    yarn: 'yarn leaves its package cache in this layer. End the RUN with `&& {{clean}}`.',
    npm: 'npm leaves its package cache (~/.npm) in this layer. End the RUN with `&& {{clean}}`.',
  },
  examples: {
    valid: [
      'FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n',
      'FROM node:20-slim\nRUN yarn install --frozen-lockfile && yarn cache clean\n',
      'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
    ],
    invalid: ['FROM rockylinux:9\nRUN dnf install -y httpd\n', 'FROM opensuse/leap:15.6\nRUN zypper -n install curl\n', 'FROM node:20-slim\nRUN npm ci --omit=dev\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const shipped = shippedStages(model);
    for (const script of runScripts(model)) {
      const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
      if (!stage || !shipped.has(stage)) continue;
      const mounts = cacheMountTargets(script.instruction);
      const commands = script.commands.map(unwrapCommand);
      for (const family of FAMILIES) {
        if (mounts.some((t) => family.mount.test(t))) continue;
        const own = commands.filter((c) => family.tools.includes(c.name));
        const lastClean = Math.max(-1, ...commands.filter((c) => family.cleans(c)).map((c) => c.pos));
        const uncleaned = own.find((c) => c.pos > lastClean && family.fills(c, words(c, family)));
        if (!uncleaned) continue;
        const word = words(uncleaned, family)[0] ?? uncleaned.nameWord;
        const clean = family.cleanCommand(uncleaned.name);
        const last = own[own.length - 1];
        const fixable = !script.execForm && !last.inPipeline && !last.background;
        ctx.report({
          range: word.range,
          messageId: family.messageId,
          data: { tool: uncleaned.name, clean },
          fix: fixable ? { title: `Add ${clean} at the end of this RUN`, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ` && ${clean}` }] } : undefined,
        });
      }
    }
  },
});
