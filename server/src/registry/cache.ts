/**
 * What registries last said, on disk: tag → digest answers with the time they were given (fresh
 * for a TTL, then still the answer of last resort when the registry is unreachable), and image
 * facts by digest (immutable, so kept until evicted). One JSON file, rewritten atomically and
 * merged with what other processes wrote since. Holds no credentials.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isIndexMediaType } from './mediaTypes';
import { canonicalReference, formatPlatform, parsePlatform, tryParseReference, type ImageRef } from './reference';

/** A tag's answer as the cache keeps it. */
export interface CachedTag {
  digest: string;
  mediaType: string;
  /** Epoch milliseconds of the registry's answer. */
  resolvedAt: number;
  /** Digests of the platform manifests, when the index was read. */
  children?: string[];
  /** Digests this tag pointed to before, newest first (at most 10). */
  previous?: string[];
}

/** Facts about an image, shown in hovers. */
export interface ImageFacts {
  /** `docker.io/library/node:20` (or with @digest when asked by digest). */
  reference: string;
  digest: string;
  mediaType: string;
  /** `linux/amd64`, … for an index (attestations left out); one entry for a single manifest when known. */
  platforms: string[];
  /** The platform the size and date below describe. */
  platform?: string;
  /** Digest of that platform's manifest (equal to `digest` for a single manifest). */
  manifestDigest: string;
  /** Sum of the compressed layer sizes, in bytes. */
  compressedSize: number;
  layers: number;
  /** ISO date from the config blob, when it has one. */
  created?: string;
  /** Epoch milliseconds the facts were read. */
  resolvedAt: number;
}

interface CacheFile {
  version: 1;
  tags: Record<string, CachedTag>;
  facts: Record<string, ImageFacts>;
}

export interface DigestCacheOptions {
  /** The JSON file; undefined keeps the cache in memory only. */
  file?: string;
  /** How long a tag's answer is used without asking the registry. Default 1 hour. */
  ttlMs?: number;
  /** Entries kept per kind; the oldest answers go first. Default 2,000. */
  maxEntries?: number;
  now?: () => number;
}

export const CACHE_FILE_NAME = 'registry-cache.json';
export const DEFAULT_TTL_MS = 60 * 60 * 1000;

/** Where the CLI keeps the cache: $XDG_CACHE_HOME/shipshape, else ~/.cache/shipshape. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'shipshape');
}

/** Cache key of a tag answer: the canonical tag reference, plus the platform for platform pins. */
export function tagKey(ref: ImageRef, platform?: string): string {
  return canonicalReference({ domain: ref.domain, path: ref.path, tag: ref.tag ?? 'latest' }) + (platform ? ' ' + platform : '');
}

function empty(): CacheFile {
  return { version: 1, tags: {}, facts: {} };
}

export class DigestCache {
  readonly file?: string;
  readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private data: CacheFile | undefined;
  /** The last failure to read or write the file (the cache then works in memory). */
  lastError?: string;

  constructor(opts: DigestCacheOptions = {}) {
    this.file = opts.file;
    this.ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
    this.maxEntries = opts.maxEntries ?? 2000;
    this.now = opts.now ?? Date.now;
  }

  /** A cache in `dir`/registry-cache.json. */
  static inDir(dir: string, opts: Omit<DigestCacheOptions, 'file'> = {}): DigestCache {
    return new DigestCache({ ...opts, file: path.join(dir, CACHE_FILE_NAME) });
  }

  private read(): CacheFile {
    if (!this.file) return empty();
    try {
      const json = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<CacheFile>;
      if (json?.version !== 1 || typeof json.tags !== 'object' || typeof json.facts !== 'object') return empty();
      return { version: 1, tags: json.tags ?? {}, facts: json.facts ?? {} };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.lastError = `cannot read ${this.file}: ${(err as Error).message}`;
      return empty();
    }
  }

  private get state(): CacheFile {
    this.data ??= this.read();
    return this.data;
  }

  /** Merges with the file as other processes left it, applies `change`, writes back atomically. */
  private update(change: (d: CacheFile) => void): void {
    const mine = this.state;
    if (this.file) {
      const theirs = this.read();
      for (const [k, v] of Object.entries(theirs.tags)) if (!mine.tags[k] || mine.tags[k].resolvedAt < v.resolvedAt) mine.tags[k] = v;
      for (const [k, v] of Object.entries(theirs.facts)) mine.facts[k] ??= v;
    }
    change(mine);
    prune(mine.tags, this.maxEntries);
    prune(mine.facts, this.maxEntries);
    if (!this.file) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(mine), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = `cannot write ${this.file}: ${(err as Error).message}`;
    }
  }

  /** The last answer for a tag (fresh or not), or undefined. */
  getTag(key: string): CachedTag | undefined {
    return this.state.tags[key];
  }

  /** Whether an answer is young enough to be used without asking. */
  isFresh(entry: CachedTag): boolean {
    return this.now() - entry.resolvedAt < this.ttlMs;
  }

  /** Records a registry answer; a changed digest moves the old one into `previous`. */
  putTag(key: string, entry: Omit<CachedTag, 'previous'>): void {
    this.update((d) => {
      const old = d.tags[key];
      let previous = old?.previous ?? [];
      if (old && old.digest !== entry.digest) previous = [old.digest, ...previous.filter((x) => x !== old.digest && x !== entry.digest)].slice(0, 10);
      const children = entry.children ?? (old && old.digest === entry.digest ? old.children : undefined);
      d.tags[key] = { ...entry, ...(children ? { children } : {}), ...(previous.length ? { previous } : {}) };
    });
  }

  /** Every answer about one tag (all platforms), for staleDigest. */
  tagEntries(ref: ImageRef): { platform?: string; entry: CachedTag }[] {
    const base = tagKey(ref);
    const out: { platform?: string; entry: CachedTag }[] = [];
    for (const [k, entry] of Object.entries(this.state.tags)) {
      if (k === base) out.unshift({ entry });
      else if (k.startsWith(base + ' ')) out.push({ platform: k.slice(base.length + 1), entry });
    }
    return out;
  }

  getFacts(digest: string, platform?: string): ImageFacts | undefined {
    return this.state.facts[digest + (platform ? ' ' + platform : '')];
  }

  putFacts(digest: string, platform: string | undefined, facts: ImageFacts): void {
    this.update((d) => {
      d.facts[digest + (platform ? ' ' + platform : '')] = facts;
    });
  }

  /** Forgets what is in memory so the next read sees the file (tests, "clear cache" commands). */
  reload(): void {
    this.data = undefined;
  }
}

function prune<T extends { resolvedAt: number }>(record: Record<string, T>, max: number): void {
  const keys = Object.keys(record);
  if (keys.length <= max) return;
  keys.sort((a, b) => record[a].resolvedAt - record[b].resolvedAt);
  for (const k of keys.slice(0, keys.length - max)) delete record[k];
}

/** What staleDigest found: the tag now points elsewhere. */
export interface StaleDigest {
  /** `docker.io/library/node:20` */
  tag: string;
  /** The digest written in the reference. */
  pinned: string;
  /** The digest the tag pointed to at `resolvedAt`. */
  current: string;
  /** ISO time of that answer. */
  resolvedAt: string;
}

/**
 * Synchronous and network-free, for rules: whether the cache knows that the tag of a pinned
 * reference (`name:tag@sha256:…`) now points to another digest. Says so only when it is sure:
 * the pinned digest is neither the tag's digest nor one of its platform manifests, and either
 * the cache knows those manifests (or the tag names a single manifest) or the pinned digest is
 * one the tag used to point to. Answers of any age count; `resolvedAt` tells how old.
 */
export function staleDigest(reference: string | ImageRef, cache: DigestCache, options: { platform?: string } = {}): StaleDigest | undefined {
  const ref = typeof reference === 'string' ? tryParseReference(reference) : reference;
  if (!ref?.tag || !ref.digest) return undefined;
  const entries = cache.tagEntries(ref);
  if (entries.length === 0) return undefined;
  const pinned = ref.digest;
  if (entries.some(({ entry }) => entry.digest === pinned || entry.children?.includes(pinned))) return undefined;
  let wanted: string | undefined;
  try {
    wanted = options.platform ? formatPlatform(parsePlatform(options.platform)) : undefined;
  } catch {
    wanted = undefined;
  }
  const chosen = entries.find((e) => e.platform === wanted) ?? entries[0];
  const { entry } = chosen;
  const sure = !isIndexMediaType(entry.mediaType) || !!entry.children || entries.some((e) => e.entry.previous?.includes(pinned));
  if (!sure) return undefined;
  return { tag: tagKey(ref), pinned, current: entry.digest, resolvedAt: new Date(entry.resolvedAt).toISOString() };
}
