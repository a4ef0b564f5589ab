/**
 * The extension-host suite (mocha, `vscode` API) run inside code-server's real extension host with
 * the packaged .vsix, via test/extension-host/runInCodeServer.ts. On machines that can download
 * desktop VS Code, test/extension-host/runTest.ts runs the same suite with @vscode/test-electron.
 */
import { test } from 'node:test';
import { assertExtensionHostSuitePasses } from './lib/extensionHost';

test('extension-host suite inside code-server passes', { timeout: 300_000 }, (t) => {
  assertExtensionHostSuitePasses(t, { minPasses: 4 });
});
