/**
 * Image references normalized the way Docker does it (distribution/reference's
 * ParseNormalizedNamed): `node` is `docker.io/library/node:latest`, a first path component is a
 * registry only when it has a dot, a colon or is `localhost`, and Docker Hub is contacted at
 * registry-1.docker.io. Also platforms (`os/arch[/variant]`) with the usual aliases.
 */

/** A fully qualified image reference. */
export interface ImageRef {
  /** Registry name as Docker writes it: `docker.io`, `ghcr.io`, `localhost:5000`. */
  domain: string;
  /** Repository path within the registry: `library/node`, `org/app`. */
  path: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API = 'registry-1.docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** Thrown for text that is not an image reference; the message says what is wrong. */
export class InvalidReferenceError extends Error {
  constructor(readonly reference: string, reason: string) {
    super(`"${reference}" is not a valid image reference: ${reason}`);
    this.name = 'InvalidReferenceError';
  }
}

/** Parses and normalizes `[registry[:port]/]path[:tag][@digest]`; throws InvalidReferenceError. */
export function parseReference(text: string): ImageRef {
  const ref = text.trim();
  if (!ref) throw new InvalidReferenceError(text, 'it is empty');
  if (/\s/.test(ref)) throw new InvalidReferenceError(text, 'it contains white space');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new InvalidReferenceError(text, `"${digest}" is not a digest (algorithm:hex)`);
    if (digest.startsWith('sha256:') && !SHA256.test(digest)) throw new InvalidReferenceError(text, 'a sha256 digest has 64 lower-case hex digits');
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidReferenceError(text, `"${tag}" is not a valid tag`);
  }
  let domain = DOCKER_HUB;
  let path = rest;
  const first = rest.indexOf('/');
  if (first >= 0) {
    const head = rest.slice(0, first);
    // Docker's rule: a registry has a dot or a port, is localhost, or is not all lower-case.
    if (head.includes('.') || head.includes(':') || head === 'localhost' || head.toLowerCase() !== head) {
      domain = head;
      path = rest.slice(first + 1);
    }
  }
  if (!DOMAIN.test(domain)) throw new InvalidReferenceError(text, `"${domain}" is not a registry host`);
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !path.includes('/')) path = 'library/' + path;
  if (!path) throw new InvalidReferenceError(text, 'the repository name is missing');
  if (path.toLowerCase() !== path) throw new InvalidReferenceError(text, 'repository names must be lower-case');
  for (const c of path.split('/')) if (!COMPONENT.test(c)) throw new InvalidReferenceError(text, `"${c}" is not a valid repository path component`);
  if (domain.length + 1 + path.length > 255) throw new InvalidReferenceError(text, 'the name is longer than 255 characters');
  return { domain, path, tag, digest };
}

/** Like parseReference, but undefined instead of an exception. */
export function tryParseReference(text: string): ImageRef | undefined {
  try {
    return parseReference(text);
  } catch {
    return undefined;
  }
}

/** `docker.io/library/node` */
export function repositoryName(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}`;
}

/** `docker.io/library/node:20@sha256:…` (tag and digest only when present). */
export function canonicalReference(ref: ImageRef): string {
  return repositoryName(ref) + (ref.tag ? ':' + ref.tag : '') + (ref.digest ? '@' + ref.digest : '');
}

/** The short form Docker prints: `node:20`, `org/app:1`, `ghcr.io/x/y:2`. */
export function familiarReference(ref: ImageRef): string {
  let name = repositoryName(ref);
  if (ref.domain === DOCKER_HUB) name = ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
  return name + (ref.tag ? ':' + ref.tag : '') + (ref.digest ? '@' + ref.digest : '');
}

/** The tag the reference follows: its tag, or `latest` when it names neither tag nor digest. */
export function effectiveTag(ref: ImageRef): string | undefined {
  return ref.tag ?? (ref.digest ? undefined : 'latest');
}

/** The host[:port] to talk to for a registry name (Docker Hub's API lives elsewhere). */
export function apiHost(domain: string): string {
  return domain === DOCKER_HUB ? DOCKER_HUB_API : domain;
}

/** A platform as image indexes describe it. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const ARCH_ALIASES: Record<string, [string, string?]> = {
  x86_64: ['amd64'], 'x86-64': ['amd64'], aarch64: ['arm64'], armhf: ['arm', 'v7'], armel: ['arm', 'v6'], i386: ['386'], i686: ['386'],
};

/** Parses `os/arch[/variant]` (e.g. `linux/arm64/v8`), normalizing common aliases. Throws on bad input. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) {
    throw new Error(`"${text}" is not a platform: expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`);
  }
  const os = parts[0];
  let architecture = parts[1];
  let variant: string | undefined = parts[2];
  const alias = ARCH_ALIASES[architecture];
  if (alias) {
    architecture = alias[0];
    variant ??= alias[1];
  }
  return normalizePlatform({ os, architecture, variant });
}

/** Fills in the default variant (arm64 → v8, arm → v7) so platforms compare equal. */
export function normalizePlatform(p: Platform): Platform {
  let variant = p.variant || undefined;
  if (p.architecture === 'arm64' && !variant) variant = 'v8';
  if (p.architecture === 'arm' && !variant) variant = 'v7';
  return { os: p.os, architecture: p.architecture, variant };
}

/** `linux/amd64`, `linux/arm64/v8` */
export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? '/' + p.variant : ''}`;
}

export function samePlatform(a: Platform, b: Platform): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return x.os === y.os && x.architecture === y.architecture && (x.variant ?? '') === (y.variant ?? '');
}
