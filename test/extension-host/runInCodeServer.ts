// runInCodeServer.ts: runs the extension-host suite (suite/index.js) in code-server's Node extension
// host. code-server's CLI rejects --extensionTestsPath, so the paths go in the workbench URL's `payload`;
// headless chromium opens it and the workbench reports the exit code via window.codeAutomationExit.
// Args: [--extension-dev-path DIR (repo root; npm run build first) | --vsix FILE (its extension/ folder
// is unpacked and loaded as the development extension)] [--tests MODULE] [--timeout SECONDS (180)].
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer, type CodeServer } from '../e2e/lib/codeServer';
import { openWorkbench, saveFailureArtifacts } from '../e2e/lib/workbench';
import { extractDir } from '../e2e/lib/zip';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const SUITE = path.join(__dirname, 'suite', 'index.js');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'extension-dev-path': { type: 'string' },
      vsix: { type: 'string' },
      timeout: { type: 'string', default: '180' },
      tests: { type: 'string', default: SUITE },
    },
  });
  const timeoutMs = Number(values.timeout) * 1000;
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'shipshape-exthost-'));
  let devPath = path.resolve(values['extension-dev-path'] ?? ROOT);
  if (values.vsix) {
    devPath = path.join(scratch, 'extension');
    await extractDir(path.resolve(values.vsix), 'extension/', devPath);
  }
  const main = JSON.parse(await fs.readFile(path.join(devPath, 'package.json'), 'utf8')).main as string | undefined;
  if (main && !existsSync(path.join(devPath, main)) && !existsSync(path.join(devPath, `${main}.js`))) {
    console.error(`runInCodeServer: ${path.join(devPath, main)} is missing: run \`npm run build\` first`);
    await fs.rm(scratch, { recursive: true, force: true });
    return 1;
  }
  const workspace = path.join(scratch, 'workspace');
  await fs.cp(FIXTURE, workspace, { recursive: true });
  const resultsFile = path.join(scratch, 'results.json');
  const logFile = path.join(scratch, 'mocha.log');

  const t0 = Date.now();
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof openWorkbench>>['browser'] | undefined;
  let page: Awaited<ReturnType<typeof openWorkbench>>['page'] | undefined;
  try {
    server = await startCodeServer({
      workspace,
      extensionDevelopmentPath: devPath,
      extensionTestsPath: path.resolve(values.tests!),
      env: { SHIPSHAPE_EXT_TEST_RESULTS: resultsFile, SHIPSHAPE_EXT_TEST_LOG: logFile },
    });
    let reportExit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => { reportExit = resolve; });
    ({ browser, page } = await openWorkbench(server.url, undefined, {
      waitForExplorer: false,
      beforeGoto: async (p) => { await p.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code))); },
    }));
    const code = await Promise.race([
      exitCode,
      server.exited.then((c) => { throw new Error(`code-server exited (${c}) before the tests finished`); }),
      new Promise<never>((_, reject) => setTimeout(
        () => reject(new Error(`extension tests did not finish within ${timeoutMs / 1000} s`)), timeoutMs).unref()),
    ]);
    const log = await fs.readFile(logFile, 'utf8').catch(() => '');
    process.stdout.write(log);
    const results = JSON.parse(await fs.readFile(resultsFile, 'utf8').catch(() => 'null')) as
      { passes: string[]; failures: { title: string; error: string }[]; pending: string[] } | null;
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    if (!results) {
      console.error(`runInCodeServer: extension host exited with ${code} but the suite wrote no results (it did not run)`);
      await saveFailureArtifacts('extension-host', page, server);
      return 1;
    }
    console.log(`runInCodeServer: extension host exit code ${code} after ${seconds} s`);
    console.log(`extension-host: ${results.passes.length} passed, ${results.failures.length} failed, ${results.pending.length} skipped`);
    if (code !== 0 || results.failures.length > 0 || results.passes.length === 0) {
      await saveFailureArtifacts('extension-host', page, server);
      return code || 1;
    }
    return 0;
  } catch (err) {
    console.error(`runInCodeServer: ${(err as Error).message}`);
    await saveFailureArtifacts('extension-host', page, server);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (err) => { console.error(err); process.exitCode = 1; });
