/**
 * The extension-host suite (mocha, `vscode` API) run inside code-server's real extension host with
 * the packaged .vsix, via test/extension-host/runInCodeServer.ts. On machines that can download
 * desktop VS Code, test/extension-host/runTest.ts runs the same suite with @vscode/test-electron.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

test('extension-host suite inside code-server passes', { timeout: 300_000 }, (t) => {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  const vsix = path.join(ROOT, `shipshape-${version}.vsix`);
  if (!fs.existsSync(vsix)) {
    if (process.env.CI || process.env.SHIPSHAPE_E2E_REQUIRE) assert.fail(`${vsix} is missing: run \`npm run package\` first`);
    t.skip(`*** SKIPPED: ${path.basename(vsix)} not built (npm run package) ***`);
    return;
  }
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/extension-host/runInCodeServer.ts'), '--vsix', vsix], {
    cwd: ROOT, encoding: 'utf8', timeout: 280_000,
  });
  const out = `${res.stdout}\n${res.stderr}`;
  const m = /extension-host: (\d+) passed, (\d+) failed/.exec(out);
  assert.ok(m, `no result line from the extension-host run:\n${out.slice(-3000)}`);
  assert.equal(Number(m[2]), 0, out.slice(-3000));
  assert.ok(Number(m[1]) >= 3, `expected at least 3 passing extension-host tests:\n${out.slice(-3000)}`);
  assert.equal(res.status, 0, out.slice(-3000));
});
