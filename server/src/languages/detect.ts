/**
 * Which Shipshape language a file is: Dockerfiles by name, Kubernetes by content (a YAML document
 * with top-level `apiVersion` and `kind`). Helm templates (files under a chart's templates/) are
 * not plain YAML and are left to the Helm support.
 */
import * as path from 'path';
import type { Language } from '../engine/types';

const DOCKERFILE_NAME = /^(dockerfile|containerfile)(\..+)?$|\.(dockerfile|containerfile)$/i;

export function isDockerfileName(fileName: string): boolean {
  return DOCKERFILE_NAME.test(path.basename(fileName));
}

export function isYamlName(fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName);
}

/** A quick, parse-free test: some document has top-level `apiVersion:` and `kind:` keys. */
export function looksLikeKubernetes(text: string): boolean {
  const docs = text.split(/^---.*$/m);
  return docs.some((d) => /^apiVersion\s*:/m.test(d) && /^kind\s*:/m.test(d));
}

export function detectLanguage(fileName: string, text: string): Language | undefined {
  if (isDockerfileName(fileName)) return 'dockerfile';
  if (isYamlName(fileName) && looksLikeKubernetes(text)) return 'kubernetes';
  return undefined;
}
