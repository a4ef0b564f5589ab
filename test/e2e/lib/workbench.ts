// workbench.ts: drives a code-server workbench in Debian's /usr/bin/chromium with playwright-core,
// the way a person would: Quick Open a file, read the Problems panel, Ctrl+. a quick fix, show a
// hover, read the editor's lines, save. Every helper waits on a condition (polling the DOM) with a
// timeout, never a fixed sleep; saveFailureArtifacts() puts a screenshot and logs in test/e2e/artifacts/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import type { CodeServer } from './codeServer';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const CHROMIUM = process.env.SHIPSHAPE_CHROMIUM ?? '/usr/bin/chromium';
/** As root, with this machine's closed network (see shared NOTES). Playwright adds --headless. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');
/** The browser console of each page opened by openWorkbench (the web workbench logs there). */
const consoleLines = new WeakMap<Page, string[]>();

/** Linux chromium: Control, not Meta. */
const MOD = 'Control';

export interface WaitOptions { timeout?: number; interval?: number; message?: string }

/** Polls `fn` until it returns something truthy; throws (with the last error) after `timeout` ms. */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeout = 30_000, interval = 100, message = 'condition' }: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) { lastErr = err; }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastErr ? `: ${String(lastErr)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Launches chromium and opens the workbench at `url` (adds ?folder=workspace if missing). */
export async function openWorkbench(url: string, workspace?: string, {
  timeout = 60_000,
  viewport = { width: 1400, height: 900 },
  /** Runs before navigation, e.g. page.exposeFunction('codeAutomationExit', ...). */
  beforeGoto = undefined as ((page: Page) => Promise<void>) | undefined,
  /** Also wait until the explorer lists the folder (the remote connection is up). */
  waitForExplorer = true,
} = {}): Promise<{ browser: Browser; page: Page }> {
  const u = new URL(url);
  if (workspace && !u.searchParams.has('folder')) u.searchParams.set('folder', path.resolve(workspace));
  // Chromium writes crash reports and a dconf cache under XDG folders: keep them in a scratch folder.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'shipshape-chromium-'));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_CACHE_HOME: path.join(scratch, 'cache') };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout, env });
  browser.on('disconnected', () => { rmSync(scratch, { recursive: true, force: true }); });
  try {
    const page = await browser.newPage({ viewport });
    const lines: string[] = [];
    consoleLines.set(page, lines);
    page.on('console', (m) => { if (lines.length < 5000) lines.push(`[${m.type()}] ${m.text()}`); });
    page.on('pageerror', (e) => lines.push(`[pageerror] ${e.stack ?? e.message}`));
    // tsx (esbuild keepNames) may wrap functions inside page.evaluate callbacks in __name(); give the page one.
    await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    page.setDefaultTimeout(30_000);
    await beforeGoto?.(page);
    await page.goto(u.toString(), { timeout });
    await page.waitForSelector('.monaco-workbench', { timeout });
    if (waitForExplorer) await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
    return { browser, page };
  } catch (err) {
    await browser.close().catch(() => undefined);
    throw err;
  }
}

/** Quick Open (Ctrl+P) `name` and wait until it is the active editor with keyboard focus. */
export async function openFile(page: Page, name: string, timeout = 30_000): Promise<void> {
  await quickInput(page, `${MOD}+P`);
  await page.keyboard.type(name);
  const base = path.basename(name);
  await waitFor(() => page.$(`.quick-input-list .monaco-list-row[aria-label^="${cssString(base)},"]`),
    { timeout, message: `Quick Open to list ${name}` });
  await page.keyboard.press('Enter');
  await waitFor(() => page.$(`.editor-group-container.active .tab.active[aria-label^="${cssString(base)}"]`),
    { timeout, message: `${name} to be the active tab` });
  await waitForEditorFocus(page, timeout);
}

/** Presses a Quick Input key (Ctrl+P, Ctrl+G, F1) and waits for the widget's input to have focus. */
async function quickInput(page: Page, key: string) {
  await page.keyboard.press(key);
  await waitFor(() => page.evaluate(() => !!document.activeElement?.closest('.quick-input-widget')),
    { message: `the Quick Input after ${key}` });
}

async function waitForEditorFocus(page: Page, timeout = 10_000) {
  await waitFor(() => page.evaluate(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor')),
    { timeout, message: 'the editor to have focus' });
}

/** Moves the cursor of the active editor to a 1-based line and column (Ctrl+G "line:col"). */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
  await quickInput(page, `${MOD}+G`);
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitForEditorFocus(page);
  await waitFor(async () => {
    const status = await page.$eval('.statusbar [id="status.editor.selection"]', (e) => (e as HTMLElement).innerText).catch(() => '');
    return status.includes(`Ln ${line}, Col ${column}`);
  }, { timeout: 10_000, message: `the cursor at Ln ${line}, Col ${column}` });
}

/** Runs a command from the command palette (F1) by its label, e.g. "View: Close Panel". */
export async function runCommand(page: Page, label: string): Promise<void> {
  await quickInput(page, 'F1');
  await page.keyboard.type(label);
  await waitFor(() => page.$(`.quick-input-list .monaco-list-row[aria-label^="${cssString(label)}"]`),
    { message: `the command "${label}"` });
  await page.keyboard.press('Enter');
}

export interface ProblemRow {
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint' | string;
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

/** Opens the Problems panel if it is not visible (Ctrl+Shift+M toggles, so look first). */
export async function showProblems(page: Page): Promise<void> {
  if (!(await page.isVisible('.markers-panel'))) await page.keyboard.press(`${MOD}+Shift+M`);
  await page.waitForSelector('.markers-panel', { state: 'visible' });
}

interface RawRow { index: number; last: boolean; focused: boolean; file: string; severity: string; message: string;
  source: string; code: string; line: number; column: number }

/** The rendered rows of the Problems list (file rows have `file` set, problem rows do not). */
function renderedProblemRows(page: Page): Promise<RawRow[]> {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((row) => {
    const text = (sel: string) => (row.querySelector(sel) as HTMLElement | null)?.innerText.trim() ?? '';
    const icon = row.querySelector('.marker-icon');
    const m = /Ln (\d+), Col (\d+)/.exec(text('.marker-line'));
    return {
      index: Number(row.getAttribute('data-index')),
      last: row.getAttribute('data-last-element') === 'true',
      focused: row.classList.contains('focused'),
      file: text('.resource-label-container .label-name'),
      severity: ['error', 'warning', 'info', 'hint'].find((s) => icon?.classList.contains(s)) ?? '',
      message: text('.marker-message'),
      source: text('.marker-source'),
      code: text('.marker-code').replace(/^\(|\)$/g, ''),
      line: m ? Number(m[1]) : 0,
      column: m ? Number(m[2]) : 0,
    };
  }));
}

/** Every row of the Problems panel; pages through the (virtualized) list when it is longer than the panel. */
export async function readProblems(page: Page): Promise<ProblemRow[]> {
  await showProblems(page);
  const seen = new Map<number, RawRow>();
  const collect = async () => {
    const rows = await renderedProblemRows(page);
    for (const r of rows) seen.set(r.index, r);
    return rows;
  };
  const focusedIndex = (rows: RawRow[]) => rows.find((r) => r.focused)?.index ?? -1;
  let rows = await collect();
  if (rows.length > 0 && !rows.some((r) => r.last)) {
    // Longer than the panel: page through it with the keyboard (deterministic, unlike wheel scrolling).
    // PageDown first moves the focus to the last visible row, then scrolls a page at a time.
    await page.focus('.markers-panel .monaco-list');
    await page.keyboard.press('Home');
    rows = await waitFor(async () => { const r = await collect(); return focusedIndex(r) >= 0 && r; },
      { timeout: 5_000, interval: 50, message: 'focus in the Problems list' });
    for (let i = 0; i < 500 && !rows.some((r) => r.last); i++) {
      const before = focusedIndex(rows);
      await page.keyboard.press('PageDown');
      rows = await waitFor(async () => { const r = await collect(); return focusedIndex(r) > before && r; },
        { timeout: 5_000, interval: 50, message: 'the Problems list to page down' }).catch(() => rows);
      if (focusedIndex(rows) <= before) break;
    }
    await page.keyboard.press('Home');
  }
  const out: ProblemRow[] = [];
  let file = '';
  for (const r of [...seen.values()].sort((a, b) => a.index - b.index)) {
    if (r.file) { file = r.file; continue; }
    out.push({ file, severity: r.severity, message: r.message, source: r.source, code: r.code, line: r.line, column: r.column });
  }
  return out;
}

/** Polls the Problems panel until `predicate(rows)` holds; returns those rows. */
export async function waitForProblems(page: Page, predicate: (rows: ProblemRow[]) => boolean,
  { timeout = 60_000, message = 'the expected problems' }: WaitOptions = {}): Promise<ProblemRow[]> {
  let last: ProblemRow[] = [];
  try {
    return await waitFor(async () => {
      last = await readProblems(page);
      return predicate(last) && last;
    }, { timeout, interval: 250, message });
  } catch (err) {
    throw new Error(`${(err as Error).message}\nProblems panel showed: ${JSON.stringify(last, null, 2)}`);
  }
}

interface MenuRow { index: number; label: string }

/** The focused row of the open code action menu, or null. */
async function focusedAction(page: Page): Promise<MenuRow | null> {
  return page.$eval('.action-widget .monaco-list-row.action.focused', (r) => ({
    index: Number(r.getAttribute('data-index')),
    label: r.getAttribute('aria-label') ?? (r as HTMLElement).innerText.trim(),
  })).catch(() => null);
}

/** The action rows the code action menu renders now, with their boxes, and the list's box. */
async function renderedActions(page: Page) {
  return page.$eval('.action-widget .monaco-list', (list) => {
    const box = (e: Element) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, x: r.left + r.width / 3 }; };
    return {
      list: box(list),
      rows: Array.from(list.querySelectorAll('.monaco-list-row.action')).map((r) => ({
        index: Number(r.getAttribute('data-index')),
        label: r.getAttribute('aria-label') ?? (r as HTMLElement).innerText.trim(),
        ...box(r),
      })),
    };
  });
}

/** Scrolls the code action menu by `dy` pixels with the mouse wheel over it. */
async function scrollMenu(page: Page, dy: number): Promise<void> {
  const { list } = await renderedActions(page);
  await page.mouse.move(list.x, list.top + 5);
  await page.mouse.wheel(0, dy);
  await delay(150);
}

/**
 * Every action of the open code action menu, in order. The menu is a virtualized list that renders
 * only the rows in view, and in VS Code 1.100 moving the focus with the keyboard past the last
 * rendered row does not scroll it; so the list is scrolled with the mouse wheel and each rendered
 * row recorded, then scrolled back to the top.
 */
async function walkMenu(page: Page): Promise<MenuRow[]> {
  const rows = new Map<number, string>();
  for (let i = 0; i < 100; i++) {
    const before = rows.size;
    for (const r of (await renderedActions(page)).rows) rows.set(r.index, r.label);
    if (i > 0 && rows.size === before) break;
    await scrollMenu(page, 300);
  }
  await scrollMenu(page, -100_000);
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([index, label]) => ({ index, label }));
}

/** Scrolls the row with data-index `index` into view, points at it (which focuses it) and presses Enter. */
async function pickMenuRow(page: Page, index: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { list, rows } = await renderedActions(page);
    const row = rows.find((r) => r.index === index);
    if (row && row.top >= list.top && row.bottom <= list.bottom) {
      await page.mouse.move(row.x, (row.top + row.bottom) / 2);
      await waitFor(async () => (await focusedAction(page))?.index === index,
        { timeout: 5_000, interval: 50, message: `row ${index} of the quick fix menu to take the focus` });
      await page.keyboard.press('Enter');
      return;
    }
    const last = rows.length ? rows[rows.length - 1].index : 0;
    await scrollMenu(page, row ? (row.top < list.top ? -30 : 30) : index > last ? 200 : -200);
  }
  throw new Error(`could not bring row ${index} of the quick fix menu into view`);
}

async function openMenuRows(page: Page, line: number, column: number, timeout: number): Promise<MenuRow[]> {
  await goTo(page, line, column);
  await page.keyboard.press(`${MOD}+.`);
  // "No code actions available" shows as a disabled row (no focus); keep waiting for a real one.
  await waitFor(async () => (await focusedAction(page)) !== null,
    { timeout, message: `the quick fix menu at ${line}:${column}` });
  return walkMenu(page);
}

/** Ctrl+. at line:column; returns the labels of all offered code actions (menu left open). */
export async function openQuickFixMenu(page: Page, line: number, column: number, timeout = 30_000): Promise<string[]> {
  return (await openMenuRows(page, line, column, timeout)).map((r) => r.label);
}

/** Ctrl+. at line:column and applies the action labelled `label`; returns every offered label. */
export async function applyQuickFix(page: Page, line: number, column: number, label: string,
  timeout = 30_000): Promise<string[]> {
  let rows: MenuRow[] = [];
  try {
    await waitFor(async () => {
      rows = await openMenuRows(page, line, column, 5_000).catch(() => []);
      if (rows.some((r) => r.label === label)) return true;
      await page.keyboard.press('Escape');
      return false;
    }, { timeout, interval: 500, message: `"${label}" in the quick fix menu at ${line}:${column}` });
  } catch (err) {
    throw new Error(`${(err as Error).message} (offered: ${JSON.stringify(rows.map((r) => r.label))})`);
  }
  // Point at it and press Enter (a mouse click is swallowed by the context view's pointer block).
  await pickMenuRow(page, rows.find((r) => r.label === label)!.index);
  await waitFor(async () => !(await page.isVisible('.action-widget .monaco-list-row.action')),
    { message: 'the quick fix menu to close' });
  return rows.map((r) => r.label);
}

/** Shows the hover at line:column (editor.action.showHover, Ctrl+K Ctrl+I) and returns its text. */
export async function hoverAt(page: Page, line: number, column: number,
  { timeout = 30_000, contains }: { timeout?: number; contains?: string } = {}): Promise<string> {
  let text = '';
  try {
    await waitFor(async () => {
      await page.keyboard.press('Escape');
      await goTo(page, line, column);
      await page.keyboard.press(`${MOD}+K`);
      await page.keyboard.press(`${MOD}+I`);
      // A hover may first show "Loading..." and then fill in.
      return waitFor(async () => {
        text = await page.$$eval('.monaco-editor .monaco-hover:not(.hidden)',
          (els) => els.map((e) => (e as HTMLElement).innerText.trim()).filter(Boolean).join('\n')).catch(() => '');
        return text && !/^Loading/.test(text) && (!contains || text.includes(contains));
      }, { timeout: 3_000, interval: 100 }).catch(() => false);
    }, { timeout, interval: 200, message: `a hover at ${line}:${column}${contains ? ` containing "${contains}"` : ''}` });
  } catch (err) {
    throw new Error(`${(err as Error).message} (last hover: ${JSON.stringify(text)})`);
  }
  return text;
}

/**
 * Text of the active editor as rendered (.view-lines, sorted by position; non-breaking spaces back to
 * spaces). Only rendered lines: fine for short fixtures; for long files save() and read the file.
 */
export async function editorText(page: Page): Promise<string> {
  return page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line', (lines) =>
    lines.map((l) => ({ top: parseFloat((l as HTMLElement).style.top) || 0, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n').replace(/\n+$/, '\n'));
}

/** Polls the active editor's text until `predicate` holds; returns it. */
export async function waitForEditorText(page: Page, predicate: (text: string) => boolean,
  { timeout = 30_000, message = 'the editor text' }: WaitOptions = {}): Promise<string> {
  let last = '';
  try {
    return await waitFor(async () => { last = await editorText(page); return predicate(last) && last; }, { timeout, message });
  } catch (err) {
    throw new Error(`${(err as Error).message}\nEditor showed:\n${last}`);
  }
}

/** Waits until the active tab has unsaved changes, e.g. once a quick fix's edit has been applied. */
export async function waitForDirty(page: Page, { timeout = 30_000, message = 'the active editor to have unsaved changes' }: WaitOptions = {}): Promise<void> {
  await waitFor(() => page.$('.editor-group-container.active .tab.active.dirty'), { timeout, message });
}

/** Ctrl+S and wait until the active tab is no longer dirty. */
export async function save(page: Page): Promise<void> {
  await page.keyboard.press(`${MOD}+S`);
  await waitFor(async () => !(await page.$('.editor-group-container.active .tab.active.dirty')),
    { timeout: 15_000, message: 'the active editor to be saved' });
}

/** Screenshot, code-server + VS Code logs and the browser console into test/e2e/artifacts/<name>.*; never throws. */
export async function saveFailureArtifacts(name: string, page?: Page, server?: CodeServer): Promise<void> {
  const safe = name.replace(/[^\w.-]+/g, '_');
  try {
    await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
    if (page) await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${safe}.png`), timeout: 10_000 });
    if (server) await fs.writeFile(path.join(ARTIFACTS_DIR, `${safe}.log`), await server.allLogs());
    const lines = page && consoleLines.get(page);
    if (lines) await fs.writeFile(path.join(ARTIFACTS_DIR, `${safe}.console.log`), lines.join('\n') + '\n');
    console.error(`[e2e] failure artifacts: ${path.relative(process.cwd(), path.join(ARTIFACTS_DIR, safe))}.{png,log,console.log}`);
  } catch (err) {
    console.error(`[e2e] could not save failure artifacts: ${String(err)}`);
  }
}

/** Runs `fn`; on failure saves artifacts named `name` and rethrows. */
export async function withArtifacts<T>(name: string, page: Page | undefined, server: CodeServer | undefined,
  fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    await saveFailureArtifacts(name, page, server);
    throw err;
  }
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}
