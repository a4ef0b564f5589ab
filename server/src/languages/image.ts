/**
 * Image references as Docker reads them: `[registry[:port]/]repository[:tag][@digest]`.
 * Shared by the Dockerfile and Kubernetes rules (and by the registry client), so "is this the
 * latest tag?" has one answer everywhere.
 */

export interface ImageReference {
  /** Registry host (with port) when the reference names one; undefined means Docker Hub. */
  registry?: string;
  /** Repository path without registry, e.g. `library/node` is written `node`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Parses an image reference; returns undefined for empty or obviously malformed text. */
export function parseImageReference(ref: string): ImageReference | undefined {
  const text = ref.trim();
  if (!text || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const first = rest.indexOf('/');
  if (first > 0) {
    const head = rest.slice(0, first);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      rest = rest.slice(first + 1);
    }
  }
  if (!rest) return undefined;
  return { registry, repository: rest, tag: tag || undefined, digest: digest || undefined };
}

/** The last path segment of the repository, lower-cased: `gcr.io/distroless/nodejs20` -> `nodejs20`. */
export function imageBaseName(ref: ImageReference): string {
  const parts = ref.repository.toLowerCase().split('/');
  return parts[parts.length - 1];
}

export type Distro = 'alpine' | 'debian' | 'distroless' | 'scratch' | 'redhat' | 'unknown';

/** Debian-based official images that do not say so in their name. */
const DEBIAN_BASED = new Set([
  'debian', 'ubuntu', 'node', 'python', 'ruby', 'golang', 'php', 'perl', 'rust', 'openjdk',
  'eclipse-temurin', 'maven', 'gradle', 'nginx', 'httpd', 'buildpack-deps', 'elixir', 'haskell',
  'julia', 'r-base', 'gcc', 'swift', 'dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'sdk', 'aspnet', 'runtime',
]);

/**
 * Images whose default user is already not root: distroless `:nonroot` tags, Ubuntu chiseled
 * images (e.g. .NET's, which set `USER $APP_UID`), nginx-unprivileged, Chainguard images.
 */
export function runsAsNonRootByDefault(ref: ImageReference | undefined): boolean {
  if (!ref) return false;
  const repo = ref.repository.toLowerCase();
  const tag = (ref.tag ?? '').toLowerCase();
  return /(^|[-_.])nonroot([-_.]|$)/.test(tag) || tag.includes('chiseled') || repo.includes('unprivileged') ||
    repo.startsWith('chainguard/') || (ref.registry ?? '').includes('chainguard');
}

/** Windows base images, which have no root user (ContainerUser / ContainerAdministrator instead). */
export function isWindowsImage(ref: ImageReference | undefined): boolean {
  if (!ref) return false;
  const text = `${ref.repository} ${ref.tag ?? ''}`.toLowerCase();
  return /(^|[\/ -])(windows|servercore|windowsservercore|nanoserver)/.test(text) || text.includes('ltsc20');
}

/** Best guess of the distribution an image is built on, from its name and tag. */
export function guessDistro(ref: ImageReference | undefined): Distro {
  if (!ref) return 'unknown';
  const repo = ref.repository.toLowerCase();
  const tag = (ref.tag ?? '').toLowerCase();
  if (repo === 'scratch') return 'scratch';
  if (repo.includes('distroless') || repo.startsWith('chainguard/') || (ref.registry ?? '').includes('chainguard')) return 'distroless';
  if (repo === 'alpine' || repo.endsWith('/alpine') || tag.includes('alpine')) return 'alpine';
  if (/(^|\/)(ubi\d*|ubi\d+-minimal|fedora|centos|rockylinux|almalinux|amazonlinux)$/.test(repo)) return 'redhat';
  if (tag.includes('bookworm') || tag.includes('bullseye') || tag.includes('slim') || tag.includes('jammy') || tag.includes('noble')) return 'debian';
  const base = imageBaseName(ref);
  if (DEBIAN_BASED.has(base) || DEBIAN_BASED.has(repo.replace(/^library\//, ''))) return 'debian';
  return 'unknown';
}
