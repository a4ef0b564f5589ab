/**
 * A RUN that installs with apt but leaves /var/lib/apt/lists in its layer (hadolint DL3009). Only
 * stages that end up in the image are checked (the final stage and the stages it builds on), and
 * RUNs that keep apt's directories in a BuildKit cache mount are fine. The fix appends
 * `&& rm -rf /var/lib/apt/lists/*` after the RUN's last apt command.
 */
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { APT_OPTIONS_WITH_VALUE, hasCacheMount, subcommand, unwrapCommand } from '../../languages/dockerfile/packages';
import { runScripts, type RunScript, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

const APT = new Set(['apt-get', 'apt']);
/** Subcommands that read the package lists to install something. */
const INSTALLS = new Set(['install', 'reinstall', 'build-dep', 'satisfy', 'upgrade', 'dist-upgrade', 'full-upgrade']);
const CLEAN = 'rm -rf /var/lib/apt/lists/*';

/** `rm -rf /var/lib/apt/lists/*` (or the whole /var/lib/apt), `find /var/lib/apt/lists … -delete`, `apt-get distclean`. */
function removesLists(cmd: ShellCommand): boolean {
  const listsPath = (v: string) => {
    const p = v.replace(/\*$/, '').replace(/\/+$/, '');
    return p === '/var/lib/apt/lists' || p === '/var/lib/apt' || (v.startsWith('/var/lib/apt/lists/') && v.includes('*'));
  };
  if (cmd.name === 'rm') return cmd.args.some((a) => listsPath(a.value));
  if (cmd.name === 'find') return listsPath(cmd.args[0]?.value ?? '') && cmd.args.some((a) => a.value === '-delete');
  if (APT.has(cmd.name)) return ['distclean', 'dist-clean'].includes(subcommand(cmd.args, APT_OPTIONS_WITH_VALUE)?.value ?? '');
  return false;
}

/** Cache mount targets that keep apt's files (`/var/lib/apt…`, `/var/cache/apt…`) outside the layer. */
const APT_CACHE = /^\/var\/(lib|cache)\/apt(\/|$)/;

/** Stages whose layers end up in the image: the final one and every stage it builds on. */
function shippedStages(model: DockerfileModel): Set<Stage> {
  const shipped = new Set<Stage>();
  for (let s = model.finalStage; s && !shipped.has(s); s = s.parentStage) shipped.add(s);
  return shipped;
}

/** True when a later RUN of this stage (or of a stage built on it) installs with apt before running `apt-get update`. */
function laterInstallNeedsLists(model: DockerfileModel, scripts: readonly RunScript[], script: RunScript, stage: Stage): boolean {
  const line = script.instruction.getRange().start.line;
  const buildsOn = (s: Stage | undefined): boolean => {
    for (let guard = 0; s && guard < 100; guard++, s = s.parentStage) if (s === stage) return true;
    return false;
  };
  return scripts.some((later) => {
    if (later.instruction.getRange().start.line <= line) return false;
    if (!buildsOn(model.stages.find((s) => s.instructions.includes(later.instruction)))) return false;
    for (const c of later.commands.map(unwrapCommand)) {
      if (!APT.has(c.name)) continue;
      const sub = subcommand(c.args, APT_OPTIONS_WITH_VALUE)?.value ?? '';
      if (sub === 'update') return false;
      if (INSTALLS.has(sub)) return true;
    }
    return false;
  });
}

export default defineRule({
  id: 'dockerfile/apt-clean-lists',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Remove /var/lib/apt/lists at the end of every RUN that installs with apt.',
  rationale:
    'The package lists that `apt-get update` downloads are only needed while installing, yet they add tens of megabytes to the layer ' +
    'unless the same RUN deletes them: a later RUN cannot shrink an earlier layer. Build stages that are only copied from are not ' +
    'checked, and a BuildKit cache mount on /var/lib/apt or /var/cache/apt is an accepted alternative.',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL3009' }],
  messages: {
    keepsLists: 'The apt package lists stay in this layer. End the RUN with `&& rm -rf /var/lib/apt/lists/*`.',
  },
  examples: {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y --no-install-recommends curl\n',
    ],
    invalid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const shipped = shippedStages(model);
    const scripts = runScripts(model);
    for (const script of scripts) {
      if (script.execForm || hasCacheMount(script.instruction, APT_CACHE)) continue;
      const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
      if (!stage || !shipped.has(stage)) continue;
      const commands = script.commands.map(unwrapCommand);
      const apt = commands.filter((c) => APT.has(c.name));
      let lastInstall: ShellWord | undefined;
      let lastUse = -1;
      for (const c of apt) {
        const sub = subcommand(c.args, APT_OPTIONS_WITH_VALUE);
        if (!sub) continue;
        if (INSTALLS.has(sub.value)) lastInstall = sub;
        if (INSTALLS.has(sub.value) || sub.value === 'update') lastUse = c.pos;
      }
      if (!lastInstall) continue;
      if (commands.some((c) => c.pos > lastUse && removesLists(c))) continue;
      const last = apt[apt.length - 1];
      const fixable = !last.inPipeline && !last.background;
      ctx.report({
        range: lastInstall.range,
        messageId: 'keepsLists',
        fix: fixable ? {
          title: 'Remove the apt lists at the end of this RUN',
          edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ` && ${CLEAN}` }],
          // A later RUN that installs without its own `apt-get update` would stop finding packages.
          safe: !laterInstallNeedsLists(model, scripts, script, stage),
        } : undefined,
      });
    }
  },
});
