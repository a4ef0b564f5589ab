/**
 * Reading Helm's output: the rendered stream split into documents with their `# Source:` template
 * and line offsets (from `helm template` and from `helm install --dry-run`), Helm's own manifest
 * splitting (releaseutil.SplitManifests) with offsets, the raw per-file dump `--debug` prints when
 * a render fails, and Helm 3 / Helm 4 error messages as {file, line, column, message}.
 */

/** One rendered document. Lines are 0-based lines of the text that was split. */
export interface RenderedDocument {
  /** The template that produced it, as Helm names it: `<chart>/templates/<file>` (or `.../crds/...`). */
  source?: string;
  /** The document's text, from the line after `# Source:` up to the next separator. */
  content: string;
  /** Line of the `---` separator (or of `# Source:` when there is none); -1 when neither. */
  headerLine: number;
  /** Line where `content` starts. */
  contentLine: number;
  /** Number of lines of `content`. */
  lineCount: number;
  /** In the HOOKS: section of `helm install --dry-run` output. */
  hook: boolean;
}

export interface SplitRender {
  documents: RenderedDocument[];
  /** `helm install --dry-run`: the NOTES: section, and the status lines before the manifests. */
  notes?: string;
  status?: string;
}

const SOURCE_RE = /^# Source: (.+?)\s*$/;

/**
 * Splits Helm's stdout into documents. `install` output (NAME:/HOOKS:/MANIFEST:/NOTES:) is
 * recognised by its first line. Line endings are normalised to `\n` first.
 */
export function splitRender(stdout: string): SplitRender {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n');
  const documents: RenderedDocument[] = [];
  const install = /^NAME: /.test(lines[0] ?? '');
  let i = 0;
  const statusLines: string[] = [];
  let notes: string | undefined;
  let hook = false;
  if (install) {
    while (i < lines.length && !/^(HOOKS|MANIFEST):\s*$/.test(lines[i]) && lines[i] !== 'NOTES:') statusLines.push(lines[i++]);
  }
  let cur: { header: number; source?: string; start: number; hook: boolean } | undefined;
  const close = (endExclusive: number): void => {
    if (!cur) return;
    let end = endExclusive;
    // Drop the blank lines Helm puts between documents; keep the content's own lines.
    while (end > cur.start && lines[end - 1].trim() === '') end--;
    const content = lines.slice(cur.start, end).join('\n');
    if (content.trim() !== '' || cur.source) {
      documents.push({ source: cur.source, content, headerLine: cur.header, contentLine: cur.start, lineCount: end - cur.start, hook: cur.hook });
    }
    cur = undefined;
  };
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (install && /^(HOOKS|MANIFEST):\s*$/.test(line)) {
      close(i);
      hook = line.startsWith('HOOKS');
      continue;
    }
    if (install && line === 'NOTES:') {
      close(i);
      notes = lines.slice(i + 1).join('\n').replace(/\s+$/, '');
      break;
    }
    if (/^---(\s.*)?$/.test(line)) {
      const prevSource = cur?.source;
      close(i);
      const m = SOURCE_RE.exec(lines[i + 1] ?? '');
      // A separator without `# Source:` continues the previous file (CRD files are printed whole).
      cur = m ? { header: i, source: m[1], start: i + 2, hook } : { header: i, source: prevSource, start: i + 1, hook };
      if (m) i++;
      continue;
    }
    if (!cur) {
      const m = SOURCE_RE.exec(line);
      cur = m ? { header: i, source: m[1], start: i + 1, hook } : { header: -1, start: i, hook };
    }
  }
  close(i);
  return { documents, ...(install ? { status: statusLines.join('\n'), notes } : {}) };
}

/** A document of releaseutil.SplitManifests, with offsets into the text that was split. */
export interface ManifestSpan {
  start: number;
  end: number;
  text: string;
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0]/;

/**
 * Helm's SplitManifests: the text is trimmed, split at `(?:^|\s*\n)---\s*`, and each non-empty
 * piece trimmed. Returned in order with offsets, so positions map back into `text`.
 */
export function splitManifests(text: string): ManifestSpan[] {
  let s = 0;
  let e = text.length;
  while (s < e && GO_SPACE.test(text[s])) s++;
  while (e > s && GO_SPACE.test(text[e - 1])) e--;
  const spans: ManifestSpan[] = [];
  const sep = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g;
  const body = text.slice(s, e);
  let last = 0;
  const push = (from: number, to: number): void => {
    if (from === to) return;
    let a = from;
    let b = to;
    while (a < b && GO_SPACE.test(body[a])) a++;
    while (b > a && GO_SPACE.test(body[b - 1])) b--;
    spans.push({ start: s + a, end: s + b, text: body.slice(a, b) });
  };
  for (let m = sep.exec(body); m; m = sep.exec(body)) {
    if (m[0].length === 0) { sep.lastIndex++; continue; }
    push(last, m.index);
    last = m.index + m[0].length;
  }
  push(last, body.length);
  return spans;
}

/**
 * The dump `helm template --debug` prints when the render succeeded but a manifest is not valid
 * YAML: `---\n# Source: <name>\n<content>\n` per file, in no particular order, followed by the hooks
 * Helm had sorted so far. The first section of each name is the file's raw content.
 */
export function parseDump(stdout: string, isName: (name: string) => boolean = () => true): Map<string, string> {
  const files = new Map<string, string>();
  const text = stdout.replace(/\r\n/g, '\n');
  const header = /(?:^|\n)---\n# Source: ([^\n]+)\n/g;
  const heads: { name: string; contentStart: number; at: number }[] = [];
  for (let m = header.exec(text); m; m = header.exec(text)) {
    if (!isName(m[1])) continue;
    heads.push({ name: m[1], contentStart: m.index + m[0].length, at: m.index + (m[0].startsWith('\n') ? 1 : 0) });
    header.lastIndex = m.index + m[0].length;
  }
  heads.forEach((h, k) => {
    const end = k + 1 < heads.length ? heads[k + 1].at : text.length;
    let content = text.slice(h.contentStart, end);
    if (content.endsWith('\n')) content = content.slice(0, -1);
    if (!files.has(h.name)) files.set(h.name, content);
  });
  return files;
}

/** What kind of failure Helm reported. */
export type HelmProblemKind =
  /** text/template execution: `required`, `fail`, nil pointers, bad function arguments. */
  | 'template'
  /** text/template parse error (no column). */
  | 'parse'
  /** a rendered manifest is not valid YAML; `line` is a line of the rendered document. */
  | 'yaml'
  /** values do not satisfy values.schema.json. */
  | 'schema'
  /** anything else: chart metadata, dependencies, files, cluster access, flags. */
  | 'other';

/** A Helm error, located where Helm says. */
export interface HelmProblem {
  kind: HelmProblemKind;
  /** Template name as Helm prints it (`<chart>/templates/x.yaml`), when Helm names one. */
  file?: string;
  /** 1-based line, as Helm prints it. For `yaml` problems: line of the rendered document. */
  line?: number;
  /** Column as Helm prints it: a 0-based byte offset into the template line. */
  column?: number;
  message: string;
  /** For errors inside an `include`d template: the outer locations, outermost first. */
  via?: { file: string; line: number; column?: number }[];
  /** For `schema` problems: the chart whose schema failed. */
  chart?: string;
}

/** The `Error: ...` part of Helm's stderr (Helm 3 prints Go stack traces after it with --debug). */
export function errorText(stderr: string): string | undefined {
  const text = stderr.replace(/\r\n/g, '\n');
  const at = text.search(/(?:^|\n)Error: /);
  if (at < 0) return undefined;
  let s = text.slice(at).replace(/^\n/, '').replace(/^Error: /, '');
  // Helm's hints, and Helm 3's --debug echo of the error and its stack trace.
  s = s.replace(/\n\nUse --debug flag to render out invalid YAML\s*$/, '');
  s = s.split(/\n(?:helm\.go:\d+: |[\w./-]+\.go:\d+: \d{4}-)/)[0];
  s = s.split(/\nlevel=\w+ /)[0];
  return s.replace(/^(?:INSTALLATION FAILED|UPGRADE FAILED): /, '').replace(/\s+$/, '');
}

const LOC = String.raw`([^\s:()]+(?:\.[\w-]+|\/[\w.-]+)):(\d+)(?::(\d+))?`;

/**
 * Parses Helm's error output (stderr, or a whole golden output) into problems. Handles Helm 3's
 * one-line `template: f:l:c: executing ... error calling include: template: ...` chains, Helm 4's
 * multi-line `f:l:c\n  executing ...:\n    message` form, `execution error at (f:l:c): msg`,
 * `parse error at (f:l): msg`, YAML parse errors and values.schema.json violations.
 */
export function parseHelmErrors(stderr: string): HelmProblem[] {
  const text = errorText(stderr);
  if (text === undefined) return [];
  let m: RegExpExecArray | null;

  if ((m = /^values don't meet the specifications of the schema\(s\) in the following chart\(s\):\n([\s\S]*)$/.exec(text))) {
    const problems: HelmProblem[] = [];
    let chart: string | undefined;
    for (const line of m[1].split('\n')) {
      const c = /^(\S[^:]*):\s*$/.exec(line);
      if (c) { chart = c[1]; continue; }
      const item = /^\s*-\s+(.*)$/.exec(line);
      if (item) problems.push({ kind: 'schema', chart, message: item[1] });
    }
    return problems.length ? problems : [{ kind: 'schema', message: text }];
  }

  if ((m = /^YAML parse error on ([^:\s]+): (?:error converting YAML to JSON: )?(?:yaml: )?(?:line (\d+): )?([\s\S]*)$/.exec(text))) {
    return [{ kind: 'yaml', file: m[1], ...(m[2] ? { line: Number(m[2]) } : {}), message: m[3].trim() }];
  }

  if ((m = new RegExp(String.raw`^(?:[\s\S]*?)execution error at \(${LOC}\): ([\s\S]*)$`).exec(text))) {
    const problem: HelmProblem = { kind: 'template', file: m[1], line: Number(m[2]), message: m[4].trim() };
    if (m[3] !== undefined) problem.column = Number(m[3]);
    // An execution error inside an include: Helm 3 names only the outermost location here.
    return [problem];
  }

  if ((m = new RegExp(String.raw`^parse error at \(${LOC}\): ([\s\S]*)$`).exec(text))) {
    const problem: HelmProblem = { kind: 'parse', file: m[1], line: Number(m[2]), message: m[4].trim() };
    if (m[3] !== undefined) problem.column = Number(m[3]);
    return [problem];
  }

  // Execution errors: a chain of locations, each followed by its "executing ... at <...>:" part.
  const chain = locationChain(text);
  if (chain.length) {
    const inner = chain[chain.length - 1];
    const problem: HelmProblem = { kind: 'template', file: inner.file, line: inner.line, message: inner.message };
    if (inner.column !== undefined) problem.column = inner.column;
    if (chain.length > 1) problem.via = chain.slice(0, -1).map(({ file, line, column }) => (column === undefined ? { file, line } : { file, line, column }));
    return [problem];
  }
  return [{ kind: 'other', message: text }];
}

interface ChainLink { file: string; line: number; column?: number; message: string }

function locationChain(text: string): ChainLink[] {
  // Helm 3: "template: f:l:c: executing "x" at <y>: error calling include: template: f2:l2:c2: executing ...: msg"
  const h3 = new RegExp(String.raw`(?:^|: )template: ${LOC}: `, 'g');
  // Helm 4: "f:l:c\n  executing "x" at <y>:\n    error calling include:\nf2:l2:c2\n  executing ...:\n    msg"
  const h4 = new RegExp(String.raw`(?:^|\n)${LOC}\n`, 'g');
  const starts: { index: number; after: number; file: string; line: number; column?: number }[] = [];
  for (const re of [h3, h4]) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      starts.push({ index: m.index, after: m.index + m[0].length, file: m[1], line: Number(m[2]), ...(m[3] !== undefined ? { column: Number(m[3]) } : {}) });
    }
    if (starts.length) break;
  }
  return starts.map((s, k) => {
    const body = text.slice(s.after, k + 1 < starts.length ? starts[k + 1].index : text.length);
    const message = body.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').replace(/:\s*$/, '');
    return { file: s.file, line: s.line, ...(s.column !== undefined ? { column: s.column } : {}), message };
  });
}
