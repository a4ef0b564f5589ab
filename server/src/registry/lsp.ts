/**
 * The registry features as LSP answers, without a connection: a hover with image facts on FROM /
 * image: lines, "Pin to digest" code actions resolved lazily (codeAction/resolve, so the
 * registry is asked only when the user picks one), and the workspace edit of the pin commands
 * with progress and cancellation. server.ts only wires these to the connection.
 */
import type { CodeAction, Hover, Position, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'url';
import { DigestCache, staleDigest, type ImageFacts } from './cache';
import { RegistryClient } from './client';
import { isRegistryError, RegistryError } from './errors';
import { collectPinFiles } from './files';
import { mediaTypeLabel } from './mediaTypes';
import { detectPinLanguage, findImageReferences, imageAt, pinImages, type PinLanguage, type PinResult } from './pin';
import { familiarReference, parsePlatform } from './reference';

/** The kind of the "Pin to digest" actions (declare it in codeActionProvider.codeActionKinds). */
export const PIN_ACTION_KIND = 'refactor.rewrite.pin';

/** What a pin code action carries until it is resolved. */
export interface PinActionData {
  shipshapePin: 1;
  uri: string;
  version?: number;
  range: Range;
}

export function isPinActionData(data: unknown): data is PinActionData {
  return !!data && typeof data === 'object' && (data as PinActionData).shipshapePin === 1;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** Markdown for an image hover. */
export function formatImageFacts(facts: ImageFacts, note?: string): string {
  const rows = [`**${facts.reference}**`, '', `- Digest: \`${facts.digest}\``, `- Type: ${mediaTypeLabel(facts.mediaType)}`];
  if (facts.platforms.length > 1 || (facts.platforms.length === 1 && facts.digest !== facts.manifestDigest)) rows.push(`- Platforms: ${facts.platforms.join(', ')}`);
  const which = facts.platform ? ` (${facts.platform})` : '';
  rows.push(`- Compressed size${which}: ${formatBytes(facts.compressedSize)} in ${facts.layers} layer${facts.layers === 1 ? '' : 's'}`);
  if (facts.created) rows.push(`- Created${which}: ${facts.created.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`);
  if (note) rows.push('', note);
  return rows.join('\n');
}

/**
 * The hover for the image reference under `position`, or null when there is none. Registry
 * failures become a one-line hover (they are the answer the user asked for).
 */
export async function imageHover(text: string, language: PinLanguage, position: Position, client: RegistryClient, opts: { platform?: string; signal?: AbortSignal } = {}): Promise<Hover | null> {
  const o = imageAt(text, language, position);
  if (!o?.ref) return null;
  const range = o.usedAt?.find((r) => r.start.line === position.line) ?? o.range;
  try {
    let facts: ImageFacts;
    let note: string | undefined;
    try {
      facts = await client.imageFacts(o.ref, { platform: opts.platform, signal: opts.signal });
    } catch (err) {
      // A pinned digest the registry does not have (deleted, or a typo): show what the tag is now.
      if (!o.ref.digest || !o.ref.tag || !isRegistryError(err, 'manifest-unknown')) throw err;
      facts = await client.imageFacts({ ...o.ref, digest: undefined }, { platform: opts.platform, signal: opts.signal });
      note = `The pinned digest \`${o.ref.digest}\` is not in the registry; the tag points to the image above: run **Shipshape: Refresh Pinned Digests**.`;
    }
    const stale = note || !client.cache ? undefined : staleDigest(o.ref, client.cache);
    if (stale) note = `The tag now points to \`${stale.current}\` (as of ${stale.resolvedAt}): run **Shipshape: Refresh Pinned Digests**.`;
    else if (!o.ref.digest) note = 'Not pinned: **Pin to digest** makes builds use exactly this image.';
    return { contents: { kind: 'markdown', value: formatImageFacts(facts, note) }, range };
  } catch (err) {
    if (isRegistryError(err, 'aborted')) return null;
    return { contents: { kind: 'markdown', value: `**${familiarReference(o.ref)}**\n\nShipshape could not read the registry: ${(err as Error).message}` }, range };
  }
}

/** Unresolved "Pin to digest" / "Refresh pinned digest" actions for the references in `range`. */
export function pinCodeActions(uri: string, version: number | undefined, text: string, language: PinLanguage, range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  for (const o of findImageReferences(text, language)) {
    if (!o.ref || (o.ref.digest && !o.ref.tag)) continue;
    const lines = [o.range.start.line, ...(o.usedAt ?? []).map((r) => r.start.line)];
    if (!lines.some((l) => l >= range.start.line && l <= range.end.line)) continue;
    const name = familiarReference({ ...o.ref, digest: undefined });
    const data: PinActionData = { shipshapePin: 1, uri, version, range: o.range };
    out.push({ title: o.ref.digest ? `Refresh pinned digest of ${name}` : `Pin ${name} to its digest`, kind: PIN_ACTION_KIND, data });
  }
  return out;
}

/**
 * Fills in the edit of a pin action (the registry is asked now). Returns the action unchanged,
 * with `error` set, when the reference could not be resolved or is already current.
 */
export async function resolvePinCodeAction(action: CodeAction, text: string, language: PinLanguage, client: RegistryClient, opts: { platform?: string; signal?: AbortSignal } = {}): Promise<{ action: CodeAction; error?: string }> {
  const data = action.data;
  if (!isPinActionData(data)) return { action, error: 'not a pin action' };
  const outcome = await pinImages(text, language, { client, range: data.range, platform: opts.platform, signal: opts.signal, fresh: true });
  const r = outcome.results.find((x) => x.edit) ?? outcome.results[0];
  if (!r?.edit) return { action, error: r?.status === 'current' ? 'The digest is already current.' : r?.message ?? 'No image reference here.' };
  const edit: TextDocumentEdit = { textDocument: { uri: data.uri, version: data.version ?? null }, edits: [r.edit] };
  return { action: { ...action, edit: { documentChanges: [edit] } } };
}

export interface PinTarget {
  uri: string;
  text: string;
  language: PinLanguage;
  /** The open document's version; undefined for a file read from disk. */
  version?: number;
}

export interface PinCommandResult {
  edit: WorkspaceEdit;
  /** One line for a notification: "Pinned 3 images in 2 files; 1 could not be resolved." */
  summary: string;
  /** `file:line: message` for every reference that could not be resolved. */
  failures: string[];
  results: { uri: string; results: PinResult[] }[];
}

/**
 * The edit of "Pin All in File/Workspace" (`mode: 'pin'`: add digests and refresh moved ones) and
 * "Refresh Pinned Digests" (`mode: 'refresh'`: only references that already have a digest).
 * Progress is reported per reference; cancelling through `signal` rejects with code 'aborted'.
 */
export async function pinTargets(targets: PinTarget[], mode: 'pin' | 'refresh', client: RegistryClient, opts: {
  platform?: string; signal?: AbortSignal; concurrency?: number; onProgress?: (done: number, total: number, file: string) => void;
} = {}): Promise<PinCommandResult> {
  const documentChanges: TextDocumentEdit[] = [];
  const failures: string[] = [];
  const all: { uri: string; results: PinResult[] }[] = [];
  let pinned = 0;
  let refreshed = 0;
  let files = 0;
  const total = targets.length;
  for (const [i, t] of targets.entries()) {
    if (opts.signal?.aborted) throw new RegistryError('aborted', 'cancelled');
    opts.onProgress?.(i, total, t.uri);
    const outcome = await pinImages(t.text, t.language, {
      client, platform: opts.platform, signal: opts.signal, concurrency: opts.concurrency, fresh: true, only: mode === 'refresh' ? 'pinned' : 'all',
    });
    all.push({ uri: t.uri, results: outcome.results });
    for (const r of outcome.results) {
      if (r.status === 'pinned') pinned++;
      if (r.status === 'refreshed') refreshed++;
      if (r.status === 'failed') failures.push(`${t.uri}:${r.occurrence.range.start.line + 1}: ${r.message}`);
    }
    if (outcome.edits.length) {
      files++;
      documentChanges.push({ textDocument: { uri: t.uri, version: t.version ?? null }, edits: outcome.edits });
    }
  }
  opts.onProgress?.(total, total, '');
  const parts: string[] = [];
  if (pinned) parts.push(`pinned ${pinned} image reference${pinned === 1 ? '' : 's'}`);
  if (refreshed) parts.push(`refreshed ${refreshed} digest${refreshed === 1 ? '' : 's'}`);
  let summary = parts.length ? `Shipshape ${parts.join(' and ')} in ${files} file${files === 1 ? '' : 's'}.` : 'Shipshape: every image reference is pinned and current.';
  if (failures.length) summary += ` ${failures.length} could not be resolved.`;
  return { edit: { documentChanges }, summary, failures, results: all };
}

// ---- the glue server.ts instantiates ---------------------------------------------------------

/** The `shipshape.registry` settings of a document. */
export interface RegistrySettings {
  /** `os/arch[/variant]` to pin single-platform manifests; empty for the multi-platform index. */
  platform: string;
  /** `host[:port]` allowed over plain HTTP (localhost is always). */
  insecureRegistries: string[];
}

/** Normalizes the raw `shipshape.registry` section (anything the client sends). */
export function toRegistrySettings(raw: unknown): RegistrySettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  let platform = typeof r.platform === 'string' ? r.platform.trim() : '';
  try {
    if (platform) parsePlatform(platform);
  } catch {
    platform = '';
  }
  const insecure = Array.isArray(r.insecureRegistries) ? r.insecureRegistries.filter((h): h is string => typeof h === 'string' && /^[\w.[\]:-]+$/.test(h)) : [];
  return { platform, insecureRegistries: insecure };
}

/** The parts of an LSP TextDocument used here. */
export interface DocumentLike {
  uri: string;
  languageId: string;
  version: number;
  getText(): string;
}

/** vscode-languageserver's CancellationToken, structurally. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

/** vscode-languageserver's WorkDoneProgressServerReporter, structurally. */
export interface ProgressLike {
  readonly token: CancellationLike;
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message?: string): void;
  done(): void;
}

export interface PinRequest {
  scope: 'file' | 'workspace';
  mode: 'pin' | 'refresh';
  /** The active document for scope `file`. */
  uri?: string;
}

export interface PinResponse {
  summary: string;
  failures: string[];
  /** The edit to apply with workspace/applyEdit; absent when there is nothing to change. */
  edit?: WorkspaceEdit;
}

function signalOf(tokens: (CancellationLike | undefined)[], timeoutMs?: number): AbortSignal {
  const controller = new AbortController();
  for (const t of tokens) {
    if (!t) continue;
    if (t.isCancellationRequested) controller.abort();
    else t.onCancellationRequested(() => controller.abort());
  }
  return timeoutMs ? AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]) : controller.signal;
}

/** Which pin language an editor document is (Dockerfile by language id; YAML by name and content). */
export function pinLanguageOfDocument(doc: DocumentLike): PinLanguage | undefined {
  if (doc.languageId === 'dockerfile') return 'dockerfile';
  if (doc.languageId !== 'yaml') return undefined;
  const name = decodeURIComponent(doc.uri.split(/[?#]/)[0].split('/').pop() || 'untitled.yaml');
  return detectPinLanguage(/\.ya?ml$/i.test(name) ? name : name + '.yaml', doc.getText());
}

/**
 * Hover, code actions and pin commands for the language server. Holds one registry client per
 * set of insecure registries, all sharing one cache (answers survive restarts when `cacheDir` is
 * given). Constructed only in trusted workspaces: it may run credential helpers and contact registries.
 */
export class RegistryFeatures {
  private readonly cache: DigestCache;
  private readonly clients = new Map<string, RegistryClient>();

  constructor(private readonly opts: {
    /** Folder for the cache file (the extension's global storage); memory only when absent. */
    cacheDir?: string;
    settings: (uri: string) => Promise<RegistrySettings>;
    /** Hovers wait at most this long for a registry. Default 5 s. */
    hoverTimeoutMs?: number;
  }) {
    this.cache = opts.cacheDir ? DigestCache.inDir(opts.cacheDir) : new DigestCache();
  }

  /** The cache every client shares; hand it to the lint run for staleDigest in the require-image-digest rules. */
  get digestCache(): DigestCache {
    return this.cache;
  }

  /** The client for a document's settings (shared while the settings are the same). */
  client(settings: RegistrySettings): RegistryClient {
    const key = [...settings.insecureRegistries].sort().join(',');
    let c = this.clients.get(key);
    if (!c) {
      c = new RegistryClient({ cache: this.cache, insecureRegistries: settings.insecureRegistries, userAgent: 'shipshape-vscode' });
      this.clients.set(key, c);
    }
    return c;
  }

  /** Forget clients (credentials, tokens) after a settings change; the cache stays. */
  reset(): void {
    this.clients.clear();
  }

  async hover(doc: DocumentLike, position: Position, token?: CancellationLike): Promise<Hover | null> {
    const language = pinLanguageOfDocument(doc);
    if (!language || !imageAt(doc.getText(), language, position)) return null;
    const settings = await this.opts.settings(doc.uri);
    return imageHover(doc.getText(), language, position, this.client(settings), {
      platform: settings.platform || undefined, signal: signalOf([token], this.opts.hoverTimeoutMs ?? 5000),
    });
  }

  /** "Pin … to its digest" actions on the lines of `range`, when `only` allows refactorings. */
  codeActions(doc: DocumentLike, range: Range, only?: string[]): CodeAction[] {
    if (only && !only.some((k) => PIN_ACTION_KIND === k || PIN_ACTION_KIND.startsWith(k + '.'))) return [];
    const language = pinLanguageOfDocument(doc);
    return language ? pinCodeActions(doc.uri, doc.version, doc.getText(), language, range) : [];
  }

  /** Resolves a pin action against the current document; `error` is for a warning message. */
  async resolveCodeAction(action: CodeAction, doc: DocumentLike | undefined, token?: CancellationLike): Promise<{ action: CodeAction; error?: string }> {
    const data = action.data;
    if (!isPinActionData(data)) return { action };
    const language = doc && pinLanguageOfDocument(doc);
    if (!doc || !language) return { action, error: 'the document is no longer open' };
    if (data.version !== undefined && doc.version !== data.version) return { action, error: 'the document changed; try again' };
    const settings = await this.opts.settings(doc.uri);
    try {
      return await resolvePinCodeAction(action, doc.getText(), language, this.client(settings), { platform: settings.platform || undefined, signal: signalOf([token]) });
    } catch (err) {
      return { action, error: isRegistryError(err, 'aborted') ? undefined : (err as Error).message };
    }
  }

  /**
   * "Pin All in File", "Pin All in Workspace", "Refresh Pinned Digests": reads open documents from
   * `documents`, other files of `workspaceFolders` from disk, reports progress, and stops on cancel.
   */
  async pin(request: PinRequest, documents: { get(uri: string): DocumentLike | undefined }, workspaceFolders: string[], progress?: ProgressLike, token?: CancellationLike): Promise<PinResponse> {
    const targets: PinTarget[] = [];
    if (request.scope === 'file') {
      const doc = request.uri ? documents.get(request.uri) : undefined;
      const language = doc && pinLanguageOfDocument(doc);
      if (!doc || !language) return { summary: 'Shipshape: open a Dockerfile, Kubernetes manifest or Compose file first.', failures: [] };
      targets.push({ uri: doc.uri, text: doc.getText(), language, version: doc.version });
    } else {
      const { files } = collectPinFiles(workspaceFolders, workspaceFolders[0] ?? '.');
      for (const f of files) {
        const uri = pathToFileURL(f.file).toString();
        const open = documents.get(uri);
        targets.push(open ? { uri, text: open.getText(), language: f.language, version: open.version } : { uri, text: f.text, language: f.language });
      }
    }
    const settings = await this.opts.settings(request.uri ?? (targets[0]?.uri ?? ''));
    progress?.begin(request.mode === 'refresh' ? 'Refreshing pinned digests' : 'Pinning image digests', 0, undefined, true);
    try {
      const res = await pinTargets(targets, request.mode, this.client(settings), {
        platform: settings.platform || undefined,
        signal: signalOf([progress?.token, token]),
        onProgress: (done, total, uri) => progress?.report(total ? Math.round((done * 100) / total) : 100, uri ? decodeURIComponent(uri.split('/').pop() ?? '') : undefined),
      });
      return { summary: res.summary, failures: res.failures, ...(res.edit.documentChanges?.length ? { edit: res.edit } : {}) };
    } catch (err) {
      if (isRegistryError(err, 'aborted')) return { summary: 'Shipshape: cancelled; nothing was changed.', failures: [] };
      throw err;
    } finally {
      progress?.done();
    }
  }
}
