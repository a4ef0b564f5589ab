/**
 * `pip install` (pip, pip3, pip3.12, python -m pip) without `--no-cache-dir` (hadolint DL3042).
 * PIP_NO_CACHE_DIR set in the stage (ENV, ARG, an assignment or `export` in the RUN) and a BuildKit
 * cache mount on pip's cache are fine. The fix inserts `--no-cache-dir` right after `install`.
 */
import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { insertAfterWord } from '../../languages/dockerfile/edits';
import { hasCacheMount, pipArguments, unwrapCommand } from '../../languages/dockerfile/packages';
import { hasFlag, runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

/** pip's general options that take the next word as their value. */
const WITH_VALUE = new Set(['--proxy', '--cert', '--client-cert', '--log', '--log-file', '--timeout', '--retries', '--exists-action', '--trusted-host', '--cache-dir', '--python', '--keyring-provider', '--use-feature', '--use-deprecated', '--resume-retries']);
const TRUTHY = /^(1|true|yes|on)$/i;

function subcommand(args: readonly ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (!v.startsWith('-')) return args[i];
    if (WITH_VALUE.has(v)) i++;
  }
  return undefined;
}

const unquote = (v: string) => v.replace(/^(["'])(.*)\1$/, '$2');

/** `export PIP_NO_CACHE_DIR=1` (or `declare -x …`) earlier in the RUN. The shell model keeps no words for
 * declaration assignments, so the command's own text is read. */
function exportsNoCache(model: DockerfileModel, cmd: ShellCommand): boolean {
  if (cmd.name !== 'export' && cmd.name !== 'declare') return false;
  const text = model.text.slice(model.lines.offsetAt(cmd.range.start), model.lines.offsetAt(cmd.range.end));
  const m = /(?:^|\s)PIP_NO_CACHE_DIR=(["']?)([^\s"']*)\1/.exec(text);
  return !!m && TRUTHY.test(m[2]);
}

/** PIP_NO_CACHE_DIR from ENV (also inherited from parent stages) or ARG of the stage, before `run`. */
function envDisablesCache(model: DockerfileModel, stage: Stage, run: Instruction): boolean {
  const before = run.getRange().start.line;
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parentStage) chain.push(s);
  return chain.some((s) => s.instructions.some((i) => {
    if (s === stage && i.getRange().start.line >= before) return false;
    const keyword = i.getKeyword();
    const props = keyword === 'ENV'
      ? (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()
      : keyword === 'ARG' && s === stage
        ? [(i as unknown as { getProperty(): { getName(): string; getValue(): string | null } | null }).getProperty()].filter((p) => !!p)
        : [];
    return props.some((p) => p!.getName() === 'PIP_NO_CACHE_DIR' && TRUTHY.test(unquote(p!.getValue() ?? '')));
  }));
}

/** Cache mount targets that keep pip's cache (`~/.cache/pip`) outside the layer. */
const PIP_CACHE = /\/\.cache(\/pip)?\/?$/;

export default defineRule({
  id: 'dockerfile/pip-no-cache-dir',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Pass --no-cache-dir to pip install (or set PIP_NO_CACHE_DIR=1).',
  rationale:
    'pip keeps a copy of every wheel it downloads or builds in ~/.cache/pip, so the layer carries each package twice; for ' +
    'libraries such as torch or tensorflow that is hundreds of megabytes to gigabytes of dead weight. A container never reuses ' +
    'that cache, so --no-cache-dir (or ENV PIP_NO_CACHE_DIR=1, or a BuildKit cache mount) costs nothing.',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL3042' }],
  messages: {
    missing: 'pip install keeps its download cache in this layer. Add --no-cache-dir.',
  },
  examples: {
    valid: [
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
      'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n',
      'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    ],
    invalid: ['FROM python:3.12-slim\nRUN pip install -r requirements.txt\n', 'FROM python:3.12-slim\nRUN python3 -m pip install flask==3.0.3\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const script of runScripts(model)) {
      if (hasCacheMount(script.instruction, PIP_CACHE)) continue;
      const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
      if (stage && envDisablesCache(model, stage, script.instruction)) continue;
      for (const cmd of script.commands.map(unwrapCommand)) {
        const args = pipArguments(cmd);
        if (!args) continue;
        const sub = subcommand(args);
        if (sub?.value !== 'install' || hasFlag(args, [], ['no-cache-dir'])) continue;
        if (cmd.assignments.some((a) => /^PIP_NO_CACHE_DIR=/.test(a) && TRUTHY.test(unquote(a.slice(17))))) continue;
        if (script.commands.some((c) => c.pos < cmd.pos && exportsNoCache(model, c))) continue;
        ctx.report({
          range: sub.range,
          messageId: 'missing',
          fix: script.execForm ? undefined : { title: 'Add --no-cache-dir', edits: [insertAfterWord(sub, '--no-cache-dir')] },
        });
      }
    }
  },
});
