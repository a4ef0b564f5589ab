/**
 * HTTP for the registry client on Node's global fetch: redirects followed by hand so an
 * Authorization header never reaches another origin, plain HTTP only to hosts listed as insecure,
 * a time limit per attempt (headers and body), cancellation, and bounded retries with backoff on
 * 429/5xx and dropped connections, honouring Retry-After.
 */
import { RegistryError } from './errors';

export interface TransportOptions {
  /** Time limit of one attempt, body included. */
  timeoutMs: number;
  /** Retries after the first attempt on 429, 5xx and dropped connections. */
  maxRetries: number;
  /** The longest single wait accepted; a longer Retry-After fails at once. */
  maxRetryDelayMs: number;
  /** Whether plain HTTP is allowed to `host[:port]`. */
  isInsecure(hostPort: string): boolean;
  userAgent: string;
  /** Method and URL of every request sent (never headers or bodies), for debugging. */
  log?: (line: string) => void;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: URL;
  /** Lower-case header names. */
  headers?: Record<string, string>;
  body?: string;
  /** Bodies longer than this are refused (GET/POST). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The URL that answered, after redirects. */
  url: URL;
  /** Empty for HEAD. */
  body: Buffer;
  /** Whether the Authorization header was dropped on a redirect to another origin. */
  authorizationDropped: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRY_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const MAX_REDIRECTS = 5;
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/** `host:port` as written in registry names (default ports left out). */
export function hostPort(url: URL): string {
  return url.host;
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const when = Date.parse(v);
  return Number.isNaN(when) ? undefined : Math.max(0, Math.ceil((when - now) / 1000));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A failed connection; `retryable` when it dropped rather than being refused. */
class NetworkError extends RegistryError {
  constructor(message: string, readonly retryable: boolean) {
    super('network', message);
  }
}

function abortError(): RegistryError {
  return new RegistryError('aborted', 'cancelled');
}

function causeCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** A sentence for a failed connection, from the error code Node gives. */
function networkMessage(host: string, code: string | undefined, err: unknown): string {
  switch (code) {
    case 'ECONNREFUSED': return `cannot reach ${host}: connection refused`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot reach ${host}: host not found (DNS)`;
    case 'ECONNRESET': case 'UND_ERR_SOCKET': case 'UND_ERR_CLOSED': return `cannot reach ${host}: the connection was closed`;
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `cannot reach ${host}: network unreachable`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER': case 'EPROTO':
      return `TLS handshake with ${host} failed (a plain-HTTP registry must be listed as insecure)`;
    default:
      if (code && /CERT|SELF_SIGNED|ERR_TLS/.test(code)) return `TLS certificate of ${host} was not accepted (${code})`;
      return `cannot reach ${host}: ${code ?? ((err as Error)?.message || 'network error')}`;
  }
}

async function readBody(res: Response, limit: number, host: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new RegistryError('bad-response', `${host} sent ${declared} bytes, more than the ${limit} accepted`, res.status);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RegistryError('bad-response', `${host} sent more than the ${limit} bytes accepted`, res.status);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Checks that a URL may be used: HTTP(S) only, plain HTTP only to insecure hosts. */
export function checkScheme(url: URL, opts: Pick<TransportOptions, 'isInsecure'>): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && opts.isInsecure(hostPort(url))) return;
  if (url.protocol === 'http:') {
    throw new RegistryError('insecure', `refusing plain HTTP to ${hostPort(url)}: it is not listed as an insecure registry`);
  }
  throw new RegistryError('bad-response', `unsupported URL scheme "${url.protocol}"`);
}

/** One attempt: the request and its redirects, within the attempt's time limit. */
async function attempt(req: HttpRequest, opts: TransportOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const headers: Record<string, string> = { 'user-agent': opts.userAgent, ...req.headers };
  const origin = req.url.origin;
  let url = req.url;
  let method = req.method;
  let body = req.body;
  let dropped = false;
  try {
    for (let hop = 0; ; hop++) {
      checkScheme(url, opts);
      // Credentials belong to the origin they were meant for, never to the target of a redirect.
      if (url.origin !== origin && 'authorization' in headers) {
        delete headers.authorization;
        dropped = true;
      }
      opts.log?.(`${method} ${url.href}`);
      const res = await fetch(url, { method, headers, body, redirect: 'manual', signal });
      const location = res.headers.get('location');
      if (REDIRECTS.has(res.status) && location) {
        await res.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS) throw new RegistryError('bad-response', `too many redirects from ${hostPort(req.url)}`, res.status);
        const next = new URL(location, url);
        if (url.protocol === 'https:' && next.protocol === 'http:' && !opts.isInsecure(hostPort(next))) {
          throw new RegistryError('insecure', `refusing the redirect from HTTPS to plain HTTP (${hostPort(next)})`);
        }
        if (res.status === 303 && method !== 'HEAD') {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      const data = method === 'HEAD' ? Buffer.alloc(0) : await readBody(res, req.maxBodyBytes ?? DEFAULT_MAX_BODY, hostPort(url));
      if (method === 'HEAD') await res.body?.cancel().catch(() => undefined);
      return { status: res.status, headers: res.headers, url, body: data, authorizationDropped: dropped };
    }
  } catch (err) {
    if (err instanceof RegistryError) throw err;
    if (req.signal?.aborted) throw abortError();
    if (timeout.aborted) {
      throw new RegistryError('timeout', `${hostPort(url)} did not answer within ${formatSeconds(opts.timeoutMs)}`);
    }
    const code = causeCode(err);
    throw new NetworkError(networkMessage(hostPort(url), code, err), !!code && RETRY_NETWORK.has(code));
  }
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Sends a request with redirects, time limit and retries. 429 and 5xx answers that survive the
 * retries become RegistryErrors; every other status is returned for the caller to interpret.
 */
export async function send(req: HttpRequest, opts: TransportOptions): Promise<HttpResponse> {
  for (let tries = 0; ; tries++) {
    if (req.signal?.aborted) throw abortError();
    let res: HttpResponse;
    try {
      res = await attempt(req, opts);
    } catch (err) {
      if (!(err instanceof NetworkError) || !err.retryable || tries >= opts.maxRetries) throw err;
      await sleep(backoff(tries, opts), req.signal);
      continue;
    }
    if (!RETRY_STATUS.has(res.status)) return res;
    const host = hostPort(res.url);
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    const what = res.status === 429 ? `${host} is rate limiting requests (HTTP 429)` : `${host} answered HTTP ${res.status}`;
    const code = res.status === 429 ? 'rate-limited' : 'server-error';
    if (retryAfter !== undefined && retryAfter * 1000 > opts.maxRetryDelayMs) {
      throw new RegistryError(code, `${what}; it asks to retry after ${retryAfter} s`, res.status, retryAfter);
    }
    if (tries >= opts.maxRetries) {
      const after = retryAfter !== undefined ? `; retry after ${retryAfter} s` : '';
      throw new RegistryError(code, `${what}, ${tries + 1} attempt${tries ? 's' : ''}${after}`, res.status, retryAfter);
    }
    await sleep(retryAfter !== undefined ? retryAfter * 1000 : backoff(tries, opts), req.signal);
  }
}

function backoff(tries: number, opts: TransportOptions): number {
  const base = Math.min(opts.maxRetryDelayMs, 250 * 2 ** tries);
  return Math.round(base * (0.5 + Math.random() * 0.5));
}
