/**
 * Finding the files the CLI checks: walks folders (skipping .git and node_modules), recognizes
 * Dockerfiles by name and Kubernetes YAML by content, and leaves Helm chart templates alone
 * (they are Go templates, not YAML, until Helm renders them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { detectLanguage } from '../languages/detect';
import type { Language } from '../engine/types';
import { inHelmTemplates, walkFiles } from '../registry/files';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface Candidate {
  file: string;
  language: Language;
  text: string;
}

export interface Skipped {
  file: string;
  reason: string;
}

/** Paths as given on the command line: a relative path is checked for Helm templates within what it spells out. */
function isHelmTemplate(file: string): boolean {
  return inHelmTemplates(path.dirname(file));
}

/** Expands paths into files; `explicit` files are reported as skipped when they are not ours. */
export function collectFiles(paths: string[]): { candidates: Candidate[]; skipped: Skipped[]; missing: string[] } {
  const candidates: Candidate[] = [];
  const skipped: Skipped[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    const files: string[] = [];
    const explicit = stat.isFile();
    if (stat.isDirectory()) walkFiles(p, files);
    else files.push(p);
    for (const file of files) {
      const key = path.resolve(file);
      if (seen.has(key)) continue;
      seen.add(key);
      if (isHelmTemplate(file)) {
        if (explicit) skipped.push({ file, reason: 'Helm template (render it with `shipshape helm`)' });
        continue;
      }
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        skipped.push({ file, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
        continue;
      }
      const buf = fs.readFileSync(file);
      if (buf.includes(0)) {
        skipped.push({ file, reason: 'binary file' });
        continue;
      }
      let text = buf.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const language = detectLanguage(file, text);
      if (!language) {
        if (explicit) skipped.push({ file, reason: 'not a Dockerfile or a Kubernetes manifest' });
        continue;
      }
      candidates.push({ file, language, text });
    }
  }
  return { candidates, skipped, missing };
}
