/**
 * The Kubernetes objects of a set of files (the CLI's run, the editor's workspace), as plain JSON,
 * for rules about references between objects: "this Service selects no pods", "this ConfigMap is
 * not defined". Files are re-read only when their text changes, and then only the YAML documents
 * whose text changed are parsed again (an open file of a thousand documents changes at every keystroke).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { WorkspaceObject, WorkspaceView } from '../../engine/rule';
import { looksLikeKubernetes } from '../detect';
import { SameText } from './sameText';
import { documentStarts } from './yamlService';
import { ownCopy } from '../../engine/text';
import { isCustomResourceDefinition } from './crdSchemas';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', 'vendor']);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Objects of one text, as JSON; documents that fail to parse or are not objects are skipped. */
export function objectsOf(uri: string, text: string): WorkspaceObject[] {
  if (!looksLikeKubernetes(text)) return [];
  return parseObjects(uri, text) ?? [];
}

/**
 * The objects of `text`; undefined when a quoted scalar is left open (the lexer then reads on into
 * the next document, so a document parsed on its own could differ from the same text in its file).
 */
function parseObjects(uri: string, text: string, chunk = false): WorkspaceObject[] | undefined {
  const out: WorkspaceObject[] = [];
  try {
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      if (!('errors' in doc)) continue;
      if (chunk && doc.errors.some((e) => e.code === 'MISSING_CHAR' && /closing ["']quote/.test(e.message))) return undefined;
      if (doc.errors.length) continue;
      const json = doc.toJSON() as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json) && 'kind' in json && 'apiVersion' in json) {
        out.push({ uri, json: json as Record<string, unknown> });
      }
    }
  } catch {
    // A file we cannot read as YAML contributes nothing.
  }
  return out;
}

/** Deep equality of values as YAML's toJSON() makes them; anything else is equal only to itself. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const pa = Object.getPrototypeOf(a);
  if (pa !== Object.getPrototypeOf(b)) return false;
  if (pa === Date.prototype) return (a as Date).getTime() === (b as Date).getTime();
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  if (pa !== Object.prototype && pa !== null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameJson((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
  }
  return true;
}

/**
 * The file's documents in order, from its previous version: text, whether it passes
 * looksLikeKubernetes() (the whole text does when one of its documents does), and its objects
 * (parsed only when the file is Kubernetes YAML).
 */
type Chunks = { text: string; kubernetes: boolean; objects?: WorkspaceObject[] }[];

/**
 * {@link objectsOf}, parsing only the documents whose text is not in `previous`: the same objects as
 * a parse of the whole text (documents start at every `---` line; texts with `%` directives or an
 * open quoted scalar are parsed whole).
 */
function objectsByDocument(uri: string, text: string, previous: Chunks | undefined): { objects: WorkspaceObject[]; chunks?: Chunks } {
  const starts = documentStarts(text);
  // (a `%` line: a directive; a plain scan, as a regular expression over a large text is slower)
  if (starts.length < 2 || text.startsWith('%') || text.includes('\n%')) return { objects: objectsOf(uri, text) };
  const chunks: Chunks = [];
  const prev = new SameText(previous ?? []);
  let kubernetes = false;
  for (let i = 0; i < starts.length; i++) {
    const slice = text.slice(starts[i], starts[i + 1] ?? text.length);
    const found = prev.take(slice);
    let chunk: Chunks[number];
    if (found) {
      // (the previous list is dropped: its entries are reused)
      chunk = found;
      chunk.text = slice;
    } else {
      // A document starts at a `---` line, where looksLikeKubernetes() splits the text too.
      chunk = { text: slice, kubernetes: looksLikeKubernetes(slice) };
    }
    kubernetes ||= chunk.kubernetes;
    chunks.push(chunk);
  }
  const objects: WorkspaceObject[] = [];
  if (!kubernetes) return { objects, chunks };
  for (const chunk of chunks) {
    if (!chunk.objects) {
      // Parsed from a copy: the JSON kept must not hold on to this version of the whole text.
      const objs = parseObjects(uri, ownCopy(chunk.text), true);
      if (!objs) return { objects: parseObjects(uri, text) ?? [] };
      chunk.objects = objs;
    }
    for (const o of chunk.objects) objects.push(o);
  }
  return { objects, chunks };
}

export class WorkspaceIndex {
  private readonly files = new Map<string, { text: string; objects: WorkspaceObject[]; chunks?: Chunks; crds: boolean }>();
  /** Texts given to setFileLater() and not read yet. */
  private readonly pending = new Map<string, string>();
  /** Set once every file of the workspace has been read. */
  complete = false;
  /** Changes to the index so far, in all and per file: a view stays valid while only its own file changes. */
  private changes = 0;
  private readonly changesOf = new Map<string, number>();
  private readonly views = new Map<string, { others: number; view: WorkspaceView }>();
  private crdList?: { changes: number; crds: Record<string, unknown>[] };

  setFile(uri: string, text: string): void {
    this.pending.delete(uri);
    const cur = this.files.get(uri);
    if (cur && cur.text === text) return;
    const next = objectsByDocument(uri, text, cur?.chunks);
    const same = !!cur && cur.objects.length === next.objects.length && cur.objects.every((o, i) => sameJson(o.json, next.objects[i].json));
    this.files.set(uri, { text, ...next, crds: next.objects.some((o) => isCustomResourceDefinition(o.json)) });
    if (!same || !cur) this.changed(uri);
  }

  /**
   * setFile() for a file that changes at every keystroke (an open document): its text is read when
   * something needs its objects, another file's view() or a CustomResourceDefinition in it.
   */
  setFileLater(uri: string, text: string): void {
    if (this.files.get(uri)?.text === text) this.pending.delete(uri);
    else this.pending.set(uri, text);
  }

  deleteFile(uri: string): void {
    this.pending.delete(uri);
    if (this.files.delete(uri)) this.changed(uri);
  }

  /** Reads the texts waiting in setFileLater(), but `except`'s. */
  private readPending(except?: string): void {
    for (const [uri, text] of [...this.pending]) if (uri !== except) this.setFile(uri, text);
  }

  /**
   * The CustomResourceDefinitions of every file, in the order of view('').objects. A file waiting in
   * setFileLater() is read only when it had one or its text names the kind.
   */
  customResourceDefinitions(): Record<string, unknown>[] {
    for (const [uri, text] of [...this.pending]) {
      if (this.files.get(uri)?.crds || text.includes('CustomResourceDefinition')) this.setFile(uri, text);
    }
    if (this.crdList?.changes !== this.changes) {
      const crds: Record<string, unknown>[] = [];
      for (const f of this.files.values()) if (f.crds) for (const o of f.objects) if (isCustomResourceDefinition(o.json)) crds.push(o.json);
      this.crdList = { changes: this.changes, crds };
    }
    return this.crdList.crds;
  }

  private changed(uri: string): void {
    this.changes++;
    this.changesOf.set(uri, (this.changesOf.get(uri) ?? 0) + 1);
  }

  /**
   * What a rule linting `uri` sees: every other file's objects. The same object until another file
   * (or completeness) changes, so callers can cache what they derive from it.
   */
  view(uri: string): WorkspaceView {
    this.readPending(uri);
    const others = this.changes - (this.changesOf.get(uri) ?? 0);
    const cached = this.views.get(uri);
    if (cached && cached.others === others && cached.view.complete === this.complete) return cached.view;
    const objects: WorkspaceObject[] = [];
    for (const [u, f] of this.files) if (u !== uri) objects.push(...f.objects);
    const view = { objects, complete: this.complete };
    // Views of files no longer asked about are not kept forever.
    if (this.views.size > 64) this.views.clear();
    this.views.set(uri, { others, view });
    return view;
  }

  /**
   * Reads the YAML files under `dir` (at most `limit`), calling `toUri` to name them. Marks the index
   * complete when every file fitted in the limit. Yields to the event loop between files.
   */
  async scan(dir: string, toUri: (file: string) => string, limit = 2000, signal?: AbortSignal): Promise<void> {
    const files: string[] = [];
    const walk = async (d: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (files.length > limit || signal?.aborted) return;
        const full = path.join(d, e.name);
        if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(full);
        else if (e.isFile() && /\.ya?ml$/i.test(e.name)) files.push(full);
      }
    };
    await walk(dir);
    for (const file of files.slice(0, limit)) {
      if (signal?.aborted) return;
      try {
        const stat = await fs.promises.stat(file);
        if (stat.size > MAX_FILE_BYTES) continue;
        const uri = toUri(file);
        if (!this.files.has(uri)) this.setFile(uri, await fs.promises.readFile(file, 'utf8'));
      } catch {
        // unreadable: skip
      }
    }
    this.complete = files.length <= limit && !signal?.aborted;
  }
}
