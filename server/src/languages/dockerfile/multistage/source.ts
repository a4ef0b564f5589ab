/**
 * The single-stage Dockerfile the multi-stage conversion starts from, cut into pieces it can move
 * around without retyping them: each instruction with its own lines (continuations, comments inside
 * it and heredoc bodies included) and the comment lines above it, plus what the conversion keeps
 * asking about an instruction — the WORKDIR it runs in, the COPY operands, the start command.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Stage } from '../model';
import { parseRun, runScripts, type RunScript, type ShellCommand } from '../shell';

/** One instruction of the stage and the comment lines that belong to it. */
export interface Piece {
  instr: Instruction;
  /** Upper-case keyword. */
  keyword: string;
  /** Comment lines between the previous instruction and this one. */
  lead: string[];
  /** The original separated this instruction (or its comments) from the previous one by a blank line. */
  blankBefore: boolean;
  /** The instruction as written. */
  lines: string[];
  /** The WORKDIR the instruction runs in (absolute, variables resolved), or undefined when unknown. */
  workdir?: string;
  /** Values of ARG and ENV variables when the instruction runs (undefined: declared without a value). */
  vars: Map<string, string | undefined>;
}

export interface Source {
  model: DockerfileModel;
  stage: Stage;
  eol: string;
  escape: string;
  /** Keywords are written in lower case in the original. */
  lower: boolean;
  /** Parser directives, global ARGs and comments before the FROM's own comments. */
  preamble: string[];
  /** Comment lines directly above FROM. */
  fromLead: string[];
  pieces: Piece[];
  /** Comment lines after the last instruction. */
  trailing: string[];
  /** WORKDIR at the end of the stage, or undefined when unknown. */
  finalWorkdir?: string;
  /** A WORKDIR instruction set `finalWorkdir` (rather than the base image). */
  workdirSet: boolean;
  runs: Map<Instruction, RunScript>;
}

/** The working directory official images start in; for other images it is not known. */
const BASE_WORKDIR: Record<string, string> = {
  golang: '/go', node: '/', python: '/', rust: '/', maven: '/', 'eclipse-temurin': '/', openjdk: '/', amazoncorretto: '/',
  'dotnet/sdk': '/', debian: '/', ubuntu: '/', alpine: '/',
};

const isComment = (line: string) => /^\s*#/.test(line);
const isBlank = (line: string) => line.trim() === '';

/** POSIX path join and normalisation; `rel` may be absolute. */
export function joinPath(base: string, rel: string): string {
  const parts = (rel.startsWith('/') ? rel : `${base}/${rel}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** `a/b/c` is `a` or inside it. */
export function isInside(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

interface PropertyLike {
  getName(): string;
  getValue(): string | null;
}

/** Name/value pairs of ENV, or the one of ARG (value undefined when none is given). */
export function declaredVariables(instr: Instruction): [string, string | undefined][] {
  const k = instr.getKeyword();
  const unquote = (v: string) => v.replace(/^(["'])(.*)\1$/, '$2');
  if (k === 'ENV') {
    return (instr as unknown as { getProperties(): PropertyLike[] }).getProperties().map((p) => [p.getName(), p.getValue() === null ? undefined : unquote(p.getValue()!)]);
  }
  if (k === 'ARG') {
    const p = (instr as unknown as { getProperty(): PropertyLike | null }).getProperty();
    return p ? [[p.getName(), p.getValue() === null ? undefined : unquote(p.getValue()!)]] : [];
  }
  return [];
}

export function readSource(model: DockerfileModel): Source {
  const stage = model.stages[0];
  const lines = Array.from({ length: model.lines.lineCount }, (_, i) => model.lines.lineText(i));
  // A final line break leaves an empty last "line"; it is not content.
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const instructions = model.ast.getInstructions();
  const lowerCount = instructions.filter((i) => {
    const word = model.lines.lineText(i.getInstructionRange().start.line).slice(i.getInstructionRange().start.character, i.getInstructionRange().end.character);
    return word === word.toLowerCase();
  }).length;
  const fromLine = stage.from.getRange().start.line;
  const directiveLines = new Set(model.ast.getDirectives().map((d) => d.getRange().start.line));

  // Comment lines directly above FROM, after any directive or global ARG.
  let leadStart = fromLine;
  const lastBefore = instructions.filter((i) => i.getRange().end.line < fromLine).map((i) => i.getRange().end.line);
  const floor = Math.max(-1, ...lastBefore, ...directiveLines);
  while (leadStart - 1 > floor && isComment(lines[leadStart - 1])) leadStart--;
  const preamble = lines.slice(0, leadStart);
  while (preamble.length && isBlank(preamble[preamble.length - 1])) preamble.pop();
  const fromLead = lines.slice(leadStart, fromLine);

  const runs = new Map(runScripts(model).map((r) => [r.instruction, r]));
  const pieces: Piece[] = [];
  let prevEnd = stage.from.getRange().end.line;
  const image = stage.image;
  const repo = (image?.repository ?? '').toLowerCase().replace(/^library\//, '');
  let workdir: string | undefined = BASE_WORKDIR[repo];
  let workdirSet = false;
  const vars = new Map<string, string | undefined>(model.globalArgs());
  for (const instr of stage.instructions) {
    const r = instr.getRange();
    const gap = lines.slice(prevEnd + 1, r.start.line);
    const keyword = instr.getKeyword();
    const piece: Piece = {
      instr, keyword,
      lead: gap.filter((l) => !isBlank(l)),
      blankBefore: gap.some(isBlank),
      lines: lines.slice(r.start.line, r.end.line + 1),
      workdir,
      vars: new Map(vars),
    };
    pieces.push(piece);
    if (keyword === 'WORKDIR') {
      const raw = (instr.getArgumentsContent() ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
      const value = raw.includes('$') ? model.substitute(raw, vars) : raw;
      workdir = value === undefined || workdir === undefined ? undefined : joinPath(workdir, value);
      workdirSet = true;
    }
    for (const [name, value] of declaredVariables(instr)) {
      // `ARG X` without a default keeps a global ARG's value.
      if (keyword === 'ARG' && value === undefined && vars.has(name)) continue;
      vars.set(name, value === undefined ? undefined : value.includes('$') ? model.substitute(value, vars) : value);
    }
    prevEnd = r.end.line;
  }
  const trailing = lines.slice(prevEnd + 1).filter((l) => !isBlank(l));
  return {
    model, stage, eol: model.lines.eol, escape: model.ast.getEscapeCharacter(), lower: lowerCount * 2 > instructions.length,
    preamble, fromLead, pieces, trailing, finalWorkdir: workdir, workdirSet, runs,
  };
}

/** COPY/ADD operands: flags by name, sources and destination, quotes removed. */
export interface CopyParts {
  flags: Map<string, string>;
  sources: string[];
  dest: string;
}

export function copyParts(instr: Instruction): CopyParts | undefined {
  const rest = (instr.getRawArgumentsContent() ?? '').trim();
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (const f of (instr as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags()) {
    flags.set(f.getName().toLowerCase(), f.getValue() ?? '');
  }
  if (rest.startsWith('[')) {
    try {
      const json = JSON.parse(rest) as unknown;
      if (!Array.isArray(json) || !json.every((x) => typeof x === 'string')) return undefined;
      words.push(...(json as string[]));
    } catch {
      return undefined;
    }
  } else {
    if (/<<|\\\s*\n/.test(rest)) return undefined; // heredocs and continued lines: leave alone
    words.push(...rest.split(/\s+/).filter(Boolean).map((w) => w.replace(/^(["'])(.*)\1$/, '$2')));
  }
  if (words.length < 2) return undefined;
  return { flags, sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** Where a COPY destination lands, for an instruction running in `workdir`. */
export function resolveDest(dest: string, workdir: string | undefined): string | undefined {
  if (dest.includes('$')) return undefined;
  if (dest.startsWith('/')) return joinPath('/', dest);
  return workdir === undefined ? undefined : joinPath(workdir, dest);
}

/** A command of the start command: its name as written and its words after quote removal. */
export interface StartWord {
  /** The program as written (`/app/server`, `node`). */
  program: string;
  args: string[];
}

export interface StartCommand {
  /** The simple commands ENTRYPOINT and CMD run, in order (exec-form ENTRYPOINT and CMD make one). */
  commands: StartWord[];
  /** ENTRYPOINT or CMD is in shell form: the runtime image needs /bin/sh. */
  shellForm: boolean;
  /** The last ENTRYPOINT and CMD of the stage. */
  entrypoint?: Instruction;
  cmd?: Instruction;
}

function execArgv(instr: Instruction): string[] | undefined {
  const raw = (instr.getRawArgumentsContent() ?? '').trim();
  if (!raw.startsWith('[')) return undefined;
  try {
    const json = JSON.parse(raw) as unknown;
    return Array.isArray(json) && json.every((x) => typeof x === 'string') ? (json as string[]) : undefined;
  } catch {
    return undefined;
  }
}

const toWord = (c: ShellCommand): StartWord => ({ program: c.nameWord.value, args: c.args.map((a) => a.value) });

export function startCommand(src: Source): StartCommand {
  let entrypoint: Instruction | undefined;
  let cmd: Instruction | undefined;
  for (const p of src.pieces) {
    if (p.keyword === 'ENTRYPOINT') entrypoint = p.instr;
    if (p.keyword === 'CMD') cmd = p.instr;
  }
  const entryArgv = entrypoint && execArgv(entrypoint);
  const cmdArgv = cmd && execArgv(cmd);
  const shellForm = (!!entrypoint && !entryArgv) || (!!cmd && !cmdArgv && !(entrypoint && !entryArgv));
  const commands: StartWord[] = [];
  const shellCommands = (i: Instruction) => parseRun(src.model, i).commands.filter((c) => !c.inSubstitution).map(toWord);
  if (entrypoint) {
    if (entryArgv) {
      const argv = [...entryArgv, ...(cmd && cmdArgv ? cmdArgv : [])];
      if (argv.length) commands.push({ program: argv[0], args: argv.slice(1) });
      if (cmd && !cmdArgv) commands.push(...shellCommands(cmd));
    } else {
      commands.push(...shellCommands(entrypoint));
    }
  } else if (cmd) {
    if (cmdArgv) {
      if (cmdArgv.length) commands.push({ program: cmdArgv[0], args: cmdArgv.slice(1) });
    } else {
      commands.push(...shellCommands(cmd));
    }
  }
  // `sh -c "…"` runs a shell too.
  const viaShell = commands.some((c) => /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/.test(c.program));
  return { commands, shellForm: shellForm || viaShell, entrypoint, cmd };
}

export const programName = (program: string) => program.slice(program.lastIndexOf('/') + 1);

/** The HEALTHCHECK's programs (base names, and as written), and whether it needs a shell. */
export function healthcheckNeeds(src: Source): { programs: string[]; words: string[]; shell: boolean } {
  const programs: string[] = [];
  const words: string[] = [];
  let shell = false;
  for (const p of src.pieces) {
    if (p.keyword !== 'HEALTHCHECK') continue;
    let rest = (p.instr.getRawArgumentsContent() ?? '').trim();
    while (/^--\S+\s+/.test(rest)) rest = rest.replace(/^--\S+\s+/, '');
    const m = /^(CMD|NONE)\b\s*([\s\S]*)$/i.exec(rest);
    if (!m || m[1].toUpperCase() === 'NONE') continue;
    const body = m[2].trim();
    if (body.startsWith('[')) {
      try {
        const argv = JSON.parse(body) as string[];
        if (argv[0] !== undefined) programs.push(programName(argv[0]));
        if (argv[0] !== undefined) words.push(argv[0]);
        if (/^(\/bin\/)?(sh|bash)$/.test(argv[0] ?? '')) shell = true;
        continue;
      } catch {
        // fall through to the shell form
      }
    }
    shell = true;
    for (const part of body.split(/&&|\|\||;|\|/)) {
      const word = part.trim().split(/\s+/)[0];
      if (word) programs.push(programName(word));
      if (word) words.push(word);
    }
  }
  return { programs, words, shell };
}

/** The RUN script of a piece, if it is a RUN. */
export function scriptOf(src: Source, piece: Piece): RunScript | undefined {
  return piece.keyword === 'RUN' ? src.runs.get(piece.instr) : undefined;
}

/** Value of an option in a command's words: `-o x`, `-o=x`, `--output x`, `--output=x`. */
export function optionValue(args: readonly string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(n + '=')) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The COPY/ADD that put the program `word` names in place (`COPY docker-entrypoint.sh /usr/local/bin/`
 * then `ENTRYPOINT ["docker-entrypoint.sh"]`), if any. Relative names resolve against the final WORKDIR.
 */
export function copiedProgram(src: Source, word: string): Piece | undefined {
  if (word.includes('$')) return undefined;
  const base = word.slice(word.lastIndexOf('/') + 1);
  const wanted = word.includes('/') ? (src.finalWorkdir ? [joinPath(src.finalWorkdir, word)] : []) : PATH_DIRS.map((d) => `${d}/${base}`);
  let found: Piece | undefined;
  for (const p of src.pieces) {
    if (p.keyword !== 'COPY' && p.keyword !== 'ADD') continue;
    const parts = copyParts(p.instr);
    if (!parts) continue;
    const dest = resolveDest(parts.dest, p.workdir);
    if (!dest) continue;
    const intoDir = parts.dest.endsWith('/') || parts.sources.length > 1;
    const targets = intoDir ? parts.sources.map((s) => joinPath(dest, s.slice(s.replace(/\/+$/, '').lastIndexOf('/') + 1))) : [dest];
    if (targets.some((t) => wanted.includes(t))) found = p;
  }
  return found;
}
