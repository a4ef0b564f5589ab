/**
 * Runs a mocha suite inside code-server's real extension host with the packaged .vsix (via
 * test/extension-host/runInCodeServer.ts) and asserts that it passed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { ROOT } from './vsix';

export function assertExtensionHostSuitePasses(t: TestContext, { tests, minPasses, timeoutSeconds = 280 }: {
  /** The suite's index module (default: test/extension-host/suite/index.js). */
  tests?: string;
  /** Fewer passing tests than this is a failure (a suite that silently ran nothing). */
  minPasses: number;
  timeoutSeconds?: number;
}): void {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  const vsix = path.join(ROOT, `shipshape-${version}.vsix`);
  if (!fs.existsSync(vsix)) {
    if (process.env.CI || process.env.SHIPSHAPE_E2E_REQUIRE) assert.fail(`${vsix} is missing: run \`npm run package\` first`);
    t.skip(`*** SKIPPED: ${path.basename(vsix)} not built (npm run package) ***`);
    return;
  }
  const args = [
    '--import', 'tsx', path.join(ROOT, 'test', 'extension-host', 'runInCodeServer.ts'),
    '--vsix', vsix, '--timeout', String(timeoutSeconds - 20),
    ...(tests ? ['--tests', tests] : []),
  ];
  const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutSeconds * 1000 });
  const out = `${res.stdout}\n${res.stderr}`;
  const m = /extension-host: (\d+) passed, (\d+) failed/.exec(out);
  assert.ok(m, `no result line from the extension-host run:\n${out.slice(-3000)}`);
  assert.equal(Number(m[2]), 0, out.slice(-3000));
  assert.ok(Number(m[1]) >= minPasses, `expected at least ${minPasses} passing extension-host tests:\n${out.slice(-3000)}`);
  assert.equal(res.status, 0, out.slice(-3000));
}
