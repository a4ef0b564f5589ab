/**
 * Renders a chart with Helm, lints the rendered manifests with Shipshape's Kubernetes rules and
 * schemas, and maps every finding and Helm error back to the template line (and column) that
 * produced it. The mapping is exact: a second `helm template --debug` renders a copy of the chart
 * whose templates carry a marker before each line of literal text (see gotemplate.ts), so each
 * rendered character is known to be template text (file, offset) or output of one `{{ }}` action.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { lint } from '../engine/runner';
import type { EngineSettings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { Finding, Range } from '../engine/types';
import type { KubernetesYamlService } from '../languages/kubernetes/yamlService';
import { chartByName, fileForSource, loadChart, valuesPaths, valuesSources, type ChartLayout, type ChartNode, type ValuesSource } from './chart';
import { instrument, originAt, stripMarkers, tokenize, writesOutput, type Piece, type Stripped, type TemplateAction, type TokenizedTemplate } from './gotemplate';
import { checkOptions, execHelm, findHelm, helmArgs, helmVersion, materializeValues, HelmCancelledError, type ExecOptions, type ExecResult, type HelmInfo, type HelmOptions } from './run';
import { parseDump, parseHelmErrors, splitManifests, splitRender, type HelmProblem, type RenderedDocument } from './split';

/** Rule id of Helm errors reported as findings (CLI, Problems panel). */
export const HELM_ERROR_ID = 'helm/render-error';

export interface PreviewRequest {
  /** Chart folder. */
  chart: string;
  options?: HelmOptions;
  /** Helm executable or name (setting `shipshape.helm.path`, CLI `--helm`); PATH when absent. */
  helmPath?: string;
  /** For the whole preview (both Helm runs); default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Relative values files and the chart are resolved against this; default process.cwd(). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Engine settings (rule severities); defaults when absent. */
  settings?: EngineSettings;
  /** Schema validation; without it only Shipshape's rules run. */
  yaml?: KubernetesYamlService;
  /** Skip linting (render and Helm errors only). */
  lint?: boolean;
}

/** How a rendered position was traced back to the template. */
export type MappingKind =
  /** Literal template text: exact line and column. */
  | 'literal'
  /** Output of a `{{ }}` action: the range of that action. */
  | 'expression'
  /** CRD files and other files Helm prints unchanged. */
  | 'verbatim'
  /** Not traced (a packaged subchart, or the instrumented render differed): the template's first line. */
  | 'file'
  | 'none';

export interface MappedFinding extends Finding {
  /** Template (or values/schema/Chart.yaml) file on disk; absent when unknown. */
  file?: string;
  /** Range in `file`. */
  fileRange?: Range;
  mapping: MappingKind;
  /** Range in the rendered preview text. */
  renderedRange?: Range;
  /** `# Source:` name of the rendered document. */
  source?: string;
  /** Which values sources produced it (and, for expressions, which source set each `.Values` path). */
  note: string;
}

export interface PreviewDocument extends Omit<RenderedDocument, 'content'> {
  /** Template file on disk (absent for packaged subcharts). */
  file?: string;
  /** Line of the `# Source:` comment in `rendered`. */
  sourceLine: number;
}

export interface PreviewResult {
  helm: HelmInfo;
  /** The arguments Helm ran with (without the executable). */
  args: string[];
  ok: boolean;
  exitCode: number;
  /** What the preview shows: the manifests with `# Source:` lines (and, after a failure, the error). */
  rendered: string;
  documents: PreviewDocument[];
  /** Helm's errors, located on template lines where Helm names one. */
  problems: MappedFinding[];
  findings: MappedFinding[];
  notes?: string;
  stderr: string;
  warnings: string[];
  /** Values sources in precedence order (lowest first), as shown in notes. */
  valuesLabels: string[];
  timings: { helmMs: number; probeMs?: number; lintMs: number; totalMs: number };
}

export interface TemplateFile {
  id: number;
  path: string;
  text: string;
  lines: LineIndex;
  tokens: TokenizedTemplate;
  /** Names Helm gives it (one per prefix of its chart). */
  sources: string[];
  /** Its chart's prefixes (`parent/charts/api`), parallel to `sources`, for values notes. */
  prefixes: string[];
}

/** Instrumented render: markers per output file, and what they point at. */
export interface Probe {
  files: TemplateFile[];
  pieces: Piece[];
  /** Stripped output per Helm file name. */
  outputs: Map<string, Stripped>;
  exec?: ExecResult;
  error?: string;
}

const PROBE_FILE = 'zz-shipshape-probe.yaml';

function walkTemplates(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every template of the chart and its unpacked subcharts, tokenized. Partials (`_*`) included. */
export function templateFiles(layout: ChartLayout): TemplateFile[] {
  const files: TemplateFile[] = [];
  for (const node of layout.all) {
    const tdir = path.join(node.dir, 'templates');
    for (const file of walkTemplates(tdir)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const rel = path.relative(tdir, file).split(path.sep).join('/');
      files.push({ id: files.length, path: file, text, lines: new LineIndex(text), tokens: tokenize(text), sources: node.prefixes.map((p) => `${p}/templates/${rel}`), prefixes: node.prefixes });
    }
  }
  return files;
}

/** Whether Helm renders the file as output (not a partial, not NOTES.txt). */
function isRendered(file: string): boolean {
  const base = path.basename(file);
  return !base.startsWith('_') && base !== 'NOTES.txt';
}

/**
 * Copies the chart, instruments its templates (unless `markers` is false), adds a file that is
 * never valid YAML (so Helm stops before sorting and, with --debug, prints every file as rendered),
 * and renders the copy. Exported for the tests, which check that markers change nothing else.
 */
export async function probeRender(info: HelmInfo, layout: ChartLayout, files: TemplateFile[], options: HelmOptions, exec: ExecOptions, cwd: string, markers = true): Promise<Probe> {
  const pieces: Piece[] = [];
  const result: Probe = { files, pieces, outputs: new Map() };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-helm-'));
  try {
    const copy = path.join(tmp, path.basename(layout.root.dir));
    fs.cpSync(layout.root.dir, copy, {
      recursive: true,
      dereference: true,
      filter: (src) => !/(^|[\\/])\.git$/.test(src),
    });
    for (const f of files) {
      if (!markers || !isRendered(f.path)) continue;
      const target = path.join(copy, path.relative(layout.root.dir, f.path));
      fs.writeFileSync(target, instrument(f.text, f.tokens, f.id, pieces));
    }
    fs.mkdirSync(path.join(copy, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'templates', PROBE_FILE), 'shipshape-probe: [\n');
    // --show-only would re-split the dump; CRDs are not templates.
    const probeOptions: HelmOptions = { ...options, mode: 'template', showOnly: undefined, includeCrds: false };
    const args = [...helmArgs(info, copy, probeOptions, cwd)];
    args.splice(args.indexOf('--'), 0, '--debug');
    const res = await execHelm(info.path, args, exec);
    result.exec = res;
    const root = layout.root.name;
    const dump = parseDump(res.stdout, (n) => n.startsWith(root + '/'));
    for (const [name, content] of dump) if (!name.endsWith('/' + PROBE_FILE)) result.outputs.set(name, stripMarkers(content));
    if (dump.size === 0) result.error = res.stderr.trim().split('\n').find((l) => l.startsWith('Error:')) ?? 'no output';
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return result;
}

/** A position in a template file and how it was found. */
interface Traced {
  file: TemplateFile;
  offset: number;
  action?: TemplateAction;
  kind: 'literal' | 'expression';
}

class Mapper {
  private readonly byId: Map<number, TemplateFile>;
  private readonly used = new Map<string, Set<number>>();

  constructor(private readonly probe: Probe | undefined) {
    this.byId = new Map((probe?.files ?? []).map((f) => [f.id, f]));
  }

  /** The probe's copy of a rendered document: its stripped text and where the document starts. */
  locate(doc: RenderedDocument): { out: Stripped; start: number; text: string } | undefined {
    if (!this.probe || !doc.source) return undefined;
    const out = this.probe.outputs.get(doc.source);
    if (!out) return undefined;
    const spans = splitManifests(out.text);
    const used = this.used.get(doc.source) ?? new Set<number>();
    this.used.set(doc.source, used);
    const want = doc.content.trim();
    let k = spans.findIndex((s, i) => !used.has(i) && s.text === want);
    // Random values (randAlphaNum, uuidv4, now) differ between the two renders: same line count then.
    if (k < 0) k = spans.findIndex((s, i) => !used.has(i) && s.text.split('\n').length === want.split('\n').length);
    if (k < 0) return undefined;
    used.add(k);
    return { out, start: spans[k].start, text: spans[k].text };
  }

  trace(out: Stripped, offset: number): Traced | undefined {
    if (!this.probe) return undefined;
    const o = originAt(out, this.probe.pieces, offset);
    if (o.kind === 'unknown') return undefined;
    const file = this.byId.get(o.file);
    if (!file) return undefined;
    if (o.kind === 'literal') return { file, offset: o.offset, kind: 'literal' };
    const action = file.tokens.actions[o.action];
    return action ? { file, offset: action.start, action, kind: 'expression' } : undefined;
  }
}

function utf16Column(line: string, byteColumn: number): number {
  const buf = Buffer.from(line, 'utf8');
  return buf.subarray(0, Math.min(byteColumn, buf.length)).toString('utf8').length;
}

function lineRange(lines: LineIndex, line: number): Range {
  const text = lines.lineText(line);
  const first = text.length - text.trimStart().length;
  return { start: { line, character: first }, end: { line, character: text.trimEnd().length } };
}

function actionAtOffset(file: TemplateFile, offset: number): TemplateAction | undefined {
  return file.tokens.actions.find((a) => a.start <= offset && offset < a.end);
}

function describeSources(paths: string[][], sources: ValuesSource[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const key = p.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    const setters = sources.filter((s) => s.sets(p));
    if (!setters.length) out.push(`.Values.${key} is set by no values source`);
    else {
      const winner = setters[setters.length - 1];
      const others = setters.slice(0, -1).reverse().map((s) => s.label);
      out.push(`.Values.${key} from ${winner.label}${others.length ? ` (over ${others.join(', ')})` : ''}`);
    }
  }
  return out;
}

/** `.Values` paths an action reads, including the context of enclosing `with`/`range` for `.x`. */
function actionValuesPaths(file: TemplateFile, action: TemplateAction): string[][] {
  const paths = valuesPaths(action.inner);
  if (paths.length) return paths;
  // `{{ toYaml . }}` inside `{{ with .Values.resources }}`: the dot is .Values.resources.
  const rel = /(?:^|[\s(|])\.((?:[A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)*)?(?=$|[\s)|}])/.exec(action.inner);
  if (!rel) return [];
  let parent = action.parent;
  while (parent !== undefined) {
    const p = file.tokens.actions[parent];
    if (p.kind === 'with' || p.kind === 'range') {
      const outer = valuesPaths(p.inner);
      if (outer.length) return [[...outer[0], ...(p.kind === 'with' && rel[1] ? rel[1].split('.') : [])]];
      return [];
    }
    parent = p.parent;
  }
  return [];
}

const defineRe = /^\s*(?:define|block)\s+"([^"]+)"/;
const includeRe = /\b(?:include|template)\s+"([^"]+)"/g;

/** Where each named template is defined (for notes on `include` output). */
function defineIndex(files: TemplateFile[]): Map<string, { file: TemplateFile; line: number }> {
  const index = new Map<string, { file: TemplateFile; line: number }>();
  for (const f of files) {
    for (const a of f.tokens.actions) {
      const m = a.kind === 'define' || a.kind === 'block' ? defineRe.exec(a.inner) : null;
      if (m && !index.has(m[1])) index.set(m[1], { file: f, line: f.lines.positionAt(a.start).line });
    }
  }
  return index;
}

/** Builds the preview text from rendered documents: `---`, `# Source:`, content, per document. */
function previewText(docs: RenderedDocument[]): { text: string; lines: { doc: number; line: number; sourceLine: number }[] } {
  const parts: string[] = [];
  const lines: { doc: number; line: number; sourceLine: number }[] = [];
  let at = 0;
  docs.forEach((d, i) => {
    parts.push('---');
    const sourceLine = d.source ? at + 1 : at;
    if (d.source) parts.push(`# Source: ${d.source}`);
    const content = d.content.split('\n');
    parts.push(...content);
    lines.push({ doc: i, line: (d.source ? 2 : 1) + at, sourceLine });
    at += (d.source ? 2 : 1) + content.length;
  });
  return { text: parts.length ? parts.join('\n') + '\n' : '', lines };
}

function showOnlyMatches(source: string, root: string, patterns: string[]): boolean {
  const rel = source.startsWith(root + '/') ? source.slice(root.length + 1) : source;
  return patterns.some((p) => {
    const re = new RegExp('^' + p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
    return re.test(rel);
  });
}

/** Renders, lints and maps. Throws HelmNotFoundError / HelmTimeoutError / HelmCancelledError. */
export async function previewChart(req: PreviewRequest): Promise<PreviewResult> {
  const started = Date.now();
  const cwd = req.cwd ?? process.cwd();
  const chartDir = path.resolve(cwd, req.chart);
  const options: HelmOptions = req.options ?? {};
  const timeoutMs = req.timeoutMs ?? 60_000;
  const deadline = started + timeoutMs;
  const exec = (): ExecOptions => ({ cwd, env: req.env, signal: req.signal, timeoutMs: Math.max(1, deadline - Date.now()) });

  const helmPath = findHelm(req.helmPath, req.env ?? process.env);
  const info = await helmVersion(helmPath, exec());
  const warnings = checkOptions(info, options);
  const layout = loadChart(chartDir);
  const files = templateFiles(layout);
  const sources = valuesSources(layout, options.valuesFiles ?? [], options.set ?? [], cwd);
  // Piped values files (`-f <(...)`) are read once, for both renders.
  const values = await materializeValues(options.valuesFiles ?? [], cwd, { signal: req.signal, deadline });
  try {
    return await renderAndMap(req, { started, cwd, chartDir, options: { ...options, valuesFiles: values.paths }, exec, info, warnings, layout, files, sources });
  } finally {
    values.cleanup();
  }
}

interface RenderContext {
  started: number;
  cwd: string;
  chartDir: string;
  options: HelmOptions;
  exec: () => ExecOptions;
  info: HelmInfo;
  warnings: string[];
  layout: ChartLayout;
  files: TemplateFile[];
  sources: ValuesSource[];
}

async function renderAndMap(req: PreviewRequest, ctx: RenderContext): Promise<PreviewResult> {
  const { started, cwd, chartDir, options, exec, info, warnings, layout, files, sources } = ctx;
  const args = helmArgs(info, chartDir, options, cwd);
  const sourcesByPrefix = new Map<string, ValuesSource[]>([[layout.root.prefixes[0], sources]]);
  const sourcesFor = (prefix: string): ValuesSource[] => {
    let s = sourcesByPrefix.get(prefix);
    if (!s) sourcesByPrefix.set(prefix, (s = valuesSources(layout, req.options?.valuesFiles ?? [], options.set ?? [], cwd, prefix)));
    return s;
  };

  // The render the user sees and the instrumented one for mapping run side by side.
  const probeStarted = Date.now();
  let probeMs: number | undefined;
  const probePromise = probeRender(info, layout, files, options, exec(), cwd)
    .then((p) => { probeMs = Date.now() - probeStarted; return p; })
    .catch((err: unknown) => {
      if (err instanceof HelmCancelledError) throw err;
      return undefined;
    });
  // Awaited below; until then a cancellation must not count as an unhandled rejection.
  probePromise.catch(() => undefined);
  let main: ExecResult;
  try {
    main = await execHelm(info.path, args, exec());
  } catch (err) {
    await probePromise.catch(() => undefined);
    throw err;
  }
  const probed = await probePromise;
  const helmMs = main.durationMs;

  const split = main.code === 0 ? splitRender(main.stdout) : { documents: [] as RenderedDocument[] };
  let docs = split.documents;
  if (main.code === 0 && options.mode && options.mode !== 'template' && options.showOnly?.length) {
    docs = docs.filter((d) => d.source && showOnlyMatches(d.source, layout.root.name, options.showOnly!));
  }
  const mapper = new Mapper(probed);
  const defines = defineIndex(files);
  const baseNote = `Rendered with ${sources.length ? sources.map((s) => s.label).join(', ') : 'no values'}.`;
  const fileBySource = new Map<string, TemplateFile>();
  for (const f of files) for (const s of f.sources) fileBySource.set(s, f);

  /** The base note plus, for the actions in a mapped range, where their values and helpers come from. */
  const noteFor = (file: TemplateFile, startOffset: number, endOffset: number, source?: string): string => {
    const parts: string[] = [];
    const k = source ? file.sources.indexOf(source) : -1;
    const prefix = file.prefixes[k >= 0 ? k : 0];
    for (const a of file.tokens.actions) {
      if (!writesOutput(a) || a.end <= startOffset || a.start >= Math.max(endOffset, startOffset + 1)) continue;
      parts.push(...describeSources(actionValuesPaths(file, a), sourcesFor(prefix)));
      for (const m of a.inner.matchAll(includeRe)) {
        const def = defines.get(m[1]);
        if (def) parts.push(`"${m[1]}" is defined in ${path.basename(def.file.path)}:${def.line + 1}`);
      }
    }
    return [baseNote, ...[...new Set(parts)].map((p) => p + '.')].join(' ');
  };

  // --- Helm's errors.
  const problems: MappedFinding[] = [];
  const problemFinding = (p: HelmProblem, file: string | undefined, range: Range, mapping: MappingKind, extra = ''): MappedFinding => ({
    ruleId: HELM_ERROR_ID,
    messageId: p.kind,
    message: `Helm: ${p.message}${extra}`,
    severity: 'error',
    range,
    fixes: [],
    ...(file ? { file, fileRange: range } : {}),
    mapping,
    ...(p.file ? { source: p.file } : {}),
    note: baseNote,
  });
  const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const chartYaml = path.join(layout.root.dir, 'Chart.yaml');
  if (main.code !== 0) {
    const parsed = parseHelmErrors(main.stderr);
    if (!parsed.length) parsed.push({ kind: 'other', message: main.stderr.trim() || `Helm exited with code ${main.code}` });
    for (const p of parsed) {
      const f = p.file ? fileBySource.get(p.file) : undefined;
      const path0 = f?.path ?? (p.file ? fileForSource(layout, p.file) : undefined);
      if ((p.kind === 'template' || p.kind === 'parse') && f && p.line !== undefined) {
        const line = p.line - 1;
        let range = lineRange(f.lines, line);
        if (p.column !== undefined) {
          const character = utf16Column(f.lines.lineText(line), p.column);
          const offset = f.lines.offsetAt({ line, character });
          const a = actionAtOffset(f, offset);
          const end = a ? f.lines.positionAt(a.end) : { line, character: f.lines.lineText(line).length };
          range = { start: { line, character }, end: end.line === line ? end : { line, character: f.lines.lineText(line).length } };
        }
        problems.push(problemFinding(p, f.path, range, 'literal'));
        for (const v of p.via ?? []) {
          const outer = fileBySource.get(v.file);
          if (!outer) continue;
          const l = v.line - 1;
          const ch = v.column !== undefined ? utf16Column(outer.lines.lineText(l), v.column) : lineRange(outer.lines, l).start.character;
          const a = actionAtOffset(outer, outer.lines.offsetAt({ line: l, character: ch }));
          const end = a ? outer.lines.positionAt(a.end) : { line: l, character: outer.lines.lineText(l).length };
          const r: Range = { start: { line: l, character: ch }, end: end.line === l ? end : { line: l, character: outer.lines.lineText(l).length } };
          problems.push(problemFinding(p, outer.path, r, 'expression', ` (in ${path.basename(f.path)}:${p.line}, included from here)`));
        }
      } else if (p.kind === 'yaml' && p.file) {
        // The probe printed the file as rendered: find the document and line YAML choked on.
        const out = probed?.outputs.get(p.file);
        let mapped: MappedFinding | undefined;
        if (out && p.line !== undefined) {
          const spans = splitManifests(out.text);
          const bad = spans.find((s) => parseAllDocuments(s.text, { version: '1.1' }).some((d) => 'errors' in d && d.errors.length > 0)) ?? spans[0];
          if (bad) {
            const idx = new LineIndex(bad.text);
            const lineText = idx.lineText(Math.min(p.line - 1, idx.lineCount - 1));
            const at = bad.start + idx.offsetAt({ line: Math.min(p.line - 1, idx.lineCount - 1), character: lineText.length - lineText.trimStart().length });
            const t = mapper.trace(out, at);
            if (t) {
              const pos = t.file.lines.positionAt(t.offset);
              const range = t.action ? { start: pos, end: t.file.lines.positionAt(t.action.end) } : lineRange(t.file.lines, pos.line);
              mapped = problemFinding(p, t.file.path, range, t.kind, ` (line ${p.line} of the rendered document)`);
            }
          }
        }
        problems.push(mapped ?? problemFinding(p, path0, zero, 'file', p.line !== undefined ? ` (line ${p.line} of the rendered document)` : ''));
      } else if (p.kind === 'schema') {
        const node = (p.chart && chartByName(layout, p.chart)) || layout.root;
        problems.push(schemaProblem(p, node, problemFinding));
      } else {
        problems.push(problemFinding(p, path0 ?? chartYaml, zero, 'file'));
      }
    }
  }

  // --- The rendered text the preview shows, and the lint of it.
  const preview = previewText(docs);
  let rendered = preview.text;
  if (main.code !== 0) {
    const header = ['# Helm failed:', ...(main.stderr.trim() ? parseHelmErrors(main.stderr).map((p) => `#   ${p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : ''}${p.message}`.split('\n').join('\n#   ')) : [])];
    // After a YAML error, show what the templates rendered to (as `helm template --debug` would).
    const yamlBad = problems.some((p) => p.messageId === 'yaml');
    const dump = yamlBad && probed ? [...probed.outputs].filter(([n]) => fileBySource.has(n) && isRendered(fileBySource.get(n)!.path)).map(([n, o]) => `---\n# Source: ${n}\n${o.text.replace(/\s+$/, '')}\n`).join('') : '';
    rendered = header.join('\n') + '\n' + dump;
  }
  const documents: PreviewDocument[] = docs.map((d, i) => {
    const { content: _content, ...rest } = d;
    const f = d.source ? fileBySource.get(d.source)?.path ?? fileForSource(layout, d.source) : undefined;
    return { ...rest, contentLine: preview.lines[i].line, headerLine: preview.lines[i].line - (d.source ? 2 : 1), sourceLine: preview.lines[i].sourceLine, ...(f ? { file: f } : {}) };
  });

  const lintStarted = Date.now();
  const findings: MappedFinding[] = [];
  if (req.lint !== false && rendered.trim() && main.code === 0) {
    const res = await lint({ text: rendered, language: 'kubernetes', settings: req.settings, services: { yaml: req.yaml }, uri: `shipshape-helm:/${encodeURIComponent(layout.root.name)}/rendered.yaml` });
    const locs = docs.map((d, i) => ({ doc: d, start: preview.lines[i].line, end: preview.lines[i].line + d.lineCount, located: mapper.locate(d) }));
    const crdText = new Map<string, string>();
    for (const f of res.findings) {
      const line = f.range.start.line;
      const k = locs.findIndex((l) => line >= l.start - 2 && line < Math.max(l.end, l.start));
      const loc = locs[k];
      const base = { ...f, fixes: [], renderedRange: f.range, ...(loc?.doc.source ? { source: loc.doc.source } : {}) };
      if (!loc) {
        findings.push({ ...base, mapping: 'none', note: baseNote });
        continue;
      }
      const docFile = loc.doc.source ? fileBySource.get(loc.doc.source) : undefined;
      const diskFile = docFile?.path ?? (loc.doc.source ? fileForSource(layout, loc.doc.source) : undefined);
      // A finding on the `---` / `# Source:` lines, or anything not traced: the template's first line.
      const fallback = (kind: MappingKind = 'file'): MappedFinding => ({
        ...base, mapping: diskFile ? kind : 'none', note: `${baseNote}${loc.doc.source ? ` In ${loc.doc.source}, rendered line ${f.range.start.line - loc.start + 1}.` : ''}`,
        ...(diskFile ? { file: diskFile, fileRange: zero, range: zero } : {}),
      });
      if (line < loc.start) { findings.push(fallback()); continue; }
      // CRDs are printed as they are on disk.
      if (diskFile && loc.doc.source && /\/crds\//.test(loc.doc.source) && !docFile) {
        let text = crdText.get(diskFile);
        if (text === undefined) { try { text = fs.readFileSync(diskFile, 'utf8'); } catch { text = ''; } crdText.set(diskFile, text); }
        const at = text.indexOf(loc.doc.content.trim());
        if (at >= 0) {
          const idx = new LineIndex(text);
          const s = idx.positionAt(at);
          const shift = (p: { line: number; character: number }) => ({ line: s.line + p.line - loc.start, character: p.line === loc.start ? s.character + p.character : p.character });
          const r = { start: shift(f.range.start), end: shift(f.range.end) };
          findings.push({ ...base, file: diskFile, fileRange: r, range: r, mapping: 'verbatim', note: baseNote });
          continue;
        }
        findings.push(fallback());
        continue;
      }
      const located = loc.located;
      if (!located) { findings.push(fallback()); continue; }
      const docIdx = new LineIndex(located.text);
      const toOffset = (p: { line: number; character: number }): number => located.start + docIdx.offsetAt({ line: p.line - loc.start, character: p.character });
      const startOffset = toOffset(f.range.start);
      const endOffset = toOffset(f.range.end);
      const startT = mapper.trace(located.out, startOffset);
      // The range is half-open: its last character is at end - 1.
      const endT = endOffset > startOffset ? mapper.trace(located.out, endOffset - 1) : startT;
      if (!startT) { findings.push(fallback()); continue; }
      const tf = startT.file;
      const range = templateRange(startT, endT);
      findings.push({
        ...base, file: tf.path, fileRange: range, range,
        mapping: startT.kind,
        note: noteFor(tf, tf.lines.offsetAt(range.start), tf.lines.offsetAt(range.end), tf === docFile ? loc.doc.source : undefined),
      });
    }
  }
  const lintMs = Date.now() - lintStarted;
  return {
    helm: info,
    args,
    ok: main.code === 0,
    exitCode: main.code,
    rendered,
    documents,
    problems,
    findings,
    ...(split && 'notes' in split && split.notes ? { notes: split.notes } : {}),
    stderr: main.stderr,
    warnings,
    valuesLabels: sources.map((s) => s.label),
    timings: { helmMs, ...(probeMs !== undefined ? { probeMs } : {}), lintMs, totalMs: Date.now() - started },
  };
}

/** A values.schema.json violation: on the values file line that sets the property, else the schema. */
function schemaProblem(p: HelmProblem, node: ChartNode, make: (p: HelmProblem, file: string | undefined, range: Range, mapping: MappingKind) => MappedFinding): MappedFinding {
  const schema = path.join(node.dir, 'values.schema.json');
  const values = path.join(node.dir, 'values.yaml');
  // Helm 3: "a.b: Invalid type..." / "(root): x is required"; Helm 4: "at '/a/b': got number, want string".
  const m = /^at '([^']*)':/.exec(p.message) ?? /^([\w.-]+(?:\.[\w-]+)*): /.exec(p.message);
  const keys = m ? m[1].split(/[/.]/).filter(Boolean) : [];
  if (keys.length && m?.[1] !== '(root)' && fs.existsSync(values)) {
    try {
      const text = fs.readFileSync(values, 'utf8');
      const docs = parseAllDocuments(text);
      const doc = Array.isArray(docs) ? docs[0] : docs;
      const node0 = doc && 'getIn' in doc ? (doc as unknown as { getIn(k: string[], keep: boolean): { range?: [number, number, number] } | undefined }).getIn(keys, true) : undefined;
      if (node0?.range) {
        const idx = new LineIndex(text);
        const range = { start: idx.positionAt(node0.range[0]), end: idx.positionAt(node0.range[1]) };
        return make(p, values, range, 'verbatim');
      }
    } catch {
      // fall through to the schema file
    }
  }
  const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return make(p, fs.existsSync(schema) ? schema : path.join(node.dir, 'Chart.yaml'), zero, 'file');
}

/**
 * The template range of a rendered range, from the origins of its first and last characters:
 * literal text maps character for character, action output to the whole `{{ }}`. A range that
 * starts in literal text stays on that line.
 */
function templateRange(startT: Traced, endT: Traced | undefined): Range {
  const lines = startT.file.lines;
  const start = lines.positionAt(startT.offset);
  let endOffset = startT.action ? startT.action.end : startT.offset;
  if (endT && endT.file === startT.file) {
    const e = endT.action ? endT.action.end : endT.offset + 1;
    if (e >= startT.offset) endOffset = Math.max(endOffset, e);
  }
  let end = lines.positionAt(endOffset);
  if (!startT.action && end.line !== start.line) end = { line: start.line, character: lines.lineText(start.line).length };
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
  return { start, end };
}
