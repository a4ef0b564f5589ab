// vscode.e2e.test.ts: Shipshape in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, driven
// in Debian chromium): installs the shipshape-*.vsix from the repo root (or $SHIPSHAPE_VSIX) and
// checks, as a user sees them, the Problems panel, two quick fixes (Ctrl+.) and two hovers on a copy
// of test/fixtures/workspace. Run: node --import tsx --test test/e2e/vscode.e2e.test.ts
// (after bash test/e2e/setup.sh and npm run package). SHIPSHAPE_UPDATE_SCREENSHOT=1 also writes docs/images/vscode.png.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CodeServer, startCodeServer } from './lib/codeServer';
import {
  applyQuickFix, hoverAt, openFile, openWorkbench, ProblemRow, readProblems, save, showProblems,
  waitForEditorText, waitForProblems, withArtifacts,
} from './lib/workbench';
import { ROOT, vsixOrSkip } from './lib/vsix';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const SCREENSHOT = path.join(ROOT, 'docs', 'images', 'vscode.png');

/** First paragraph of dockerfile-language-service's hover for FROM, as the hover renders it. */
function expectedFromHover(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DockerfileLanguageServiceFactory } = require('dockerfile-language-service');
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({ hover: { contentFormat: ['markdown'] } });
  const hover = service.computeHover('FROM node:latest\n', { line: 0, character: 1 });
  return String(hover.contents.value).split('\n\n')[0].replace(/`/g, '');
}

/** 1-based line of the first line of `text` matching `re`. */
function lineOf(text: string, re: RegExp): number {
  const i = text.split('\n').findIndex((l) => re.test(l));
  assert.ok(i >= 0, `fixture has no line matching ${re}`);
  return i + 1;
}

const CODES = {
  Dockerfile: ['dockerfile/no-latest-tag', 'dockerfile/prefer-copy-over-add'],
  'deployment.yaml': ['kubernetes/require-resource-limits', 'kubernetes/no-latest-tag'],
} as const;

const find = (rows: ProblemRow[], file: string, code: string) =>
  rows.find((r) => r.file === file && r.code === code && r.source === 'shipshape');

const { vsix, skip } = vsixOrSkip('vscode.e2e.test.ts');

describe('Shipshape in real VS Code (code-server)', { skip, timeout: 600_000 }, () => {
  let scratch: string;
  let workspace: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: ProblemRow[] = [];
  const fixture = { Dockerfile: '', 'deployment.yaml': '' };

  /** A test body that leaves a screenshot and the logs in test/e2e/artifacts/ when it fails. */
  const step = (name: string, fn: () => Promise<void>) =>
    test(name, { timeout: 120_000 }, () => withArtifacts(name, page, server, fn));

  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'shipshape-ws-'));
    workspace = path.join(scratch, 'workspace');
    process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
    await fs.cp(FIXTURE, workspace, { recursive: true });
    for (const f of Object.keys(fixture) as (keyof typeof fixture)[]) {
      fixture[f] = await fs.readFile(path.join(workspace, f), 'utf8');
    }
    const t0 = Date.now();
    server = await startCodeServer({
      workspace, vsix,
      settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    });
    await withArtifacts('startup', undefined, server, async () => {
      ({ browser, page } = await openWorkbench(server!.url, workspace));
    });
    console.error(`[e2e] code-server + workbench ready in ${Date.now() - t0} ms (${server.url})`);
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  }, { timeout: 60_000 });

  step('Problems panel shows the shipshape warnings', async () => {
    await openFile(page, 'deployment.yaml');
    await openFile(page, 'Dockerfile');
    problems = await waitForProblems(page, (rows) =>
      Object.entries(CODES).every(([file, codes]) => codes.every((code) => find(rows, file, code))),
    { message: `warnings ${Object.values(CODES).flat().join(', ')} from source "shipshape"` });
    for (const [file, codes] of Object.entries(CODES)) {
      for (const code of codes) assert.equal(find(problems, file, code)!.severity, 'warning', `${file} ${code} severity`);
    }
    if (process.env.SHIPSHAPE_UPDATE_SCREENSHOT === '1') {
      await openFile(page, 'Dockerfile'); // editor focused, Problems panel still open
      await fs.mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      console.error(`[e2e] wrote ${path.relative(ROOT, SCREENSHOT)}`);
    }
  });

  step('hover on FROM shows the Dockerfile reference text', async () => {
    await openFile(page, 'Dockerfile');
    const expected = expectedFromHover();
    const text = await hoverAt(page, lineOf(fixture.Dockerfile, /^FROM\b/), 2, { contains: expected });
    assert.ok(text.includes(expected), text);
  });

  step('hover on replicas shows the field description', async () => {
    await openFile(page, 'deployment.yaml');
    const line = lineOf(fixture['deployment.yaml'], /^\s*replicas:/);
    const column = fixture['deployment.yaml'].split('\n')[line - 1].indexOf('replicas') + 2;
    const text = await hoverAt(page, line, column, { contains: 'desired pods' });
    assert.match(text, /desired pods/);
  });

  step('quick fix "Replace ADD with COPY"', async () => {
    await openFile(page, 'Dockerfile');
    const diag = find(problems, 'Dockerfile', 'dockerfile/prefer-copy-over-add');
    assert.ok(diag, 'no prefer-copy-over-add problem recorded');
    await applyQuickFix(page, diag.line, diag.column, 'Replace ADD with COPY');
    await waitForEditorText(page, (t) => /^COPY \. \/app$/m.test(t) && !/^ADD /m.test(t),
      { message: 'the ADD line to read "COPY . /app"' });
    await save(page);
    const onDisk = await fs.readFile(path.join(workspace, 'Dockerfile'), 'utf8');
    assert.equal(onDisk, fixture.Dockerfile.replace(/^ADD \. \/app$/m, 'COPY . /app'));
    await waitForProblems(page, (rows) => !find(rows, 'Dockerfile', 'dockerfile/prefer-copy-over-add'),
      { message: 'the prefer-copy-over-add warning to go away' });
  });

  step('quick fix "Add resource requests and limits"', async () => {
    await openFile(page, 'deployment.yaml');
    const diag = find(problems, 'deployment.yaml', 'kubernetes/require-resource-limits');
    assert.ok(diag, 'no require-resource-limits problem recorded');
    await applyQuickFix(page, diag.line, diag.column, 'Add resource requests and limits');
    const hasBlock = (t: string) => /^(\s+)resources:\s*\n(?:\1\s+.*\n)*?\1\s+requests:/m.test(t) && /^\s+limits:/m.test(t);
    await waitForEditorText(page, hasBlock, { message: 'a resources: block with requests: and limits:' });
    await save(page);
    const onDisk = await fs.readFile(path.join(workspace, 'deployment.yaml'), 'utf8');
    assert.ok(hasBlock(onDisk), onDisk);
    await waitForProblems(page, (rows) => !find(rows, 'deployment.yaml', 'kubernetes/require-resource-limits'),
      { message: 'the require-resource-limits warning to go away' });
  });

  step('Problems panel still lists the :latest warnings', async () => {
    await showProblems(page);
    const rows = await readProblems(page);
    assert.ok(find(rows, 'Dockerfile', 'dockerfile/no-latest-tag'), JSON.stringify(rows));
    assert.ok(find(rows, 'deployment.yaml', 'kubernetes/no-latest-tag'), JSON.stringify(rows));
  });
});
