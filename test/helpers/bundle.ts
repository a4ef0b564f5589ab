/** The built language server (dist/server.js), and a check that it is not older than its sources. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** $SHIPSHAPE_SERVER_JS runs another bundle (then only its existence is checked). */
export const SERVER_JS = process.env.SHIPSHAPE_SERVER_JS ? path.resolve(process.env.SHIPSHAPE_SERVER_JS) : path.join(ROOT, 'dist', 'server.js');

let checked = false;

/** Fails when dist/server.js is missing or older than a file of server/src (run `node scripts/build.mjs`). */
export function assertFreshBundle(): void {
  if (checked) return;
  assert.ok(fs.existsSync(SERVER_JS), `${path.relative(ROOT, SERVER_JS)} is missing: run \`node scripts/build.mjs\` first`);
  if (process.env.SHIPSHAPE_SERVER_JS) {
    checked = true;
    return;
  }
  const built = fs.statSync(SERVER_JS).mtimeMs;
  const newest = (dir: string): { file: string; mtime: number } => {
    let best = { file: dir, mtime: 0 };
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const c = e.isDirectory() ? newest(p) : { file: p, mtime: fs.statSync(p).mtimeMs };
      if (c.mtime > best.mtime) best = c;
    }
    return best;
  };
  const src = newest(path.join(ROOT, 'server', 'src'));
  assert.ok(src.mtime <= built, `dist/server.js is older than ${path.relative(ROOT, src.file)}: run \`node scripts/build.mjs\` first`);
  checked = true;
}
