/**
 * The Helm preview's extension-host suite (test/helm/extension-host/*.exthost.js: the preview
 * command, its virtual document and links, diagnostics mapped onto templates, refresh on save,
 * compare, Helm errors) run through the VS Code API inside code-server's real extension host with
 * the packaged .vsix, once per real Helm (3.17.3 and 4.1.4 from test/e2e/.tools).
 */
import * as path from 'node:path';
import { test } from 'node:test';
import { assertExtensionHostSuitePasses } from '../e2e/lib/extensionHost';
import { helmFor, MAJORS, ROOT } from './helpers';

test('Helm preview extension-host suite inside code-server passes with Helm 3 and Helm 4', { timeout: 420_000 }, async (t) => {
  // The suite itself finds the binaries in test/e2e/.tools; this fails on CI (skips loudly elsewhere) when one is missing.
  for (const major of MAJORS) if (!(await helmFor(t, major))) return;
  const tests = path.join(ROOT, 'test', 'helm', 'extension-host', 'index.js');
  // 7 tests per Helm version.
  assertExtensionHostSuitePasses(t, { tests, minPasses: 7 * MAJORS.length, timeoutSeconds: 400 });
});
