/**
 * The OCI distribution client: resolves `name:tag` to the digest it points to now (HEAD on the
 * manifest, GET when HEAD says too little, always accepting the four manifest types), pins to the
 * index by default or to one platform's manifest, and reads image facts (platforms, compressed
 * size, creation date) for hovers. Authenticates anonymously or with Docker's credentials, by
 * basic auth or bearer tokens from the registry's WWW-Authenticate challenge. With a DigestCache,
 * fresh answers are reused and the last known answer is returned when the registry is unreachable.
 */
import { createHash } from 'node:crypto';
import { DigestCache, tagKey, type ImageFacts } from './cache';
import { findCredentials, type CredentialOptions, type Credentials } from './credentials';
import { RegistryError } from './errors';
import { checkScheme, hostPort, send, type HttpResponse, type TransportOptions } from './http';
import { DOCKER_MANIFEST, isIndexMediaType, MANIFEST_ACCEPT, OCI_INDEX, OCI_MANIFEST } from './mediaTypes';
import {
  apiHost, canonicalReference, effectiveTag, formatPlatform, normalizePlatform, parsePlatform, parseReference, repositoryName,
  samePlatform, type ImageRef, type Platform,
} from './reference';

export interface RegistryClientOptions {
  /**
   * Registries (`host[:port]`) that may be spoken to over plain HTTP (after HTTPS fails).
   * localhost, 127.0.0.1 and [::1] are always allowed, on any port.
   */
  insecureRegistries?: readonly string[];
  /** Registry name → `host[:port]` to contact instead (e.g. `{ 'docker.io': 'mirror.local:5000' }`). */
  mirrors?: Readonly<Record<string, string>>;
  /** Where answers are remembered; without one every call asks the registry. */
  cache?: DigestCache;
  /** How to find credentials; false for anonymous access only (untrusted workspaces). */
  credentials?: CredentialOptions | false;
  /** Time limit per request attempt. Default 15 s. */
  timeoutMs?: number;
  /** Retries on 429, 5xx and dropped connections. Default 3. */
  maxRetries?: number;
  /** Longest single wait between retries; a longer Retry-After fails at once. Default 10 s. */
  maxRetryDelayMs?: number;
  userAgent?: string;
  /** Receives `METHOD URL` of every request (never headers). */
  log?: (line: string) => void;
}

export interface ResolveOptions {
  /** Pin to this platform's manifest (`os/arch[/variant]`) instead of the index. */
  platform?: string;
  /** Ask the registry even when the cache has a fresh answer (the cache stays the fallback). */
  fresh?: boolean;
  signal?: AbortSignal;
}

/** Where a tag points. */
export interface Resolution {
  /** The tag reference asked about, canonical: `docker.io/library/node:20`. */
  reference: string;
  /** The digest to pin to. */
  digest: string;
  /** Media type of the manifest `digest` names. */
  mediaType: string;
  /** Set for platform pins: the platform, and the index the manifest was chosen from. */
  platform?: string;
  indexDigest?: string;
  /** ISO time of the registry's answer. */
  resolvedAt: string;
  /** True when the answer came from the cache. */
  cached: boolean;
  /** Why the registry was not asked, when it could not be reached and the cache answered. */
  offlineReason?: string;
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

interface ManifestJson {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

type Challenge = { scheme: 'bearer'; realm: string; service?: string } | { scheme: 'basic' };

const ALWAYS_INSECURE = new Set(['localhost', '127.0.0.1', '[::1]']);
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const MAX_MANIFEST = 4 * 1024 * 1024;
const MAX_CONFIG = 16 * 1024 * 1024;

/** Parses `Bearer realm="…",service="…",scope="…"` (quoted strings may hold commas and escapes). */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2])) && p[0]) params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  return { scheme: m[1].toLowerCase(), params };
}

function sha256(data: Buffer): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

function contentType(res: HttpResponse): string | undefined {
  return res.headers.get('content-type')?.split(';')[0].trim() || undefined;
}

function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || d.platform?.os === 'unknown';
}

function platformOf(d: Descriptor): Platform | undefined {
  if (!d.platform?.os || !d.platform.architecture) return undefined;
  return normalizePlatform({ os: d.platform.os, architecture: d.platform.architecture, variant: d.platform.variant });
}

/** The manifests of an index that are images (attestations left out), with their platforms. */
function imageManifests(index: ManifestJson): { descriptor: Descriptor; platform: Platform }[] {
  const out: { descriptor: Descriptor; platform: Platform }[] = [];
  for (const d of index.manifests ?? []) {
    const platform = platformOf(d);
    if (platform && !isAttestation(d) && typeof d.digest === 'string') out.push({ descriptor: d, platform });
  }
  return out;
}

/** The index entry for `wanted`: exact match, else same os/arch when no variant was asked. */
function choosePlatform(index: ManifestJson, wanted: Platform): Descriptor | undefined {
  const list = imageManifests(index);
  const exact = list.find((m) => samePlatform(m.platform, wanted));
  if (exact) return exact.descriptor;
  // linux/amd64 asked, linux/amd64/v2 offered: os and architecture are what matter.
  if (!wanted.variant || wanted.architecture === 'arm64') {
    return list.find((m) => m.platform.os === wanted.os && m.platform.architecture === wanted.architecture)?.descriptor;
  }
  return undefined;
}

export class RegistryClient {
  private readonly transport: TransportOptions;
  private readonly insecure: Set<string>;
  private readonly schemes = new Map<string, 'https:' | 'http:'>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();
  private readonly creds = new Map<string, Promise<Credentials | undefined>>();
  private readonly inflight = new Map<string, Promise<Resolution>>();

  constructor(readonly options: RegistryClientOptions = {}) {
    this.insecure = new Set((options.insecureRegistries ?? []).map((h) => h.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '')));
    this.transport = {
      timeoutMs: options.timeoutMs ?? 15_000,
      maxRetries: options.maxRetries ?? 3,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      userAgent: options.userAgent ?? 'shipshape',
      isInsecure: (host) => this.isInsecure(host),
      log: options.log,
    };
  }

  get cache(): DigestCache | undefined {
    return this.options.cache;
  }

  /** Whether plain HTTP is allowed to `host[:port]`. */
  isInsecure(host: string): boolean {
    const h = host.toLowerCase();
    const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
    return ALWAYS_INSECURE.has(name) || this.insecure.has(h) || this.insecure.has(name);
  }

  /** The `host[:port]` contacted for a registry name. */
  endpointHost(domain: string): string {
    return this.options.mirrors?.[domain] ?? apiHost(domain);
  }

  /**
   * Where `reference`'s tag points now (`latest` when it has none). Uses a fresh cached answer
   * unless `fresh`; returns the last known answer, marked, when the registry is unreachable.
   */
  async resolve(reference: string | ImageRef, opts: ResolveOptions = {}): Promise<Resolution> {
    const ref = typeof reference === 'string' ? this.parse(reference) : reference;
    const tag = effectiveTag(ref);
    if (!tag) throw new RegistryError('invalid-reference', `${canonicalReference(ref)} names a digest but no tag: there is nothing to resolve`);
    const tagged: ImageRef = { domain: ref.domain, path: ref.path, tag };
    const platform = opts.platform ? formatPlatform(parsePlatform(opts.platform)) : undefined;
    const key = tagKey(tagged, platform);
    const cache = this.options.cache;
    const known = cache?.getTag(key);
    if (known && !opts.fresh && cache!.isFresh(known)) return this.fromCache(tagged, known, platform);
    const flight = key + (opts.fresh ? ' fresh' : '');
    let pending = this.inflight.get(flight);
    if (!pending) {
      pending = this.resolveRemote(tagged, platform, opts.signal).finally(() => this.inflight.delete(flight));
      this.inflight.set(flight, pending);
    }
    try {
      return await pending;
    } catch (err) {
      if (known && err instanceof RegistryError && err.unreachable) return { ...this.fromCache(tagged, known, platform), offlineReason: err.message };
      throw err;
    }
  }

  private fromCache(ref: ImageRef, entry: { digest: string; mediaType: string; resolvedAt: number; indexDigest?: string }, platform?: string): Resolution {
    const index = platform ? this.options.cache?.getTag(tagKey(ref)) : undefined;
    return {
      reference: canonicalReference(ref), digest: entry.digest, mediaType: entry.mediaType,
      ...(platform ? { platform, indexDigest: index?.children?.includes(entry.digest) ? index.digest : undefined } : {}),
      resolvedAt: new Date(entry.resolvedAt).toISOString(), cached: true,
    };
  }

  private parse(text: string): ImageRef {
    try {
      return parseReference(text);
    } catch (err) {
      throw new RegistryError('invalid-reference', (err as Error).message);
    }
  }

  private async resolveRemote(ref: ImageRef, platform: string | undefined, signal?: AbortSignal): Promise<Resolution> {
    const tag = ref.tag!;
    const now = Date.now();
    let digest: string | undefined;
    let mediaType: string | undefined;
    let body: Buffer | undefined;
    const head = await this.request(ref, `manifests/${tag}`, { method: 'HEAD', accept: MANIFEST_ACCEPT, signal });
    const headDigest = head.headers.get('docker-content-digest') ?? undefined;
    if (head.status === 200 && headDigest && DIGEST_RE.test(headDigest) && contentType(head)) {
      digest = headDigest;
      mediaType = contentType(head);
    } else {
      // HEAD said too little (no digest, 404 without a reason, 405): GET tells why, or hashes the body.
      const got = await this.getManifest(ref, tag, signal);
      ({ digest, mediaType, body } = got);
    }
    const cache = this.options.cache;
    const resolvedAt = new Date(now).toISOString();
    if (!platform || !isIndexMediaType(mediaType)) {
      const children = body && isIndexMediaType(mediaType) ? imageManifests(JSON.parse(body.toString('utf8')) as ManifestJson).map((m) => m.descriptor.digest!) : undefined;
      cache?.putTag(tagKey(ref, platform), { digest: digest!, mediaType: mediaType!, resolvedAt: now, ...(children ? { children } : {}) });
      return { reference: canonicalReference(ref), digest: digest!, mediaType: mediaType!, ...(platform ? { platform } : {}), resolvedAt, cached: false };
    }
    // A platform pin: read the index (by digest, so it is the one HEAD named) and choose.
    if (!body) body = (await this.getManifest(ref, digest!, signal)).body;
    const index = JSON.parse(body.toString('utf8')) as ManifestJson;
    const chosen = choosePlatform(index, parsePlatform(platform));
    const available = imageManifests(index).map((m) => formatPlatform(m.platform));
    cache?.putTag(tagKey(ref), { digest: digest!, mediaType: mediaType!, resolvedAt: now, children: imageManifests(index).map((m) => m.descriptor.digest!) });
    if (!chosen?.digest) {
      throw new RegistryError('platform-unknown', `${canonicalReference(ref)} has no ${platform} image (it has ${available.join(', ') || 'no platform images'})`);
    }
    const childType = chosen.mediaType ?? (mediaType === OCI_INDEX ? OCI_MANIFEST : DOCKER_MANIFEST);
    cache?.putTag(tagKey(ref, platform), { digest: chosen.digest, mediaType: childType, resolvedAt: now });
    return { reference: canonicalReference(ref), digest: chosen.digest, mediaType: childType, platform, indexDigest: digest, resolvedAt, cached: false };
  }

  /** GETs a manifest by tag or digest; checks the digest the registry states (or asked for) against the body. */
  private async getManifest(ref: ImageRef, tagOrDigest: string, signal?: AbortSignal): Promise<{ digest: string; mediaType: string; body: Buffer; json: ManifestJson }> {
    const res = await this.request(ref, `manifests/${tagOrDigest}`, { method: 'GET', accept: MANIFEST_ACCEPT, signal, maxBody: MAX_MANIFEST });
    if (res.status !== 200) throw this.statusError(res, ref, tagOrDigest);
    const digest = sha256(res.body);
    const stated = res.headers.get('docker-content-digest');
    const expected = DIGEST_RE.test(tagOrDigest) ? tagOrDigest : stated?.startsWith('sha256:') ? stated : undefined;
    if (expected && expected !== digest) {
      throw new RegistryError('bad-response', `the manifest of ${canonicalReference({ ...ref, tag: undefined })}@${tagOrDigest} from ${this.endpointHost(ref.domain)} does not match its digest`);
    }
    let json: ManifestJson;
    try {
      json = JSON.parse(res.body.toString('utf8')) as ManifestJson;
    } catch {
      throw new RegistryError('bad-response', `${this.endpointHost(ref.domain)} sent a manifest that is not JSON`);
    }
    const mediaType = json.mediaType ?? contentType(res) ?? '';
    return { digest, mediaType, body: res.body, json };
  }

  /**
   * Facts for a hover: the digest the reference names (the tag resolved through the cache when it
   * has no digest), its platforms, and size and creation date of the chosen platform (the one asked,
   * else linux/amd64, else the first). Facts are cached by digest.
   */
  async imageFacts(reference: string | ImageRef, opts: ResolveOptions = {}): Promise<ImageFacts> {
    const ref = typeof reference === 'string' ? this.parse(reference) : reference;
    let digest = ref.digest;
    let resolvedTag: Resolution | undefined;
    if (!digest) {
      resolvedTag = await this.resolve(ref, { signal: opts.signal, fresh: opts.fresh });
      digest = resolvedTag.digest;
    }
    const wanted = opts.platform ? formatPlatform(parsePlatform(opts.platform)) : undefined;
    const cache = this.options.cache;
    const known = cache?.getFacts(digest, wanted);
    if (known) return known;
    const repo: ImageRef = { domain: ref.domain, path: ref.path };
    const top = await this.getManifest(repo, digest, opts.signal);
    let platforms: string[] = [];
    let manifest = top.json;
    let manifestDigest = digest;
    let platform: string | undefined;
    if (isIndexMediaType(top.mediaType) || Array.isArray(top.json.manifests)) {
      const images = imageManifests(top.json);
      platforms = images.map((m) => formatPlatform(m.platform));
      if (resolvedTag && !resolvedTag.cached && cache) {
        cache.putTag(tagKey({ ...ref, tag: effectiveTag(ref) }), { digest, mediaType: top.mediaType, resolvedAt: Date.parse(resolvedTag.resolvedAt), children: images.map((m) => m.descriptor.digest!) });
      }
      const chosen = wanted
        ? choosePlatform(top.json, parsePlatform(wanted))
        : choosePlatform(top.json, { os: 'linux', architecture: 'amd64' }) ?? images[0]?.descriptor;
      if (!chosen?.digest) {
        throw new RegistryError('platform-unknown', `${repositoryName(ref)}@${digest} has no ${wanted ?? 'platform'} image (it has ${platforms.join(', ') || 'none'})`);
      }
      platform = formatPlatform(platformOf(chosen)!);
      manifestDigest = chosen.digest;
      manifest = (await this.getManifest(repo, chosen.digest, opts.signal)).json;
    }
    const layers = manifest.layers ?? [];
    let created: string | undefined;
    if (manifest.config?.digest && DIGEST_RE.test(manifest.config.digest)) {
      const config = await this.getBlob(repo, manifest.config.digest, opts.signal);
      try {
        const json = JSON.parse(config.toString('utf8')) as { created?: unknown; os?: unknown; architecture?: unknown; variant?: unknown };
        if (typeof json.created === 'string') created = json.created;
        if (!platform && typeof json.os === 'string' && typeof json.architecture === 'string') {
          platform = formatPlatform(normalizePlatform({ os: json.os, architecture: json.architecture, variant: typeof json.variant === 'string' ? json.variant : undefined }));
          platforms = [platform];
        }
      } catch {
        // A config that is not JSON (an artifact) has no date; the other facts still hold.
      }
    }
    const facts: ImageFacts = {
      reference: canonicalReference(ref), digest, mediaType: top.mediaType, platforms, platform, manifestDigest,
      compressedSize: layers.reduce((n, l) => n + (typeof l.size === 'number' ? l.size : 0), 0), layers: layers.length,
      ...(created ? { created } : {}), resolvedAt: Date.now(),
    };
    cache?.putFacts(digest, wanted, facts);
    return facts;
  }

  /** GETs a blob (following redirects to storage) and checks its digest. */
  private async getBlob(ref: ImageRef, digest: string, signal?: AbortSignal): Promise<Buffer> {
    const res = await this.request(ref, `blobs/${digest}`, { method: 'GET', accept: '*/*', signal, maxBody: MAX_CONFIG });
    if (res.status !== 200) throw this.statusError(res, ref, digest);
    if (sha256(res.body) !== digest) throw new RegistryError('bad-response', `blob ${digest} of ${repositoryName(ref)} does not match its digest`);
    return res.body;
  }

  // ---- requests, authentication ------------------------------------------------------------

  /** A request to the registry API for `ref`'s repository, authenticating as the registry asks. */
  private async request(ref: ImageRef, suffix: string, o: { method: 'GET' | 'HEAD'; accept: string; signal?: AbortSignal; maxBody?: number }): Promise<HttpResponse> {
    const host = this.endpointHost(ref.domain);
    const scope = `repository:${ref.path}:pull`;
    const path = `/v2/${ref.path}/${suffix}`;
    const headers: Record<string, string> = { accept: o.accept };
    const known = this.challenges.get(host);
    let auth = known ? await this.authorization(host, known, scope, o.signal) : undefined;
    if (auth) headers.authorization = auth;
    let res = await this.sendTo(host, path, { method: o.method, headers, signal: o.signal, maxBodyBytes: o.maxBody });
    if (res.status !== 401) return res;
    const parsed = parseChallenge(res.headers.get('www-authenticate'));
    let challenge: Challenge | undefined;
    if (parsed?.scheme === 'bearer' && parsed.params.realm) challenge = { scheme: 'bearer', realm: parsed.params.realm, service: parsed.params.service };
    else if (parsed?.scheme === 'basic') challenge = { scheme: 'basic' };
    if (!challenge) throw await this.unauthorized(host, ref, 'it did not say how to authenticate');
    this.challenges.set(host, challenge);
    // A token we already sent was refused (expired early, or too narrow): get a new one once.
    if (challenge.scheme === 'bearer') this.tokens.delete(`${host} ${scope}`);
    const next = await this.authorization(host, challenge, scope, o.signal);
    if (!next || next === auth) {
      throw await this.unauthorized(host, ref, parsed?.params.error === 'insufficient_scope' ? 'access denied or the repository does not exist' : undefined);
    }
    auth = next;
    res = await this.sendTo(host, path, { method: o.method, headers: { ...headers, authorization: auth }, signal: o.signal, maxBodyBytes: o.maxBody });
    if (res.status === 401) {
      const again = parseChallenge(res.headers.get('www-authenticate'));
      throw await this.unauthorized(host, ref, again?.params.error === 'insufficient_scope' ? 'access denied or the repository does not exist' : undefined);
    }
    return res;
  }

  private async unauthorized(host: string, ref: ImageRef, why?: string): Promise<RegistryError> {
    const creds = await this.credentialsFor(host).catch(() => undefined);
    const name = repositoryName(ref);
    const reason = why ?? (creds ? `the credentials from ${creds.source} were rejected` : `no credentials for ${host} (run \`docker login ${host}\`)`);
    return new RegistryError('unauthorized', `${host} requires authentication for ${name}: ${reason}`, 401);
  }

  /** Sends to a registry host, HTTPS first; plain HTTP when HTTPS fails and the host is insecure. */
  private async sendTo(host: string, path: string, req: { method: 'GET' | 'HEAD' | 'POST'; headers: Record<string, string>; signal?: AbortSignal; maxBodyBytes?: number; body?: string }): Promise<HttpResponse> {
    const scheme = this.schemes.get(host) ?? 'https:';
    try {
      const res = await send({ ...req, url: new URL(`${scheme}//${host}${path}`) }, this.transport);
      this.schemes.set(host, scheme);
      return res;
    } catch (err) {
      // Another request may have found HTTPS working meanwhile; then this failure is real.
      if (scheme === 'http:' || this.schemes.get(host) === 'https:' || !(err instanceof RegistryError) || err.code !== 'network' || !this.isInsecure(host)) throw err;
      const res = await send({ ...req, url: new URL(`http://${host}${path}`) }, this.transport);
      this.schemes.set(host, 'http:');
      return res;
    }
  }

  private credentialsFor(host: string): Promise<Credentials | undefined> {
    const opts = this.options.credentials;
    if (opts === false) return Promise.resolve(undefined);
    let p = this.creds.get(host);
    if (!p) {
      p = findCredentials(host, opts ?? {});
      this.creds.set(host, p);
      p.catch(() => this.creds.delete(host));
    }
    return p;
  }

  /** The Authorization header for a request under a known challenge, or undefined (anonymous). */
  private async authorization(host: string, challenge: Challenge, scope: string, signal?: AbortSignal): Promise<string | undefined> {
    const creds = await this.credentialsFor(host);
    if (challenge.scheme === 'basic') {
      if (!creds?.username || creds.password === undefined) return undefined;
      return 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
    }
    const key = `${host} ${scope}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return 'Bearer ' + cached.value;
    const token = await this.fetchToken(host, challenge, scope, creds, signal);
    this.tokens.set(key, token);
    return 'Bearer ' + token.value;
  }

  /** Asks the token service the registry named for a pull token; credentials go only there. */
  private async fetchToken(host: string, challenge: { realm: string; service?: string }, scope: string, creds: Credentials | undefined, signal?: AbortSignal): Promise<{ value: string; expiresAt: number }> {
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw new RegistryError('bad-response', `${host} named a token service that is not a URL`);
    }
    checkScheme(realm, this.transport);
    let res: HttpResponse;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'shipshape', scope });
      if (challenge.service) form.set('service', challenge.service);
      res = await send({ method: 'POST', url: realm, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal, maxBodyBytes: 1024 * 1024 }, this.transport);
    } else {
      const url = new URL(realm);
      if (challenge.service) url.searchParams.set('service', challenge.service);
      url.searchParams.set('scope', scope);
      const headers: Record<string, string> = {};
      if (creds?.username && creds.password !== undefined) headers.authorization = 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
      res = await send({ method: 'GET', url, headers, signal, maxBodyBytes: 1024 * 1024 }, this.transport);
    }
    if (res.status === 401 || res.status === 403) {
      const why = creds ? `rejected the credentials from ${creds.source}` : 'refused anonymous access';
      throw new RegistryError(res.status === 401 ? 'unauthorized' : 'denied', `the token service of ${host} (${hostPort(realm)}) ${why}`, res.status);
    }
    if (res.status !== 200) throw new RegistryError('bad-response', `the token service of ${host} (${hostPort(realm)}) answered HTTP ${res.status}`, res.status);
    let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(res.body.toString('utf8')) as typeof json;
    } catch {
      throw new RegistryError('bad-response', `the token service of ${host} sent something that is not JSON`);
    }
    const value = typeof json.token === 'string' && json.token ? json.token : typeof json.access_token === 'string' ? json.access_token : '';
    if (!value) throw new RegistryError('bad-response', `the token service of ${host} sent no token`);
    const seconds = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 60;
    return { value, expiresAt: Date.now() + Math.max(1, seconds - 10) * 1000 };
  }

  /** A clear error for an unexpected status, using the registry's error code when it sent one. */
  private statusError(res: HttpResponse, ref: ImageRef, tagOrDigest: string): RegistryError {
    const host = this.endpointHost(ref.domain);
    const name = repositoryName(ref);
    let code: string | undefined;
    let detail: string | undefined;
    try {
      const json = JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
      code = json.errors?.[0]?.code;
      detail = json.errors?.[0]?.message;
    } catch {
      // Not a registry error body; the status says enough.
    }
    const isDigest = DIGEST_RE.test(tagOrDigest);
    const what = isDigest ? `digest ${tagOrDigest}` : `tag "${tagOrDigest}"`;
    const via = this.options.mirrors?.[ref.domain] ? ` (asked ${host})` : '';
    if (res.status === 404 || code === 'NAME_UNKNOWN' || code === 'MANIFEST_UNKNOWN' || code === 'BLOB_UNKNOWN') {
      if (code === 'NAME_UNKNOWN') return new RegistryError('name-unknown', `repository ${name} was not found${via}`, res.status);
      return new RegistryError('manifest-unknown', `${name}${isDigest ? '@' : ':'}${tagOrDigest} was not found${via}: no such ${isDigest ? 'digest' : 'tag'} (or repository)`, res.status);
    }
    if (res.status === 403) return new RegistryError('denied', `${host} denied access to ${name}${detail ? `: ${detail}` : ''}`, 403);
    return new RegistryError('bad-response', `${host} answered HTTP ${res.status} for ${what} of ${name}${code ? ` (${code}${detail ? `: ${detail}` : ''})` : ''}`, res.status);
  }
}
