import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';
import { DockerfileModel } from '../../languages/dockerfile/model';
import { parseRun, runScripts } from '../../languages/dockerfile/shell';

/** Process supervisors and init systems: they exist to run several processes. */
const SUPERVISORS = new Set([
  'supervisord', 's6-svscan', 's6-supervise', 'runsvdir', 'runsv', 'runit', 'systemd', 'init', 'openrc-init', 'circusd', 'monit',
  'foreman', 'honcho', 'overmind', 'hivemind',
]);
/** Wrappers that run the command after them as PID 1's child or in its place (not supervisors). */
const WRAPPERS = new Set(['exec', 'tini', 'dumb-init', 'docker-init', 'catatonit', 'nohup', 'gosu', 'su-exec', 'chpst', 'env']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

interface Simple {
  /** As written (path kept). */
  name: string;
  args: string[];
  background: boolean;
}

/** Drops wrappers: `exec tini -- gosu app supervisord -n` -> `supervisord -n`; `at` is the new name's index in the old args (-1: unchanged). */
function unwrap(cmd: Simple): Simple & { at: number } {
  let { name, args } = cmd;
  let at = -1;
  for (let guard = 0; guard < 10 && WRAPPERS.has(baseName(name)); guard++) {
    const w = baseName(name);
    let i = 0;
    if (w === 'gosu' || w === 'su-exec') i = 1; // the user
    else if (w === 'chpst') while (i < args.length && args[i].startsWith('-')) i += args[i] === '-u' ? 2 : 1;
    else if (w === 'env') while (i < args.length && (args[i].startsWith('-') || args[i].includes('='))) i++;
    else while (i < args.length && args[i].startsWith('-')) i++;
    if (i >= args.length) break;
    name = args[i];
    args = args.slice(i + 1);
    at += i + 1;
  }
  return { name, args, background: cmd.background, at };
}

type Verdict = { messageId: 'supervisor' | 'background' | 'service'; command: string; /** Index of the word to point at in the args (-1: the name). */ at: number } | undefined;

function judge(raw: Simple): Verdict {
  const cmd = unwrap(raw);
  const name = baseName(cmd.name);
  const at = cmd.at;
  if (raw.background) return { messageId: 'background', command: [raw.name, ...raw.args].join(' '), at: -1 };
  // s6-overlay's entry point is `/init`; a bare `init` is the system init.
  if (SUPERVISORS.has(name) || cmd.name === '/init') return { messageId: 'supervisor', command: cmd.name, at };
  const action = (s: string | undefined) => s === 'start' || s === 'restart';
  if ((name === 'service' || name === 'rc-service') && action(cmd.args[1])) return { messageId: 'service', command: `${name} ${cmd.args[0]} ${cmd.args[1]}`, at };
  if (name === 'systemctl' && action(cmd.args[0])) return { messageId: 'service', command: `systemctl ${cmd.args.join(' ')}`, at };
  if (cmd.name.startsWith('/etc/init.d/') && action(cmd.args[0])) return { messageId: 'service', command: `${cmd.name} ${cmd.args[0]}`, at };
  return undefined;
}

/** The commands of a shell script given as a string (`sh -c "…"`), read through the RUN parser. */
function scriptCommands(script: string): Simple[] {
  const model = new DockerfileModel(`FROM scratch\nRUN <<SHIPSHAPE_SCRIPT\n${script}\nSHIPSHAPE_SCRIPT\n`);
  return (runScripts(model)[0]?.commands ?? []).filter((c) => !c.inSubstitution).map((c) => ({ name: c.nameWord.value, args: c.args.map((a) => a.value), background: c.background }));
}

export default defineRule({
  id: 'dockerfile/one-process-per-container',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Start one foreground process from CMD/ENTRYPOINT; no supervisord, init systems, service starts or `&`.',
  rationale:
    'The container runtime watches exactly one process: PID 1. When a second process runs beside it (supervisord, ' +
    '`service x start`, `nginx & node app.js`) and crashes, nothing restarts it and the health of the container lies, ' +
    'its logs interleave or vanish, and SIGTERM on `docker stop` or a rollout reaches only PID 1, so the others are killed ' +
    'mid-request. Run each process in its own container (a sidecar or a separate service) so restarts, logs and scaling work.',
  fixable: false,
  sources: [],
  messages: {
    supervisor: '{{keyword}} starts {{command}}, which runs several processes in one container: crashes are not seen by the runtime, logs interleave, signals stop at the supervisor. Run one process per container.',
    background: '{{keyword}} starts `{{command}}` in the background: nobody restarts it when it dies and its logs and signals are lost. Run it in its own container.',
    service: '{{keyword}} starts a daemon with `{{command}}`: it runs detached from PID 1, so crashes go unnoticed and shutdown does not reach it. Run the process in the foreground, one per container.',
  },
  examples: {
    valid: ['FROM node:22-slim\nCMD ["node", "server.js"]\n', 'FROM nginx:1.27\nENTRYPOINT ["tini", "--"]\nCMD ["nginx", "-g", "daemon off;"]\n'],
    invalid: ['FROM python:3.12-slim\nCMD ["/usr/bin/supervisord", "-n"]\n', 'FROM node:22-slim\nCMD nginx & node app.js\n', 'FROM debian:bookworm-slim\nCMD service nginx start && tail -f /var/log/nginx/access.log\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
      for (const hit of findings(ctx.model, instr)) {
        ctx.report({ range: hit.range, messageId: hit.verdict!.messageId, data: { keyword, command: hit.verdict!.command } });
      }
    }
  },
});

/** A JSON string's value read from the document (dockerfile-ast's own value drops the spaces inside it). */
function jsonString(model: DockerfileModel, s: { getJSONValue(): string; getRange(): Range }): string {
  const r = s.getRange();
  const text = model.text.slice(model.lines.offsetAt(r.start), model.lines.offsetAt(r.end));
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v === 'string') return v;
  } catch {
    // fall through
  }
  return s.getJSONValue();
}

function findings(model: DockerfileModel, instr: Instruction): { range: Range; verdict: Verdict }[] {
  const script = parseRun(model, instr);
  if (!script.execForm) {
    // Shell form: the first problem per instruction is enough.
    for (const c of script.commands) {
      if (c.inSubstitution) continue;
      const verdict = judge({ name: c.nameWord.value, args: c.args.map((a) => a.value), background: c.background });
      if (verdict) return [{ range: verdict.at < 0 ? c.nameWord.range : c.args[verdict.at].range, verdict }];
    }
    return [];
  }
  const strings = (instr as unknown as { getJSONStrings(): { getJSONValue(): string; getRange(): Range }[] }).getJSONStrings();
  if (strings.length === 0) return [];
  const argv = strings.map((s) => jsonString(model, s));
  const direct = judge({ name: argv[0], args: argv.slice(1), background: false });
  if (direct) return [{ range: strings[direct.at + 1].getRange(), verdict: direct }];
  // ["sh", "-c", "nginx & node app.js"] (possibly behind a wrapper).
  const inner = unwrap({ name: argv[0], args: argv.slice(1), background: false });
  const c = inner.args.findIndex((a) => /^-[A-Za-z]*c$/.test(a));
  if (!SHELLS.has(baseName(inner.name)) || c < 0 || c + 1 >= inner.args.length) return [];
  const scriptIndex = argv.length - inner.args.length + c + 1;
  for (const cmd of scriptCommands(inner.args[c + 1])) {
    const verdict = judge(cmd);
    if (verdict) return [{ range: strings[scriptIndex].getRange(), verdict }];
  }
  return [];
}
