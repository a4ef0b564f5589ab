/**
 * What the multi-stage conversion is about to write, before it is text: the builder's items (the
 * original instructions, some moved, plus generated lines), the runtime image, the artifacts copied
 * from the builder, and notes for the user. Also the edits every ecosystem shares: moving the
 * dependency install above `COPY . .` behind a COPY of the manifests, and inserting lines.
 */
import type { ShellCommand } from '../shell';
import { copyParts, isInside, resolveDest, scriptOf, type Piece, type Source, type StartCommand } from './source';
import type { RuntimeImage } from './runtime';

/** An original instruction, or generated lines (`origin`: what is left of a split original). */
export type Item = { piece: Piece } | { lines: string[]; origin?: Piece };

export interface Artifact {
  /** Absolute path in the builder (may end in a `*` pattern). */
  from: string;
  /** Absolute path in the runtime image (a directory ending in `/` for patterns). */
  to: string;
}

export interface Plan {
  runtime: RuntimeImage;
  artifacts: Artifact[];
  /** ENV arguments written after the artifacts (`PATH="/opt/venv/bin:$PATH"`). */
  env: string[];
  /** Packages the runtime image needs on top of the artifacts. */
  packages: string[];
  /** WORKDIR for the runtime stage when the original set none but relied on the base image's one. */
  workdir?: string;
  builderComment: string;
  runtimeComment: string;
}

/** What the planners need and may change. */
export interface Ctx {
  src: Source;
  start: StartCommand;
  /** The builder's items, in order; planners insert and move. */
  builder: Item[];
  /** ENTRYPOINT/CMD/HEALTHCHECK in shell form: the runtime needs /bin/sh. */
  needsShell: boolean;
  /** OS packages the app still needs at run time. */
  packages: string[];
  /** How the original installed them. */
  manager?: 'apt' | 'apk' | 'other';
  /** Programs the HEALTHCHECK runs. */
  healthcheck: string[];
  /** Start or health-check programs that a COPY/ADD of the build context put in place (entrypoint scripts), by the word that names them. */
  startFiles: Map<string, Piece>;
  notes: string[];
  /** The build stage's name. */
  builderName: string;
}

export const isPiece = (i: Item): i is { piece: Piece } => 'piece' in i;

const holds = (i: Item, piece: Piece) => (isPiece(i) ? i.piece === piece : i.origin === piece);

export function indexOfPiece(ctx: Ctx, piece: Piece): number {
  return ctx.builder.findIndex((i) => holds(i, piece));
}

export function insertBefore(ctx: Ctx, piece: Piece, lines: string[]): void {
  const at = indexOfPiece(ctx, piece);
  if (at >= 0) ctx.builder.splice(at, 0, { lines });
}

export function insertAfter(ctx: Ctx, piece: Piece, lines: string[]): void {
  let at = -1;
  ctx.builder.forEach((item, i) => { if (holds(item, piece)) at = i; });
  if (at >= 0) ctx.builder.splice(at + 1, 0, { lines });
}

/** The first command in a RUN of the builder for which `test` holds, with its piece. */
export function findCommand(ctx: Ctx, test: (cmd: ShellCommand, piece: Piece) => boolean): { piece: Piece; cmd: ShellCommand } | undefined {
  for (const p of ctx.src.pieces) {
    const script = scriptOf(ctx.src, p);
    for (const cmd of script?.commands ?? []) if (test(cmd, p)) return { piece: p, cmd };
  }
  return undefined;
}

export function allCommands(ctx: Ctx, test: (cmd: ShellCommand, piece: Piece) => boolean): { piece: Piece; cmd: ShellCommand }[] {
  const out: { piece: Piece; cmd: ShellCommand }[] = [];
  for (const p of ctx.src.pieces) for (const cmd of scriptOf(ctx.src, p)?.commands ?? []) if (test(cmd, p)) out.push({ piece: p, cmd });
  return out;
}

/** Commands that never read the build context: package managers, shell housekeeping. */
const NEUTRAL = new Set(['apt-get', 'apt', 'apk', 'set', 'true', 'mkdir', 'export', 'corepack']);

/** Neutral here: not `rm -rf node_modules`, which only makes sense after the sources are copied. */
function neutral(cmd: ShellCommand, piece: Piece): boolean {
  if (NEUTRAL.has(cmd.name)) return true;
  if (cmd.name !== 'rm') return false;
  const paths = cmd.args.map((a) => a.value).filter((a) => !a.startsWith('-'));
  return paths.every((p) => p.startsWith('/') && !(piece.workdir && isInside(p, piece.workdir)));
}

/** A COPY (or ADD) of the whole build context (`COPY . .`, `ADD ./ /app/`). */
export function isBroadCopy(piece: Piece): boolean {
  if (piece.keyword !== 'COPY' && piece.keyword !== 'ADD') return false;
  const parts = copyParts(piece.instr);
  return !!parts && !parts.flags.has('from') && parts.sources.length === 1 && /^\.\/?$/.test(parts.sources[0]);
}

/**
 * Splits a RUN that is a plain `a && b && c` chain after its `k`-th command. Returns the two RUNs'
 * lines, or undefined when the script has any other structure.
 */
function splitRun(ctx: Ctx, piece: Piece, k: number): [string[], string[]] | undefined {
  const script = scriptOf(ctx.src, piece);
  if (!script || script.execForm || script.hasPipe || script.errors.length) return undefined;
  const cmds = script.commands;
  if (k <= 0 || k >= cmds.length || cmds.some((c) => c.background || c.inPipeline)) return undefined;
  const lines = ctx.src.model.lines;
  const text = ctx.src.model.text;
  const escape = ctx.src.escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const separator = new RegExp(`^(?:\\s|${escape}\\r?\\n)*&&(?:\\s|${escape}\\r?\\n)*$`);
  for (let i = 0; i + 1 < cmds.length; i++) {
    if (!separator.test(text.slice(lines.offsetAt(cmds[i].range.end), lines.offsetAt(cmds[i + 1].range.start)))) return undefined;
  }
  if (/<</.test(piece.lines[0])) return undefined;
  const start = lines.offsetAt(piece.instr.getRange().start);
  const header = text.slice(start, lines.offsetAt(cmds[0].range.start));
  if (/\n/.test(header)) return undefined;
  const first = header + text.slice(lines.offsetAt(cmds[0].range.start), lines.offsetAt(cmds[k - 1].range.end));
  const rest = header + text.slice(lines.offsetAt(cmds[k].range.start), lines.offsetAt(piece.instr.getRange().end));
  const toLines = (s: string) => s.split(/\r?\n/).map((l) => l.replace(/\s+$/, ''));
  return [toLines(first), toLines(rest)];
}

/**
 * Moves the dependency install (`piece`) above the `COPY . .` it follows, behind a COPY of just the
 * manifests, so the dependency layer is rebuilt only when they change. `prep` says which commands
 * of the RUN may run without the sources; a RUN that goes on to build is split after them. When
 * the order cannot change safely the builder is left as it was. Returns the manifest COPY item.
 */
export function cacheDependencies(ctx: Ctx, piece: Piece, manifests: string[], prep: (cmd: ShellCommand) => boolean): Item | undefined {
  const at = indexOfPiece(ctx, piece);
  if (at < 0) return undefined;
  let broadAt = -1;
  for (let i = at - 1; i >= 0; i--) {
    const item = ctx.builder[i];
    if (!isPiece(item)) continue;
    if (isBroadCopy(item.piece)) {
      broadAt = i;
      break;
    }
    // The manifests are already copied first.
    const parts = item.piece.keyword === 'COPY' ? copyParts(item.piece.instr) : undefined;
    if (parts && !parts.flags.has('from') && parts.sources.some((s) => manifests.some((m) => s.replace(/^\.\//, '').startsWith(m.replace(/\*$/, ''))))) return undefined;
  }
  if (broadAt < 0) return undefined;
  const broad = (ctx.builder[broadAt] as { piece: Piece }).piece;
  const between = ctx.builder.slice(broadAt + 1, at);
  const skip = (why: string) => {
    ctx.notes.push(`The dependency install stays after \`COPY . .\` (${why}), so it runs again whenever any file changes.`);
    return undefined;
  };
  // Either the install moves up, with the setup RUNs between (npm config, pip install poetry)
  // that need no sources, or `COPY . .` moves down past settings (USER, ENV, ARG) the install needs.
  const isPrepRun = (i: Item) => isPiece(i) && i.piece.keyword === 'RUN' &&
    (scriptOf(ctx.src, i.piece)?.commands ?? []).every((c) => prep(c) || neutral(c, i.piece));
  const installUp = between.every(isPrepRun);
  const copyDown = !installUp && between.every((i) => isPiece(i) && ['USER', 'ENV', 'ARG', 'LABEL'].includes(i.piece.keyword));
  if (!installUp && !copyDown) return skip('a step between them may need the sources or change the environment');
  const parts = copyParts(broad.instr)!;
  const dest = resolveDest(parts.dest, broad.workdir);
  if (!dest || dest !== piece.workdir) return skip('it runs in another folder than the one the sources are copied to');
  const cmds = scriptOf(ctx.src, piece)?.commands ?? [];
  const prepCount = cmds.findIndex((c) => !(prep(c) || neutral(c, piece)));
  let moved: Item;
  let rest: Item | undefined;
  if (prepCount === -1) {
    moved = { piece };
  } else {
    const split = splitRun(ctx, piece, prepCount);
    if (!split) return skip('its RUN also builds and cannot be split');
    moved = { lines: [...piece.lead, ...split[0]] };
    rest = { lines: split[1], origin: piece };
  }
  const kw = (k: string) => (ctx.src.lower ? k.toLowerCase() : k);
  const chown = parts.flags.get('chown');
  const target = parts.dest.endsWith('/') ? parts.dest : parts.dest === '.' ? './' : parts.dest + '/';
  const manifestCopy: Item = { lines: [`${kw('COPY')} ${chown ? `--chown=${chown} ` : ''}${manifests.join(' ')} ${target}`] };
  const after = ctx.builder.slice(at + 1);
  ctx.builder = installUp
    ? [...ctx.builder.slice(0, broadAt), manifestCopy, ...between, moved, { piece: broad }, ...(rest ? [rest] : []), ...after]
    : [...ctx.builder.slice(0, broadAt), ...between, manifestCopy, moved, { piece: broad }, ...(rest ? [rest] : []), ...after];
  return manifestCopy;
}
