/**
 * The one error type of the registry client. `code` says what went wrong in words a caller can
 * branch on (fall back to the cache when the registry is unreachable, say "docker login" on
 * `unauthorized`); the message is written for people and never contains credentials or tokens.
 */

export type RegistryErrorCode =
  /** 401 and no (working) credentials. */
  | 'unauthorized'
  /** 403: the credentials are valid but do not allow pulling. */
  | 'denied'
  /** 404 NAME_UNKNOWN: no such repository. */
  | 'name-unknown'
  /** 404 MANIFEST_UNKNOWN (or a bare 404): no such tag or digest. */
  | 'manifest-unknown'
  /** The index has no manifest for the requested platform. */
  | 'platform-unknown'
  /** 429 after the allowed retries. */
  | 'rate-limited'
  /** 5xx after the allowed retries. */
  | 'server-error'
  /** No answer within the time limit. */
  | 'timeout'
  /** Cancelled through the caller's AbortSignal. */
  | 'aborted'
  /** Connection refused, DNS failure, TLS failure, reset. */
  | 'network'
  /** An answer that breaks the protocol (bad digest, bad JSON, unexpected status, too big). */
  | 'bad-response'
  /** Plain HTTP to a registry that is not listed as insecure, or an HTTPS → HTTP redirect. */
  | 'insecure'
  /** The Docker config or a credential helper failed. */
  | 'credentials'
  /** Not an image reference, or nothing to resolve (a digest without a tag). */
  | 'invalid-reference';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    /** HTTP status when the registry answered. */
    readonly status?: number,
    /** Seconds the registry asked us to wait (429/503 Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  /** Errors after which the last known answer (the cache) is the best we can do. */
  get unreachable(): boolean {
    return this.code === 'network' || this.code === 'timeout' || this.code === 'server-error' || this.code === 'rate-limited';
  }
}

export function isRegistryError(err: unknown, code?: RegistryErrorCode): err is RegistryError {
  return err instanceof RegistryError && (code === undefined || err.code === code);
}
