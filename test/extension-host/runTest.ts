// runTest.ts: runs the extension-host suite (suite/index.js) in desktop VS Code via
// @vscode/test-electron, for machines that can download VS Code (ours cannot: use runInCodeServer.ts).
// Loads the repo root (npm run build first) on a copy of test/fixtures/workspace. Env:
// SHIPSHAPE_VSCODE_VERSION (1.100.3), SHIPSHAPE_VSCODE_EXECUTABLE (skip the download), SHIPSHAPE_EXT_DEV_PATH.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(__dirname, '..', '..');
// @vscode/test-electron lives in test/e2e/node_modules (its own package.json), not on this file's path.
const { runTests } = createRequire(path.join(ROOT, 'test', 'e2e', 'package.json'))(
  '@vscode/test-electron') as typeof import('@vscode/test-electron');

async function main(): Promise<number> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'shipshape-electron-'));
  const workspace = path.join(scratch, 'workspace');
  await fs.cp(path.join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    return await runTests({
      version: process.env.SHIPSHAPE_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: path.resolve(process.env.SHIPSHAPE_EXT_DEV_PATH ?? ROOT),
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', '--user-data-dir', path.join(scratch, 'user-data')],
      timeout: 60_000,
      // Downloads go to the (git-ignored) tools folder instead of ./.vscode-test.
      cachePath: path.join(ROOT, 'test', 'e2e', '.tools', 'vscode-test'),
      vscodeExecutablePath: process.env.SHIPSHAPE_VSCODE_EXECUTABLE || undefined,
    });
  } catch (err) {
    console.error(`runTest: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; });
