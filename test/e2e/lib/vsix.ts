// vsix.ts: which packaged extension the real-VS-Code tests install, and the skip message when there is none.
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The repo root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** $SHIPSHAPE_VSIX, else the newest shipshape-*.vsix in the repo root. */
export function findVsix(): string | undefined {
  if (process.env.SHIPSHAPE_VSIX) return path.resolve(process.env.SHIPSHAPE_VSIX);
  return readdirSync(ROOT).filter((f) => /^shipshape-.*\.vsix$/.test(f)).map((f) => path.join(ROOT, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/**
 * The .vsix to install, or why the suite `file` is skipped (printed loudly; with
 * SHIPSHAPE_E2E_REQUIRE=1 a missing package throws instead, so the run fails).
 */
export function vsixOrSkip(file: string): { vsix: string | undefined; skip: string | false } {
  const vsix = findVsix();
  const skip = vsix && existsSync(vsix) ? false
    : `no shipshape-*.vsix in the repo root${process.env.SHIPSHAPE_VSIX ? ` ($SHIPSHAPE_VSIX=${process.env.SHIPSHAPE_VSIX} missing)` : ''}: run \`npm run package\` first`;
  if (skip) {
    console.error(`\n*** ${file} SKIPPED: ${skip} ***\n`);
    if (process.env.SHIPSHAPE_E2E_REQUIRE === '1') throw new Error(`SHIPSHAPE_E2E_REQUIRE=1 but ${skip}`);
  }
  return { vsix, skip };
}
