/**
 * The Kubernetes objects of a set of files (the CLI's run, the editor's workspace), as plain JSON,
 * for rules about references between objects: "this Service selects no pods", "this ConfigMap is
 * not defined". Files are re-read only when their text changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { WorkspaceObject, WorkspaceView } from '../../engine/rule';
import { looksLikeKubernetes } from '../detect';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', 'vendor']);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Objects of one text, as JSON; documents that fail to parse or are not objects are skipped. */
export function objectsOf(uri: string, text: string): WorkspaceObject[] {
  if (!looksLikeKubernetes(text)) return [];
  const out: WorkspaceObject[] = [];
  try {
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      if (!('errors' in doc) || doc.errors.length) continue;
      const json = doc.toJSON() as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json) && 'kind' in json && 'apiVersion' in json) {
        out.push({ uri, json: json as Record<string, unknown> });
      }
    }
  } catch {
    // A file we cannot read as YAML contributes nothing.
  }
  return out;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, { text: string; objects: WorkspaceObject[] }>();
  /** Set once every file of the workspace has been read. */
  complete = false;

  setFile(uri: string, text: string): void {
    const cur = this.files.get(uri);
    if (cur && cur.text === text) return;
    this.files.set(uri, { text, objects: objectsOf(uri, text) });
  }

  deleteFile(uri: string): void {
    this.files.delete(uri);
  }

  /** What a rule linting `uri` sees: every other file's objects. */
  view(uri: string): WorkspaceView {
    const objects: WorkspaceObject[] = [];
    for (const [u, f] of this.files) if (u !== uri) objects.push(...f.objects);
    return { objects, complete: this.complete };
  }

  /**
   * Reads the YAML files under `dir` (at most `limit`), calling `toUri` to name them. Marks the index
   * complete when every file fitted in the limit. Yields to the event loop between files.
   */
  async scan(dir: string, toUri: (file: string) => string, limit = 2000, signal?: AbortSignal): Promise<void> {
    const files: string[] = [];
    const walk = async (d: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (files.length > limit || signal?.aborted) return;
        const full = path.join(d, e.name);
        if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(full);
        else if (e.isFile() && /\.ya?ml$/i.test(e.name)) files.push(full);
      }
    };
    await walk(dir);
    for (const file of files.slice(0, limit)) {
      if (signal?.aborted) return;
      try {
        const stat = await fs.promises.stat(file);
        if (stat.size > MAX_FILE_BYTES) continue;
        const uri = toUri(file);
        if (!this.files.has(uri)) this.setFile(uri, await fs.promises.readFile(file, 'utf8'));
      } catch {
        // unreadable: skip
      }
    }
    this.complete = files.length <= limit && !signal?.aborted;
  }
}
