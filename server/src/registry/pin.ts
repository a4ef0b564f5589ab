/**
 * Digest pinning as text edits: finds where a file names images (Dockerfile FROM and COPY --from,
 * Kubernetes container images at every pod-spec path, Compose services.*.image), resolves each
 * tag, and edits only the characters that change: `node:20` → `node:20@sha256:…`, or a pinned
 * reference whose tag moved gets its digest replaced ("refresh"). Quoting and everything around
 * the reference stay as written.
 */
import { isMap, isScalar, parseAllDocuments, Scalar, type Node, type Pair } from 'yaml';
import type { Range, TextEdit } from '../engine/types';
import { comparePositions, LineIndex } from '../engine/text';
import { DockerfileModel } from '../languages/dockerfile/model';
import { getNode, KubernetesModel } from '../languages/kubernetes/model';
import { isDockerfileName, isYamlName, looksLikeKubernetes } from '../languages/detect';
import { DigestCache } from './cache';
import { RegistryClient, type RegistryClientOptions, type Resolution } from './client';
import { RegistryError } from './errors';
import { familiarReference, parsePlatform, formatPlatform, parseReference, InvalidReferenceError, type ImageRef } from './reference';

export type PinLanguage = 'dockerfile' | 'kubernetes' | 'compose';

/** One place where a file names an image. */
export interface ImageOccurrence {
  /** The reference as the registry is asked (ARG defaults substituted). */
  image: string;
  /** Where it is written, quotes excluded (for `FROM ${BASE}`: the ARG default). Single line. */
  range: Range;
  /** The text in `range`. */
  written: string;
  /** For messages: `FROM (stage "build")`, `container "app" in Deployment/web`, `service "db"`. */
  where: string;
  /** Other places that name this image through a variable (the `${BASE}` of each FROM using the ARG). */
  usedAt?: Range[];
  /** A literal `--platform` of the FROM. */
  platform?: string;
  /** The normalized reference; undefined when skipped. */
  ref?: ImageRef;
  /** Why the occurrence cannot be pinned (variables, templates, not a reference). */
  skip?: string;
}

export interface PinOptions extends Omit<RegistryClientOptions, 'cache'> {
  /** Pin to this platform's manifest instead of the index (a FROM's literal --platform wins). */
  platform?: string;
  /** Reused across calls so tokens and answers are shared; built from these options when absent. */
  client?: RegistryClient;
  cache?: DigestCache;
  /** Ask registries even when the cache has a fresh answer (still falling back to it offline). */
  fresh?: boolean;
  signal?: AbortSignal;
  /** Registry requests in flight at once. Default 4. */
  concurrency?: number;
  /** `unpinned`: only add digests; `pinned`: only refresh existing ones ("Refresh Pinned Digests"). Default both. */
  only?: 'all' | 'unpinned' | 'pinned';
  /** Only occurrences on the lines of this range (a code action on one line). */
  range?: Range;
  onProgress?: (done: number, total: number) => void;
}

export type PinStatus = 'pinned' | 'refreshed' | 'current' | 'skipped' | 'failed';

export interface PinResult {
  occurrence: ImageOccurrence;
  status: PinStatus;
  /** The edit for pinned/refreshed. */
  edit?: TextEdit;
  resolution?: Resolution;
  /** Why skipped or failed; for `current` digest-only references, a note. */
  message?: string;
  error?: RegistryError;
}

export interface PinOutcome {
  edits: TextEdit[];
  results: PinResult[];
}

const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;

/** Which kind of file to pin in, from its name and text; undefined for anything else. */
export function detectPinLanguage(fileName: string, text: string): PinLanguage | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (isDockerfileName(base)) return 'dockerfile';
  if (!isYamlName(base)) return undefined;
  if (COMPOSE_NAME.test(base)) return 'compose';
  if (looksLikeKubernetes(text)) return 'kubernetes';
  if (/^services\s*:/m.test(text) && /^\s+image\s*:/m.test(text)) return 'compose';
  return undefined;
}

function withRef(o: Omit<ImageOccurrence, 'ref'>): ImageOccurrence {
  if (o.skip) return o;
  try {
    return { ...o, ref: parseReference(o.image) };
  } catch (err) {
    return { ...o, skip: err instanceof InvalidReferenceError ? err.message : String(err) };
  }
}

/** The range inside quotes when `range` covers a quoted word. */
function unquote(lines: LineIndex, range: Range): Range {
  const s = lines.offsetAt(range.start);
  const e = lines.offsetAt(range.end);
  const t = lines.text;
  if (e - s >= 2 && (t[s] === '"' || t[s] === "'") && t[e - 1] === t[s]) return lines.range(s + 1, e - 1);
  return range;
}

function textOf(lines: LineIndex, range: Range): string {
  return lines.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

const WHOLE_VAR = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

function dockerfileOccurrences(text: string): ImageOccurrence[] {
  const model = new DockerfileModel(text);
  const lines = model.lines;
  const out: ImageOccurrence[] = [];
  const stageNames = new Set(model.stages.map((s) => s.name).filter((n): n is string => !!n));
  for (const stage of model.stages) {
    const raw = stage.from.getImage();
    const imageRange = stage.from.getImageRange();
    if (!raw || !imageRange || stage.parentStage) continue;
    if (stage.imageText?.toLowerCase() === 'scratch') continue;
    const where = `FROM${stage.name ? ` (stage "${stage.name}")` : model.stages.length > 1 ? ` (stage ${stage.index + 1})` : ''}`;
    const flag = stage.from.getPlatformFlag()?.getValue();
    const platform = flag && !flag.includes('$') ? flag : undefined;
    if (!raw.includes('$')) {
      out.push(withRef({ image: raw, range: imageRange, written: raw, where, platform }));
      continue;
    }
    const whole = WHOLE_VAR.exec(raw);
    const arg = whole ? [...model.ast.getInitialARGs()].reverse().find((a) => a.getProperty()?.getName() === (whole[1] ?? whole[2])) : undefined;
    const prop = arg?.getProperty();
    const value = prop?.getValue();
    const valueRange = prop?.getValueRange();
    if (whole && prop && value && valueRange && !value.includes('$') && stage.imageText === value) {
      // `ARG BASE=node:20` + `FROM ${BASE}`: the digest belongs in the ARG default.
      const inner = unquote(lines, valueRange);
      if (textOf(lines, inner) === value) {
        out.push(withRef({ image: value, range: inner, written: value, where: `ARG ${prop.getName()} (used by ${where})`, platform, usedAt: [imageRange] }));
        continue;
      }
    }
    const resolved = stage.imageText ? ` (${raw} is ${stage.imageText})` : '';
    out.push({
      image: stage.imageText ?? raw, range: imageRange, written: raw, where, platform,
      skip: `the image name is built from ARGs${resolved}; write the whole reference in one ARG default (ARG BASE=…, FROM \${BASE}) to pin it`,
    });
  }
  for (const copy of model.ast.getCOPYs()) {
    const flag = copy.getFromFlag();
    const value = flag?.getValue();
    const range = flag?.getValueRange();
    if (!value || !range || value.includes('$') || /^\d+$/.test(value) || stageNames.has(value.toLowerCase())) continue;
    const inner = unquote(lines, range);
    out.push(withRef({ image: textOf(lines, inner), range: inner, written: textOf(lines, inner), where: 'COPY --from' }));
  }
  return out;
}

/** The reference in a YAML scalar, with the range of its characters inside any quotes. */
function yamlOccurrence(lines: LineIndex, node: Node | undefined, where: string): ImageOccurrence | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const [start, end] = node.range;
  const base = { image: value, written: value, where, range: lines.range(start, end) };
  if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) return { ...base, skip: 'a block scalar; write the image on one line to pin it' };
  if (value.includes('{{')) return { ...base, skip: 'a template expression; pin the value where the template gets it' };
  if (value.includes('$')) return { ...base, skip: 'contains a variable; pin the value the variable gets' };
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const range = quoted ? lines.range(start + 1, end - 1) : lines.range(start, end);
  if (textOf(lines, range) !== value || range.start.line !== range.end.line) return { ...base, skip: 'written with escapes or across lines' };
  return withRef({ ...base, range });
}

function kubernetesOccurrences(text: string): ImageOccurrence[] {
  const model = new KubernetesModel(text);
  const out: ImageOccurrence[] = [];
  for (const c of model.containers()) {
    const owner = `${c.object.kind}${c.object.name ? '/' + c.object.name : ''}`;
    const kind = c.field === 'containers' ? 'container' : c.field === 'initContainers' ? 'init container' : 'ephemeral container';
    const o = yamlOccurrence(model.lines, getNode(c.map, 'image'), `${kind} "${c.name}" in ${owner}`);
    if (o) out.push(o);
  }
  return out;
}

function composeOccurrences(text: string): ImageOccurrence[] {
  const lines = new LineIndex(text);
  const out: ImageOccurrence[] = [];
  for (const doc of parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false })) {
    if (!('contents' in doc) || doc.errors.length || !isMap(doc.contents)) continue;
    const services = getNode(doc.contents, 'services');
    if (!isMap(services)) continue;
    for (const pair of services.items as Pair<Node, Node>[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '?';
      const o = yamlOccurrence(lines, getNode(pair.value, 'image'), `service "${name}"`);
      if (o) out.push(o);
    }
  }
  return out;
}

/** Every image reference a file names, in file order (stage names and `scratch` are not images). */
export function findImageReferences(text: string, language: PinLanguage): ImageOccurrence[] {
  const list = language === 'dockerfile' ? dockerfileOccurrences(text) : language === 'kubernetes' ? kubernetesOccurrences(text) : composeOccurrences(text);
  // One ARG default used by several FROMs is one place to edit.
  const seen = new Map<string, ImageOccurrence>();
  const out: ImageOccurrence[] = [];
  for (const o of list) {
    const key = `${o.range.start.line}:${o.range.start.character}`;
    const prev = seen.get(key);
    if (prev) {
      prev.usedAt = [...(prev.usedAt ?? []), ...(o.usedAt ?? [])];
      continue;
    }
    seen.set(key, o);
    out.push(o);
  }
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/** The reference written with `digest`: `name:tag@digest` (`:latest` added when it had no tag). */
export function pinnedReference(written: string, digest: string): string {
  const at = written.indexOf('@');
  const name = at >= 0 ? written.slice(0, at) : written;
  const ref = parseReference(written);
  return `${name}${ref.tag ? '' : ':latest'}@${digest}`;
}

/** The smallest edit that turns the written reference into its pinned form. */
function pinEdit(o: ImageOccurrence, digest: string): TextEdit {
  const at = o.written.indexOf('@');
  const line = o.range.start.line;
  const col = o.range.start.character;
  if (at >= 0) {
    return { range: { start: { line, character: col + at + 1 }, end: o.range.end }, newText: digest };
  }
  return { range: { start: o.range.end, end: o.range.end }, newText: `${o.ref?.tag ? '' : ':latest'}@${digest}` };
}

function touches(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

/** A client from PinOptions (callers that pin many files should pass one `client`). */
export function clientFor(options: PinOptions): RegistryClient {
  if (options.client) return options.client;
  const { platform: _p, client: _c, fresh: _f, signal: _s, concurrency: _n, only: _o, range: _r, onProgress: _g, ...clientOptions } = options;
  return new RegistryClient(clientOptions);
}

/**
 * Resolves the tags of a file's image references and returns the edits that pin them, with a
 * result per reference (pinned, refreshed, already current, skipped with a reason, or failed with
 * the registry's error). Rejects only when cancelled.
 */
export async function pinImages(text: string, language: PinLanguage, options: PinOptions = {}): Promise<PinOutcome> {
  const only = options.only ?? 'all';
  let occurrences = findImageReferences(text, language);
  const lineFilter = options.range;
  if (lineFilter) {
    const onLines = (r: Range) => r.start.line <= lineFilter.end.line && r.end.line >= lineFilter.start.line;
    occurrences = occurrences.filter((o) => onLines(o.range) || o.usedAt?.some(onLines));
  }
  const client = clientFor(options);
  let globalPlatform: string | undefined;
  if (options.platform) globalPlatform = formatPlatform(parsePlatform(options.platform));
  const results: PinResult[] = [];
  const work: { occurrence: ImageOccurrence; platform?: string; key: string }[] = [];
  for (const o of occurrences) {
    if (o.skip || !o.ref) {
      results.push({ occurrence: o, status: 'skipped', message: o.skip });
      continue;
    }
    if (only === 'unpinned' && o.ref.digest) continue;
    if (only === 'pinned' && !o.ref.digest) continue;
    if (o.ref.digest && !o.ref.tag) {
      results.push({ occurrence: o, status: 'current', message: 'pinned to a digest without a tag: there is no tag to follow' });
      continue;
    }
    let platform: string | undefined;
    if (globalPlatform) {
      try {
        platform = o.platform ? formatPlatform(parsePlatform(o.platform)) : globalPlatform;
      } catch {
        platform = globalPlatform;
      }
    }
    work.push({ occurrence: o, platform, key: `${familiarReference({ ...o.ref, digest: undefined })} ${platform ?? ''}` });
  }
  // One registry question per distinct tag and platform.
  const answers = new Map<string, Promise<Resolution>>();
  let done = 0;
  const total = work.length;
  options.onProgress?.(0, total);
  await pool(work, options.concurrency ?? 4, async (w) => {
    let answer = answers.get(w.key);
    if (!answer) {
      answer = client.resolve({ ...w.occurrence.ref!, digest: undefined }, { platform: w.platform, fresh: options.fresh, signal: options.signal });
      answers.set(w.key, answer);
      answer.catch(() => undefined);
    }
    const o = w.occurrence;
    try {
      const resolution = await answer;
      if (o.ref!.digest === resolution.digest) results.push({ occurrence: o, status: 'current', resolution });
      else results.push({ occurrence: o, status: o.ref!.digest ? 'refreshed' : 'pinned', resolution, edit: pinEdit(o, resolution.digest) });
    } catch (err) {
      const error = err instanceof RegistryError ? err : new RegistryError('bad-response', (err as Error)?.message ?? String(err));
      results.push({ occurrence: o, status: 'failed', error, message: error.message });
    }
    options.onProgress?.(++done, total);
  });
  if (options.signal?.aborted) throw new RegistryError('aborted', 'cancelled');
  results.sort((a, b) => comparePositions(a.occurrence.range.start, b.occurrence.range.start));
  return { edits: results.flatMap((r) => (r.edit ? [r.edit] : [])), results };
}

/** The image reference at a position (for hovers and code actions), if any. */
export function imageAt(text: string, language: PinLanguage, position: Range['start']): ImageOccurrence | undefined {
  const at = { start: position, end: position };
  return findImageReferences(text, language).find((o) => touches(o.range, at) || o.usedAt?.some((r) => touches(r, at)));
}
