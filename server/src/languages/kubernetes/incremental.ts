/**
 * Incremental linting of multi-document Kubernetes YAML, for the editor: after an edit only the
 * documents whose text changed are parsed, schema-checked and run through the per-document rules
 * again. The result is the same as a full `lint()` of the text (a property test checks it).
 *
 * How:
 * - The text is split into chunks at document-start lines (`---` in column 0 followed by a space,
 *   tab or line break: the YAML lexer always starts a document there, also inside block scalars,
 *   whose content is indented). Each chunk is parsed on its own and cached; the previous call's
 *   chunks are matched with the new text in order (an edit changes a few in one place), and by
 *   text when documents moved.
 * - Schema problems (yaml-language-server) and per-document rules are cached per chunk, with
 *   positions relative to the chunk, keyed by the settings, the schema set and the file-wide layout
 *   that fixes follow (indentation step, sequence style, line break), and shifted to the chunk's
 *   line on reuse.
 * - Rules that look at other documents of the file (a Service and its pods, PodDisruptionBudgets,
 *   references, ...) are "file-scope": each declares in its metadata (`dependsOn`) the kinds of
 *   other objects it reads, and which of their fields; its findings
 *   are cached per chunk too, keyed also by what it reads, and computed again for the chunks that
 *   changed, with the rest of the file visible only through objects of those kinds. When something
 *   it reads changes, the rule runs on the whole file again. The model is assembled from the
 *   cached chunks (node offsets are shifted in place when a chunk moves); the findings of a chunk
 *   that neither changed nor moved to other lines are the same objects as in the previous call.
 * - Whenever chunk-wise parsing could disagree with a parse of the whole text (an unterminated
 *   quoted scalar, which the lexer lets run into the next documents; `%` directives; modelines;
 *   `# hadolint global ignore`; a per-document rule that throws or reports outside its document),
 *   this falls back to a full `lint()`.
 *
 * The module has no LSP dependency: the server keeps one cache per open document.
 */
import { isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import { effectiveSeverity, rulesFor } from '../../engine/registry';
import { EMPTY_WORKSPACE, type CrossDocumentReads, type Rule } from '../../engine/rule';
import { annotationScopes, lint, ruleFailure, runCheck, type LintInput, type LintResult } from '../../engine/runner';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../engine/settings';
import { Suppressions, type SuppressionScope } from '../../engine/suppressions';
import { LineIndex, ownCopy } from '../../engine/text';
import type { Finding, Position, Range } from '../../engine/types';
import { KubernetesModel, type KubeObject } from './model';
import { objectJson, type Json } from './workloads';
import { sameJson } from './workspaceIndex';
import { SameText } from './sameText';
import { documentStarts, type KubernetesYamlService } from './yamlService';

export { documentStarts };

/** Whether a rule must see the whole file (it reads other documents or state outside the text). */
export function isFileScope(rule: Rule): boolean {
  return rule.dependsOn !== undefined;
}

/** Thrown by {@link lintIncremental} when `cancelled()` turned true: a newer text is on its way. */
export class LintCancelled extends Error {
  constructor() {
    super('lint cancelled: a newer version of the document superseded it');
  }
}

export interface IncrementalOptions {
  /** Polled between steps; when it returns true the call throws {@link LintCancelled}. */
  cancelled?: () => boolean;
}

/** What happened in the last call, for tests and the benchmark. */
export interface IncrementalStats {
  mode: 'incremental' | 'fallback';
  /** Why the full linter was used. */
  reason?: string;
  chunks: number;
  /** Chunks parsed in this call (new text). */
  parsed: number;
  /** Chunks whose per-document rules ran in this call. */
  relinted: number;
  /** Chunks checked by file-scope rules in this call, summed over the rules. */
  fileRelinted?: number;
  /** Milliseconds per step (incremental mode). */
  ms?: { chunks: number; documentRules: number; schema: number; fileRules: number; assemble: number };
}

interface StyleCounts {
  /** indentUnit: indentation steps in order of first appearance, with counts. */
  steps: Map<number, number>;
  /** hardening's sequence style: dashes indented under their key vs. at the key's column. */
  indented: number;
  flush: number;
  /** LineIndex.eol */
  crlf: number;
  lf: number;
}

interface CachedFindings {
  key: string;
  /** Positions relative to the chunk's first line. */
  findings: Finding[];
  /** Schema check only: yaml-language-server gave up in this chunk (it then skips every later document). */
  aborted?: boolean;
}

interface Chunk {
  text: string;
  /** Number of line breaks in the text (the next chunk starts that many lines further). */
  breaks: number;
  /** The chunk's own line index (chunk-relative lines), for suppressions. */
  lines: LineIndex;
  docs: Document.Parsed[];
  /** The chunk's objects with chunk-relative ranges and document indexes; each call makes fresh KubeObjects from them. */
  objects: KubeObject[];
  /** Every position array of `docs` (documents, nodes, errors, warnings), moved together with the chunk. */
  ranges: number[][];
  /** Where the nodes of `docs` currently point: absolute offset and line of the chunk start. */
  offset: number;
  line: number;
  style: StyleCounts;
  /** Annotation suppression scopes, chunk-relative. */
  scopes: SuppressionScope[];
  /** Trailing comment lines carrying suppressions, which apply to the next chunk's first line. */
  tail: string[];
  /** Set when chunk-wise processing could differ from a whole-text parse. */
  unsafe?: string;
  /** True when every document is empty and error-free (nothing for the schema check). */
  empty: boolean;
  /** The text has NUL bytes (lint() does not check such files). */
  nul: boolean;
  schema?: CachedFindings;
  local?: CachedFindings;
  /** Findings of file-scope rules, by rule id. */
  file?: Map<string, CachedFindings>;
  /** Bumped whenever `local` or `file` changes. */
  version: number;
  /** The rule findings (`local` and `file`) kept after suppressions, at the chunk's line, as last returned. */
  kept?: { line: number; tail: string; version: number; findings: Finding[] };
  suppressions?: { tail: string; s: Suppressions };
}

export interface IncrementalCache {
  /** Chunks of the last text, in order. */
  chunks: Chunk[];
  /** What file-scope rules read of the file's objects, at the last call. */
  dependencies: Dependencies;
  /** Calls run one at a time. */
  queue: Promise<unknown>;
  stats?: IncrementalStats;
}

interface Dependencies {
  /** Per file-scope rule: what it read of the file's objects at the last call, and a number that changes with it. */
  byRule: Map<string, { entries: unknown[]; generation: number }>;
}

function emptyDependencies(): Dependencies {
  return { byRule: new Map() };
}

export function createIncrementalCache(): IncrementalCache {
  return { chunks: [], dependencies: emptyDependencies(), queue: Promise.resolve() };
}

/** Drops everything cached (settings changes make keys differ anyway; this frees the memory). */
export function clearIncrementalCache(cache: IncrementalCache): void {
  cache.chunks = [];
  cache.dependencies = emptyDependencies();
}

/**
 * Same contract and result as `lint()` for Kubernetes YAML, reusing work from the previous call with
 * the same cache. Other languages, `only`, and texts `lint()` skips go straight to `lint()`. Calls on
 * one cache are serialized.
 *
 * What rules and helpers may cache: anything keyed by the model or by a KubeObject (both are new on
 * every call), and position-free data keyed by YAML nodes (the JSON of a map). Nothing positional may
 * be keyed by a YAML node: an unchanged document's nodes are reused and their offsets moved.
 */
export function lintIncremental(input: LintInput, cache: IncrementalCache, opts: IncrementalOptions = {}): Promise<LintResult> {
  const run = cache.queue.then(() => lintNow(input, cache, opts));
  cache.queue = run.then(() => undefined, () => undefined);
  return run;
}

/** How long a check runs before it lets other work in. */
const TURN_MS = 8;
/** Documents checked by the per-document rules between two turns. */
const RULE_BATCH = 50;
const DIRECTIVE = /(?:^|\n)%/;
const MODELINE = /#\s+(?:yaml-language-server\s*:|\$schema:)/;
const HADOLINT_GLOBAL = /^#\s*hadolint\s+global\s/;
const SUPPRESSION_COMMENT = /shipshape-ignore|hadolint/;

function fallback(input: LintInput, cache: IncrementalCache, reason: string, chunks: number): Promise<LintResult> {
  cache.stats = { mode: 'fallback', reason, chunks, parsed: 0, relinted: 0 };
  return lint(input);
}

async function lintNow(input: LintInput, cache: IncrementalCache, opts: IncrementalOptions): Promise<LintResult> {
  const check = () => {
    if (opts.cancelled?.()) throw new LintCancelled();
  };
  // Long checks give the event loop a turn every few milliseconds, so requests on other documents
  // (hover, completion) are answered meanwhile and a newer version can cancel this check.
  let lastTurn = performance.now();
  const breathe = async () => {
    if (performance.now() - lastTurn < TURN_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastTurn = performance.now();
    check();
  };
  check();
  const { text } = input;
  const settings = input.settings ?? DEFAULT_SETTINGS;
  if (input.language !== 'kubernetes') return fallback(input, cache, 'not Kubernetes YAML', 0);
  if (input.only) return fallback(input, cache, 'a rule subset was asked for', 0);
  // lint() reports these files as skipped (NUL bytes: checked per chunk below).
  if (text.length > settings.limits.maxFileBytes) return fallback(input, cache, 'skipped file', 0);

  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return Math.round(ms * 10) / 10;
  };
  // 1. Chunks: reuse cached ones by text (see SameText), parse the new ones.
  const starts = documentStarts(text);
  const previous = new SameText(cache.chunks);
  const chunks: Chunk[] = [];
  // Cancelled while chunks are collected: the cache keeps every chunk, reused or not, for the next call.
  const breatheKeeping = async () => {
    try {
      await breathe();
    } catch (e) {
      cache.chunks = [...chunks, ...previous.untaken()];
      throw e;
    }
  };
  let parsed = 0;
  let offset = 0;
  let line = 0;
  for (let i = 0; i < starts.length; i++) {
    const chunkText = text.slice(starts[i], starts[i + 1] ?? text.length);
    let chunk = previous.take(chunkText);
    if (!chunk) {
      await breatheKeeping();
      chunk = parseChunk(chunkText, offset);
      parsed++;
    }
    if (chunk.unsafe) {
      cache.chunks = [];
      return fallback(input, cache, chunk.unsafe, starts.length);
    }
    moveChunk(chunk, offset, line);
    chunks.push(chunk);
    offset += chunkText.length;
    line += chunk.breaks;
  }
  cache.chunks = chunks;
  if (chunks.some((c) => c.nul)) return fallback(input, cache, 'skipped file', chunks.length);

  // 2. The whole-file model, assembled from the chunks (fresh model and KubeObjects every call:
  // helpers memoize per model and per object); file-wide layout from per-chunk counts.
  const style = mergeStyles(chunks.map((c) => c.style));
  const styleKey = idOfKey(`${style.unit}|${style.indentsSequences}|${JSON.stringify(style.eol)}`);
  const docs: Document.Parsed[] = [];
  const objects: KubeObject[] = [];
  const chunkObjects: KubeObject[][] = [];
  for (const c of chunks) {
    const own = c.objects.map((o) => ({ ...o, index: docs.length + o.index, range: shiftRangeBy(o.range, c.line) }));
    chunkObjects.push(own);
    objects.push(...own);
    docs.push(...c.docs);
  }
  const lines = new FileLines(text, style.eol, chunks);
  /** A model of the file whose rules check `objs`; `inFile`: the file's objects they may see (default: `objs`). */
  const makeModel = (objs: KubeObject[], inFile?: KubeObject[]): KubernetesModel =>
    KubernetesModel.assemble({ text, lines, docs, objects: objs, inFile, indentUnit: style.unit, indentsSequences: style.indentsSequences });
  const model = makeModel(objects);
  const msChunks = lap();

  // 3. Rules and the schema check.
  const yamlService = input.services?.yaml;
  // Keys are short: every cached list of every chunk holds one.
  const settingsKey = `s${idOfKey(JSON.stringify(settings) + '|' + (yamlService ? schemaKey(yamlService) : 'no-schema'))}`;
  const localKey = `${settingsKey}.${styleKey}`;
  const rules = rulesFor('kubernetes');
  const perDocument = rules.filter((r) => !r.provider && !isFileScope(r));
  const fileScope = rules.filter((r) => !r.provider && isFileScope(r));
  const schemaRule = rules.find((r) => r.provider === 'yaml-language-server');
  const workspace = input.workspace ?? EMPTY_WORKSPACE;

  // Per-document rules on the documents that changed, in one pass over a model showing only their
  // objects; each finding belongs to the document it is reported in.
  const dirty = chunks.map((c, i) => (c.local?.key === localKey ? -1 : i)).filter((i) => i >= 0);
  if (dirty.length) {
    check();
    const found: Finding[] = [];
    for (let b = 0; b < dirty.length; b += RULE_BATCH) {
      await breathe();
      const batch = runRules(perDocument, makeModel(dirty.slice(b, b + RULE_BATCH).flatMap((i) => chunkObjects[i])), settings, input, true);
      if (batch === 'threw') return fallback(input, cache, 'a per-document rule failed', chunks.length);
      for (const f of batch) found.push(f);
    }
    const byChunk = new Map<number, Finding[]>(dirty.map((i) => [i, []]));
    const startLines = chunks.map((c) => c.line);
    for (const f of found) {
      const i = lastAtMost(startLines, f.range.start.line);
      const list = byChunk.get(i);
      if (!list || !within(f, chunks[i])) {
        clearIncrementalCache(cache);
        return fallback(input, cache, 'a per-document rule reported outside the document it checked', chunks.length);
      }
      list.push(f);
    }
    for (const [i, list] of byChunk) {
      const c = chunks[i];
      c.local = { key: localKey, findings: relative(list, c.line) };
      c.version++;
    }
  }
  const relinted = dirty.length;
  const msDocumentRules = lap();

  for (const c of chunks) {
    if (c.schema?.key === settingsKey) continue;
    await breathe();
    check();
    c.schema = { key: settingsKey, ...(await schemaFindings(c, schemaRule, settings, input.uri, yamlService)) };
  }
  check();
  const msSchema = lap();

  // File-scope rules, one at a time: on the chunks whose cached findings are keyed by other settings
  // or other objects of the kinds the rule reads (then on all of them).
  const fileFindings: Finding[] = [];
  const fileInput = { ...input, workspace };
  const workspaceKey = idOf(workspace);
  let fileRelinted = 0;
  for (const rule of fileScope) {
    const forget = () => {
      for (const c of chunks) if (c.file?.delete(rule.id)) c.version++;
    };
    if (effectiveSeverity(rule, settings) === 'off') {
      forget();
      continue;
    }
    const deps = rule.dependsOn!;
    const uncached = () => {
      forget();
      fileFindings.push(...(runRules([rule], model, settings, fileInput, false) as Finding[]));
    };
    if (deps === 'always') {
      uncached();
      continue;
    }
    const key = `${localKey}.${workspaceKey}.${dependencyGeneration(cache.dependencies, rule.id, deps, objects)}`;
    const stale = chunks.map((c, i) => (c.file?.get(rule.id)?.key === key ? -1 : i)).filter((i) => i >= 0);
    if (!stale.length) continue;
    await breathe();
    check();
    fileRelinted += stale.length;
    let checked = model;
    if (stale.length < chunks.length) {
      // Only the stale chunks' objects are checked; of the rest of the file the rule sees the kinds it depends on.
      const own = stale.flatMap((i) => chunkObjects[i]);
      const members = new Set(own);
      const kinds = deps.kinds;
      checked = makeModel(own, objects.filter((o) => members.has(o) || kinds === 'all' || kinds.includes(o.kind)));
    }
    const found = runRules([rule], checked, settings, fileInput, true);
    if (found === 'threw') {
      uncached();
      continue;
    }
    const byChunk = new Map<number, Finding[]>(stale.map((i) => [i, []]));
    const startLines = chunks.map((c) => c.line);
    let outside = false;
    for (const f of found) {
      const i = lastAtMost(startLines, f.range.start.line);
      const list = byChunk.get(i);
      if (!list || !within(f, chunks[i])) {
        outside = true;
        break;
      }
      list.push(f);
    }
    // A finding outside the document it is about cannot be cached with that document.
    if (outside) {
      uncached();
      continue;
    }
    for (const [i, list] of byChunk) {
      const c = chunks[i];
      const findings = relative(list, c.line);
      const prev = c.file?.get(rule.id);
      // Checked again with the same outcome (the usual case when a document the rule depends on
      // changed): the chunk's findings stay the same objects.
      if (prev && sameFindings(prev.findings, findings)) {
        prev.key = key;
        continue;
      }
      (c.file ??= new Map()).set(rule.id, { key, findings });
      c.version++;
    }
  }
  const msFileRules = lap();

  // 4. Suppressions, positions, order: as lint() does it.
  const byId = new Map(rules.map((r) => [r.id, r]));
  const kept: Finding[] = [];
  const startLines = chunks.map((c) => c.line);
  // yaml-language-server checks a file's documents in order and stops at one whose check throws.
  let schemaStopped = false;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const prevTail = i > 0 ? chunks[i - 1].tail : [];
    const s = suppressionsOf(c, prevTail);
    if (c.schema!.findings.length && !schemaStopped) {
      const schema = c.schema!.findings.map((f) => clampFinding(shiftFinding(f, c.line), lines));
      for (const f of schema) if (!s.isSuppressed(f.range.start.line - c.line + s.shift, byId.get(f.ruleId), f)) kept.push(f);
    }
    if (c.schema!.aborted) schemaStopped = true;
    // The rule findings of a chunk that neither moved to another line nor changed are the same objects as last time.
    const tail = prevTail.join('\n');
    if (c.kept?.line !== c.line || c.kept.tail !== tail || c.kept.version !== c.version) {
      const own: Finding[] = [];
      const add = (list: Finding[]) => {
        for (const f of list) {
          if (s.isSuppressed(f.range.start.line + s.shift, byId.get(f.ruleId), f)) continue;
          own.push(c.line === 0 ? f : shiftFinding(f, c.line));
        }
      };
      add(c.local!.findings);
      if (c.file) for (const cached of c.file.values()) add(cached.findings);
      c.kept = { line: c.line, tail, version: c.version, findings: own.length ? own : NO_FINDINGS };
    }
    for (const f of c.kept.findings) kept.push(f);
  }
  for (const f of fileFindings) {
    const i = lastAtMost(startLines, f.range.start.line);
    const c = chunks[i];
    const s = suppressionsOf(c, i > 0 ? chunks[i - 1].tail : []);
    if (!s.isSuppressed(f.range.start.line - c.line + s.shift, byId.get(f.ruleId), f)) kept.push(f);
  }
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  cache.stats = {
    mode: 'incremental', chunks: chunks.length, parsed, relinted, fileRelinted,
    ms: { chunks: msChunks, documentRules: msDocumentRules, schema: msSchema, fileRules: msFileRules, assemble: lap() },
  };
  return { language: 'kubernetes', findings: kept, model };
}

/**
 * The file's LineIndex, answered from the chunks' own (every chunk but the last ends with a line
 * break, so the next one starts a line), with the `eol` merged from the chunks: no pass over the
 * whole text, and no table of all its lines, on every call.
 */
class FileLines extends LineIndex {
  /** Per chunk: offset and first line in the file, and its own line starts. */
  private readonly offsets: number[];
  private readonly firstLines: number[];
  private readonly chunkStarts: (readonly number[])[];
  private readonly count: number;

  constructor(text: string, private readonly lineBreak: string, chunks: readonly Chunk[]) {
    super(text, [0]);
    this.offsets = chunks.map((c) => c.offset);
    this.firstLines = chunks.map((c) => c.line);
    this.chunkStarts = chunks.map((c) => c.lines.lineStarts);
    const last = chunks.length - 1;
    this.count = last < 0 ? 1 : this.firstLines[last] + this.chunkStarts[last].length;
  }

  override get eol(): string {
    return this.lineBreak;
  }

  override get lineCount(): number {
    return this.count;
  }

  override get lineStarts(): readonly number[] {
    const out: number[] = [];
    for (let l = 0; l < this.count; l++) out.push(this.startOf(l));
    return out;
  }

  /** Offset at which `line` (0 <= line < lineCount) starts. */
  private startOf(line: number): number {
    if (!this.offsets.length) return 0;
    const k = lastAtMost(this.firstLines, line);
    return this.offsets[k] + this.chunkStarts[k][line - this.firstLines[k]];
  }

  override positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    if (!this.offsets.length) return { line: 0, character: offset };
    const k = lastAtMost(this.offsets, offset);
    const starts = this.chunkStarts[k];
    const rel = offset - this.offsets[k];
    const l = lastAtMost(starts, rel);
    return { line: this.firstLines[k] + l, character: rel - starts[l] };
  }

  override offsetAt(pos: Position): number {
    if (pos.line >= this.count) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.startOf(pos.line);
    const end = this.lineEnd(pos.line);
    return Math.max(start, Math.min(start + pos.character, end));
  }

  override lineEnd(line: number): number {
    if (line + 1 < this.count) {
      const start = this.startOf(line);
      let end = this.startOf(line + 1) - 1;
      if (end > start && this.text[end] === '\n' && this.text[end - 1] === '\r') end--;
      return end;
    }
    return this.text.length;
  }

  override lineText(line: number): string {
    if (line < 0 || line >= this.count) return '';
    return this.text.slice(this.startOf(line), this.lineEnd(line));
  }
}

function schemaKey(service: KubernetesYamlService): string {
  return service.schemaCacheKey;
}

/** Parses one chunk; its nodes get the offsets of `offset` in the file. */
function parseChunk(slice: string, offset: number): Chunk {
  const text = ownCopy(slice);
  const m = new KubernetesModel(text);
  const ranges = new Set<number[]>();
  for (const d of m.docs) collectRanges(d, ranges);
  const chunkRanges = [...ranges];
  for (const r of chunkRanges) shiftRange(r, offset);
  const lines = m.lines;
  let unsafe: string | undefined;
  if (m.docs.some((d) => d.errors.some((e) => e.code === 'MISSING_CHAR' && /closing ["']quote/.test(e.message)))) {
    // An unterminated quoted scalar: the lexer looks for the closing quote beyond this document.
    unsafe = 'an unterminated quoted scalar';
  } else if (DIRECTIVE.test(text)) unsafe = 'a % directive';
  else if (MODELINE.test(text)) unsafe = 'a yaml-language-server modeline';
  else if (text.includes('yaml-language-server-disable')) unsafe = 'a yaml-language-server-disable comment';
  const style: StyleCounts = { steps: new Map(), indented: 0, flush: 0, crlf: 0, lf: 0 };
  let prevIndent = 0;
  let prevKey: { keyCol: number } | undefined;
  let tail: string[] = [];
  for (let i = 0; i < lines.lineCount; i++) {
    const raw = lines.lineText(i);
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      if (HADOLINT_GLOBAL.test(trimmed)) unsafe ??= 'a hadolint global ignore';
      if (SUPPRESSION_COMMENT.test(trimmed)) tail.push(raw);
    }
    if (!trimmed || trimmed.startsWith('#')) continue;
    tail = [];
    // KubernetesModel.indentUnit()
    const indent = raw.length - raw.trimStart().length;
    if (indent > prevIndent) style.steps.set(indent - prevIndent, (style.steps.get(indent - prevIndent) ?? 0) + 1);
    prevIndent = indent;
    // KubernetesModel.indentsSequences()
    const dash = /^(\s*)-\s/.exec(raw);
    if (prevKey && dash) {
      if (dash[1].length > prevKey.keyCol) style.indented++;
      else if (dash[1].length === prevKey.keyCol) style.flush++;
    }
    const key = /^(\s*(?:-\s+)?)[^\s#'"{[][^:#]*:\s*(#.*)?$/.exec(raw);
    prevKey = key ? { keyCol: key[1].length } : undefined;
  }
  // LineIndex.eol
  style.crlf = (text.match(/\r\n/g) ?? []).length;
  style.lf = (text.match(/\n/g) ?? []).length - style.crlf;
  const objects = m.objects;
  return {
    text,
    breaks: lines.lineCount - 1,
    lines,
    docs: m.docs,
    objects,
    ranges: chunkRanges,
    offset,
    line: 0,
    style,
    scopes: annotationScopes(objects),
    tail,
    unsafe,
    empty: m.docs.every((d) => d.contents === null && d.errors.length === 0 && d.warnings.length === 0),
    nul: text.includes('\u0000'),
    version: 0,
  };
}

function mergeStyles(styles: StyleCounts[]): { unit: number; indentsSequences: boolean; eol: string } {
  const steps = new Map<number, number>();
  let indented = 0;
  let flush = 0;
  let crlf = 0;
  let lf = 0;
  for (const s of styles) {
    for (const [step, n] of s.steps) steps.set(step, (steps.get(step) ?? 0) + n);
    indented += s.indented;
    flush += s.flush;
    crlf += s.crlf;
    lf += s.lf;
  }
  let unit = 2;
  let best = 0;
  for (const [step, n] of steps) if (n > best && step >= 2 && step <= 8) [unit, best] = [step, n];
  return { unit, indentsSequences: indented >= flush, eol: crlf > lf ? '\r\n' : '\n' };
}

/** Points the chunk's nodes at its new place in the file. */
function moveChunk(c: Chunk, offset: number, line: number): void {
  const dOffset = offset - c.offset;
  if (dOffset !== 0) for (const r of c.ranges) shiftRange(r, dOffset);
  c.offset = offset;
  c.line = line;
}

function shiftRange(r: number[] | undefined, d: number): void {
  if (!r) return;
  for (let i = 0; i < r.length; i++) r[i] += d;
}

/** The position arrays of a document (its range, its errors' and warnings', every node's). */
function collectRanges(doc: Document.Parsed, out: Set<number[]>): void {
  if (doc.range) out.add(doc.range as number[]);
  for (const e of doc.errors) if (e.pos) out.add(e.pos);
  for (const w of doc.warnings) if (w.pos) out.add(w.pos);
  walkNodes(doc.contents, out);
}

/** Collects every node's range. */
function walkNodes(node: unknown, out: Set<number[]>): void {
  if (!node || typeof node !== 'object') return;
  if (isPair(node)) {
    walkNodes(node.key, out);
    walkNodes(node.value, out);
    return;
  }
  const r = (node as Node).range as number[] | undefined;
  if (r) out.add(r);
  if (isMap(node) || isSeq(node)) for (const item of node.items) walkNodes(item, out);
}

/** The runner's rule loop (runner.ts lint()). 'threw' when `stopOnThrow` and a rule threw. */
function runRules(rules: Rule[], model: KubernetesModel, settings: EngineSettings, input: LintInput, stopOnThrow: boolean): Finding[] | 'threw' {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, settings);
    if (severity === 'off') continue;
    const error = runCheck(rule, model, settings, input, severity, findings);
    if (error === undefined) continue;
    if (stopOnThrow) return 'threw';
    findings.push(ruleFailure(rule, error));
  }
  return findings;
}

/** Numbers for long cache keys (settings as JSON, layout), so that cached entries hold short ones. */
const keyIds = new Map<string, number>();

function idOfKey(key: string): number {
  let id = keyIds.get(key);
  if (id === undefined) {
    // Settings change rarely; a long session that saw very many just starts numbering again.
    if (keyIds.size > 1000) keyIds.clear();
    keyIds.set(key, (id = ++nextKeyId));
  }
  return id;
}
let nextKeyId = 0;

const workspaceIds = new WeakMap<object, number>();
let nextWorkspaceId = 0;

/** A number per workspace view object (the server hands the same view until another file changes). */
function idOf(view: object): number {
  let id = workspaceIds.get(view);
  if (id === undefined) workspaceIds.set(view, (id = ++nextWorkspaceId));
  return id;
}

/** What each rule read of each object's JSON (see CrossDocumentReads). */
const projections = new Map<string, WeakMap<object, unknown>>();

/**
 * A number that changes whenever what `rule` reads of the file's objects changes: the kinds of the
 * objects it depends on, in order, and what it reads of each (unchanged documents keep their JSON
 * objects; re-parsed ones are compared by content).
 */
function dependencyGeneration(deps: Dependencies, ruleId: string, wanted: Exclude<CrossDocumentReads, 'always'>, objects: readonly KubeObject[]): number {
  let projected = projections.get(ruleId);
  if (!projected) projections.set(ruleId, (projected = new WeakMap()));
  const entries: unknown[] = [];
  for (const o of objects) {
    if (wanted.kinds !== 'all' && !wanted.kinds.includes(o.kind)) continue;
    const json = objectJson(o);
    let value: unknown;
    // An object without JSON: its node (new whenever its document changes).
    if (!json || typeof json !== 'object' || Array.isArray(json)) value = o.map;
    else if (!wanted.fields) value = json;
    else if (projected.has(json)) value = projected.get(json);
    else projected.set(json, (value = wanted.fields(json as Json)));
    entries.push(o.kind, value);
  }
  const prev = deps.byRule.get(ruleId);
  if (prev && prev.entries.length === entries.length && entries.every((e, i) => sameJson(e, prev.entries[i]))) {
    prev.entries = entries;
    return prev.generation;
  }
  const generation = (prev?.generation ?? 0) + 1;
  deps.byRule.set(ruleId, { entries, generation });
  return generation;
}

/** Shared by the many chunks and rules without findings. */
const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[];

/** Findings of the chunk at `line`, made relative to it. */
function relative(list: Finding[], line: number): Finding[] {
  if (!list.length) return NO_FINDINGS;
  return line === 0 ? list : list.map((f) => shiftFinding(f, -line));
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

/** Whether two lists of findings say the same (rule, message, severity, range, fixes and tags). */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.ruleId !== y.ruleId || x.messageId !== y.messageId || x.message !== y.message || x.severity !== y.severity || !sameRange(x.range, y.range)) return false;
    if ((x.tags ?? []).join('\u0000') !== (y.tags ?? []).join('\u0000') || (x.tags === undefined) !== (y.tags === undefined)) return false;
    if (x.fixes.length !== y.fixes.length) return false;
    for (let k = 0; k < x.fixes.length; k++) {
      const fx = x.fixes[k];
      const fy = y.fixes[k];
      if (fx.title !== fy.title || fx.safe !== fy.safe || fx.edits.length !== fy.edits.length) return false;
      if (fx.edits.some((e, j) => e.newText !== fy.edits[j].newText || !sameRange(e.range, fy.edits[j].range))) return false;
    }
    if (Object.keys(x).length !== Object.keys(y).length) return false;
  }
  return true;
}

/** Whether a finding and its fixes stay inside the chunk (its last line is the next chunk's first). */
function within(f: Finding, c: Chunk): boolean {
  const inside = (p: Position) => p.line >= c.line && p.line <= c.line + c.breaks;
  if (!inside(f.range.start) || !inside(f.range.end)) return false;
  return f.fixes.every((fix) => fix.edits.every((e) => inside(e.range.start) && inside(e.range.end)));
}

function shiftPosition(p: Position, d: number): Position {
  return { line: p.line + d, character: p.character };
}

function shiftRangeBy(r: Range, d: number): Range {
  return { start: shiftPosition(r.start, d), end: shiftPosition(r.end, d) };
}

/** runner.ts runProvider(): library ranges can end past a line's end; keep them inside the text. */
function clampFinding(f: Finding, lines: LineIndex): Finding {
  const clamp = (p: Position): Position => lines.positionAt(lines.offsetAt(p));
  return { ...f, range: { start: clamp(f.range.start), end: clamp(f.range.end) } };
}

function shiftFinding(f: Finding, d: number): Finding {
  return {
    ...f,
    range: shiftRangeBy(f.range, d),
    fixes: f.fixes.length ? f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, range: shiftRangeBy(e.range, d) })) })) : f.fixes,
  };
}


/** The schema rule's findings for one chunk (runner.ts runProvider()), chunk-relative. */
async function schemaFindings(c: Chunk, rule: Rule | undefined, settings: EngineSettings, uri: string | undefined, service: KubernetesYamlService | undefined): Promise<{ findings: Finding[]; aborted: boolean }> {
  if (!rule || !service || !settings.providers.kubernetesSchema || c.empty) return { findings: NO_FINDINGS, aborted: false };
  const severity = effectiveSeverity(rule, settings);
  if (severity === 'off') return { findings: NO_FINDINGS, aborted: false };
  const { diagnostics, aborted } = await service.validateDocument(uri ?? 'file:///shipshape/untitled.yaml', c.text);
  // Positions are clamped to the text later, against the whole file: a range can end on this
  // chunk's last line, which is the next chunk's `---` line.
  const findings = diagnostics.map((d): Finding => ({
    ruleId: rule.id,
    messageId: 'problem',
    message: d.message,
    severity,
    // A syntax problem starting on the chunk's last (empty) line runs to the end of that line, which
    // in the file is the next chunk's `---` line.
    range: d.range.start.line === c.breaks ? { start: d.range.start, end: { line: d.range.start.line, character: Number.MAX_SAFE_INTEGER } } : d.range,
    fixes: [],
  }));
  return { findings: findings.length ? findings : NO_FINDINGS, aborted };
}

/** Index of the last value in ascending `sorted` that is at most `v` (0 when none is): the chunk holding a line, from the chunks' start lines. */
function lastAtMost(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface ChunkSuppressions {
  shift: number;
  isSuppressed(line: number, rule: Rule | undefined, f: Finding): boolean;
}

/**
 * The chunk's suppressions. A suppression comment at the end of the previous chunk applies to this
 * chunk's first line (the `---`), so those comment lines are put in front (hence `shift`).
 */
function suppressionsOf(c: Chunk, prevTail: string[]): ChunkSuppressions {
  const tailKey = prevTail.join('\n');
  if (c.suppressions?.tail !== tailKey) {
    const n = prevTail.length;
    const lines = {
      lineCount: c.lines.lineCount + n,
      lineText: (i: number) => (i < n ? prevTail[i] : c.lines.lineText(i - n)),
    } as unknown as LineIndex;
    const scopes = n ? c.scopes.map((s) => ({ ...s, range: shiftRangeBy(s.range, n) })) : c.scopes;
    c.suppressions = { tail: tailKey, s: new Suppressions(lines, 'kubernetes', scopes) };
  }
  const s = c.suppressions.s;
  const shift = prevTail.length;
  return {
    shift,
    isSuppressed(line, rule, f) {
      const probe = line === f.range.start.line ? f : { ...f, range: { start: { line, character: f.range.start.character }, end: f.range.end } };
      return s.isSuppressed(probe, rule);
    },
  };
}
