/**
 * The shell inside RUN, parsed for real (unbash, a complete bash parser) instead of matched with
 * regular expressions: `&&` chains, pipes, quotes, line continuations, comments inside continued
 * lines, heredocs and `$(…)` are understood. Each simple command comes back with its words and
 * their document ranges, so rules can say "apt-get install on line 7 lacks -y" and fix just that.
 */
import { forEachChild, parse, type Command, type SyntaxNode, type Word } from 'unbash';
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import type { DockerfileModel } from './model';

export interface ShellWord {
  /** The word after quote removal (`"a b"` -> `a b`); expansions stay as written. */
  value: string;
  /** The word as written. */
  text: string;
  range: Range;
}

export interface ShellCommand {
  /** Command name after quote removal, without a leading path (`/usr/bin/apt-get` -> `apt-get`). */
  name: string;
  nameWord: ShellWord;
  /** Arguments after the name (redirections and assignments excluded). */
  args: ShellWord[];
  /** Environment assignments before the name (`DEBIAN_FRONTEND=noninteractive apt-get …`). */
  assignments: string[];
  range: Range;
  /** Offset of the command inside the script, for ordering. */
  pos: number;
  /** Part of a pipeline (`a | b`). */
  inPipeline: boolean;
  /** Run in the background with `&`. */
  background: boolean;
  /** Inside `$(…)` or backticks. */
  inSubstitution: boolean;
}

export interface RunScript {
  instruction: Instruction;
  /** Exec form (`RUN ["a", "b"]`): no shell, `commands` holds the one argv. */
  execForm: boolean;
  commands: ShellCommand[];
  /** The script has at least one pipe. */
  hasPipe: boolean;
  /** `set -o pipefail` (or `set -euo pipefail`) appears in the script. */
  setsPipefail: boolean;
  /** Parser errors; commands found before the error are still returned. */
  errors: string[];
}

/** Maps offsets of the text handed to the parser back to document ranges. */
class OffsetMap {
  constructor(private readonly model: DockerfileModel, private readonly base: number) {}
  range(pos: number, end: number): Range {
    return this.model.lines.range(this.base + pos, this.base + end);
  }
}

/**
 * Dockerfile-level text → shell text of the same length (so offsets map 1:1). Docker joins continued
 * lines before the shell sees them (dropping comment lines inside), so this does the same: a
 * `# comment` at the end of a continued line then runs to the end of the instruction, as in Docker.
 * `joinLines` is false for a heredoc script, which the shell itself reads line by line.
 */
function prepare(raw: string, escape: string, joinLines: boolean): string {
  let text = raw;
  // A different escape character (`# escape=\``) continues lines with it: make those backslashes.
  if (escape !== '\\') text = text.replace(new RegExp(`\\${escape}(\\r?\\n)`, 'g'), '\\$1');
  // Comment lines (and empty lines) inside a continued instruction: blank them out, newlines included.
  text = text.replace(/(\\\r?\n)((?:[ \t]*(?:#[^\n]*)?\n)+)/g, (_m, cont: string, lines: string) => cont + ' '.repeat(lines.length));
  if (joinLines) text = text.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length));
  else text = text.replace(/\\\r\n/g, ' \\\n');
  return text;
}

function wordValue(w: Word | { text: string; value?: string }): string {
  return (w as { value?: string }).value ?? w.text;
}

function baseName(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

function collect(node: SyntaxNode, map: OffsetMap, out: ShellCommand[], ctx: { inPipeline: boolean; background: boolean; inSubstitution: boolean; hasPipe: { v: boolean } }): void {
  switch (node.type) {
    case 'Statement':
      collect(node.command as SyntaxNode, map, out, { ...ctx, background: ctx.background || !!node.background });
      return;
    case 'Pipeline':
      if (node.commands.length > 1) ctx.hasPipe.v = true;
      for (const c of node.commands) collect(c as SyntaxNode, map, out, { ...ctx, inPipeline: node.commands.length > 1 });
      return;
    case 'Command': {
      const cmd = node as Command;
      if (cmd.name && !ctx.inSubstitution) {
        const toWord = (w: Word): ShellWord => ({ value: wordValue(w), text: w.text, range: map.range(w.pos, w.end) });
        const nameWord = toWord(cmd.name);
        out.push({
          name: baseName(nameWord.value),
          nameWord,
          args: cmd.suffix.filter((s): s is Word => s.type === 'Word').map(toWord),
          assignments: cmd.prefix.filter((p) => p.type === 'Assignment').map((p) => (p as { text: string }).text),
          range: map.range(cmd.pos, cmd.end),
          pos: cmd.pos,
          inPipeline: ctx.inPipeline,
          background: ctx.background,
          inSubstitution: ctx.inSubstitution,
        });
      }
      forEachChild(node, (child) => collect(child, map, out, ctx));
      return;
    }
    case 'CommandExpansion':
    case 'ProcessSubstitution':
      // Positions inside substitutions are relative to their own text; the commands are still
      // worth knowing about (`$(curl … | sh)`), but they are reported at the outer command.
      return;
    default:
      forEachChild(node, (child) => collect(child, map, out, ctx));
  }
}

const RUN_CACHE = new WeakMap<DockerfileModel, RunScript[]>();

/** Every RUN instruction's script, in file order (cached per model). */
export function runScripts(model: DockerfileModel): RunScript[] {
  let cached = RUN_CACHE.get(model);
  if (!cached) {
    cached = model.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN').map((i) => parseRun(model, i));
    RUN_CACHE.set(model, cached);
  }
  return cached;
}

/** The script of a RUN (or of another instruction that runs a shell, e.g. HEALTHCHECK CMD). */
export function parseRun(model: DockerfileModel, instruction: Instruction): RunScript {
  const result: RunScript = { instruction, execForm: false, commands: [], hasPipe: false, setsPipefail: false, errors: [] };
  const args = instruction.getArguments();
  if (args.length === 0) return result;
  const raw = instruction.getRawArgumentsContent() ?? '';
  const first = args[0];
  const start = model.lines.offsetAt(first.getRange().start);
  const end = model.lines.offsetAt(instruction.getRange().end);
  if (/^\s*\[/.test(raw) && raw.trim().endsWith(']')) {
    // Exec form: one command, no shell.
    result.execForm = true;
    try {
      const argv = JSON.parse(raw.trim()) as unknown;
      if (Array.isArray(argv) && argv.length && argv.every((a) => typeof a === 'string')) {
        const range = instruction.getArgumentsRange() ?? instruction.getRange();
        const w = (value: string): ShellWord => ({ value, text: JSON.stringify(value), range });
        result.commands.push({
          name: baseName(argv[0]), nameWord: w(argv[0]), args: argv.slice(1).map(w), assignments: [], range, pos: 0,
          inPipeline: false, background: false, inSubstitution: false,
        });
      }
    } catch {
      // Not JSON after all: the Dockerfile validator reports it.
    }
    return result;
  }
  let base = start;
  let text = model.text.slice(start, end);
  let joinLines = true;
  // `RUN <<EOF … EOF` alone: the heredoc body is the script.
  const heredoc = /^<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*\r?\n/.exec(text);
  if (heredoc) {
    const bodyStart = heredoc[0].length;
    const close = new RegExp(`^[\\t]*${heredoc[3]}[ \\t]*$`, 'm');
    const rest = text.slice(bodyStart);
    const m = close.exec(rest);
    base = start + bodyStart;
    text = m ? rest.slice(0, m.index) : rest;
    joinLines = false;
  }
  const prepared = prepare(text, model.ast.getEscapeCharacter(), joinLines);
  let ast;
  try {
    ast = parse(prepared);
  } catch (err) {
    result.errors.push(String((err as Error)?.message ?? err));
    return result;
  }
  for (const e of ast.errors ?? []) result.errors.push(e.message);
  const map = new OffsetMap(model, base);
  const hasPipe = { v: false };
  collect(ast as unknown as SyntaxNode, map, result.commands, { inPipeline: false, background: false, inSubstitution: false, hasPipe });
  result.commands.sort((a, b) => a.pos - b.pos);
  result.hasPipe = hasPipe.v;
  result.setsPipefail = result.commands.some((c) => c.name === 'set' && c.args.some((a, i, all) =>
    a.value === 'pipefail' && i > 0 && /^-[a-z]*o$/.test(all[i - 1].value)) ||
    (c.name === 'set' && c.args.some((a) => a.value === '-o' ) && c.args.some((a) => a.value === 'pipefail')));
  return result;
}

/** True when `args` contain a flag: `-y`, a bundled short flag (`-qy`), or a long one (`--yes`). */
export function hasFlag(args: readonly ShellWord[], short: string[], long: string[] = []): boolean {
  for (const a of args) {
    const v = a.value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const name = v.slice(2).split('=')[0];
      if (long.includes(name)) return true;
    } else if (v.startsWith('-') && v.length > 1) {
      if (short.some((s) => v.slice(1).includes(s))) return true;
    }
  }
  return false;
}

/** Words that are not options (and not option values of the given flags). */
export function positionals(args: readonly ShellWord[], optionsWithValue: string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  let skip = false;
  let rest = false;
  for (const a of args) {
    if (skip) { skip = false; continue; }
    if (rest) { out.push(a); continue; }
    if (a.value === '--') { rest = true; continue; }
    if (a.value.startsWith('-')) {
      if (optionsWithValue.includes(a.value)) skip = true;
      continue;
    }
    out.push(a);
  }
  return out;
}
