/**
 * Finding the files that name images, for `shipshape pin` and the editor's "Pin All in
 * Workspace": Dockerfiles by name, Kubernetes manifests and Compose files by name and content,
 * walking folders (without .git and node_modules) and leaving Helm chart templates alone. The
 * folder walk and the Helm check also serve `shipshape lint` (cli/files.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDockerfileName, isYamlName } from '../languages/detect';
import { detectPinLanguage, type PinLanguage } from './pin';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * True when `dir`, or a folder up to six levels above it, is the `templates` folder of a Helm chart
 * (a Chart.yaml beside it). Only the levels `dir` spells out are looked at: pass an absolute path to
 * look above the current folder too.
 */
export function inHelmTemplates(dir: string): boolean {
  let cur = dir;
  for (let i = 0; i < 6 && path.basename(cur) !== '' && cur !== path.dirname(cur); i++) {
    if (path.basename(cur) === 'templates' && fs.existsSync(path.join(path.dirname(cur), 'Chart.yaml'))) return true;
    cur = path.dirname(cur);
  }
  return false;
}

function isHelmTemplate(file: string): boolean {
  return inHelmTemplates(path.dirname(path.resolve(file)));
}

/**
 * Appends the files under `dir` that may be Dockerfiles or YAML, judged by name, to `out`: entries
 * in name order, depth first, skipping .git, node_modules, .hg and .svn. Folders that cannot be read
 * are passed over.
 */
export function walkFiles(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walkFiles(full, out);
    else if (e.isFile() && (isDockerfileName(e.name) || isYamlName(e.name))) out.push(full);
  }
}

export interface PinFile {
  file: string;
  language: PinLanguage;
  text: string;
}

/** Dockerfiles, Kubernetes manifests and Compose files under `paths` (Helm templates left out). */
export function collectPinFiles(paths: string[], cwd: string): { files: PinFile[]; notes: string[]; missing: string[] } {
  const files: PinFile[] = [];
  const notes: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    const found: string[] = [];
    if (stat.isDirectory()) walkFiles(abs, found);
    else found.push(abs);
    for (const file of found) {
      if (seen.has(file)) continue;
      seen.add(file);
      const shown = path.relative(cwd, file) || file;
      if (isHelmTemplate(file) || fs.statSync(file).size > MAX_BYTES) {
        if (stat.isFile()) notes.push(`skipped ${shown}: ${isHelmTemplate(file) ? 'a Helm template' : 'larger than 5 MB'}`);
        continue;
      }
      let text = fs.readFileSync(file, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const language = detectPinLanguage(file, text);
      if (!language) {
        if (stat.isFile()) notes.push(`skipped ${shown}: not a Dockerfile, Kubernetes manifest or Compose file`);
        continue;
      }
      files.push({ file, language, text });
    }
  }
  return { files, notes, missing };
}
