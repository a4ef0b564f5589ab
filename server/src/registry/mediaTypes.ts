/**
 * The manifest media types of the OCI image spec and Docker's schema 2. A registry answers a tag
 * only in a type the client accepts (and may silently convert a manifest list otherwise), so every
 * manifest request sends all four.
 */

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

/** The Accept header of every manifest request. */
export const MANIFEST_ACCEPT = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(', ');

export function isIndexMediaType(type: string | undefined): boolean {
  return type === OCI_INDEX || type === DOCKER_MANIFEST_LIST;
}

export function isManifestMediaType(type: string | undefined): boolean {
  return type === OCI_MANIFEST || type === DOCKER_MANIFEST;
}

/** A short name for hovers: "OCI index", "Docker manifest list", … */
export function mediaTypeLabel(type: string): string {
  switch (type) {
    case OCI_INDEX: return 'OCI image index';
    case OCI_MANIFEST: return 'OCI image manifest';
    case DOCKER_MANIFEST_LIST: return 'Docker manifest list';
    case DOCKER_MANIFEST: return 'Docker image manifest (v2)';
    default: return type;
  }
}
