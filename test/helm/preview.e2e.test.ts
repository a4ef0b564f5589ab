// preview.e2e.test.ts: the Helm preview as a user meets it in a real VS Code (code-server 4.100.3 in
// Debian chromium) with the packaged .vsix installed: the explorer's context menu on a chart folder,
// the editor-title button and "Helm Template" language on a template, the options quick pick, the
// rendered preview tab and the mapped findings in the Problems panel. Run with each real Helm
// (after bash test/e2e/setup.sh and npm run package):
//   node --import tsx --test test/helm/preview.e2e.test.ts
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startCodeServer } from '../e2e/lib/codeServer';
import { ARTIFACTS_DIR, openWorkbench, waitFor, waitForProblems, withArtifacts } from '../e2e/lib/workbench';
import { vsixOrSkip } from '../e2e/lib/vsix';
import { CHARTS, helmFor, MAJORS, ROOT } from './helpers';

const { vsix, skip } = vsixOrSkip('preview.e2e.test.ts');

/** Quick Open a file by name (the rows' aria-labels differ by file type: match "<name>," or "<name> "). */
async function open(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await waitFor(() => page.evaluate(() => !!document.activeElement?.closest('.quick-input-widget')), { message: 'Quick Open' });
  await page.keyboard.type(name);
  await waitFor(() => page.$(`.quick-input-list .monaco-list-row[aria-label^="${name},"], .quick-input-list .monaco-list-row[aria-label^="${name} "]`), { message: `Quick Open to list ${name}` });
  await page.keyboard.press('Enter');
  await waitFor(() => page.$(`.editor-group-container.active .tab.active[aria-label^="${name}"]`), { message: `${name} to be the active tab` });
}

async function menuLabels(page: Page): Promise<string[]> {
  await page.waitForSelector('.context-view .monaco-menu .action-label', { timeout: 10_000 });
  return page.$$eval('.context-view .monaco-menu .action-label', (els) => els.map((e) => (e as HTMLElement).innerText.trim()).filter(Boolean));
}

for (const major of MAJORS) {
  describe(`Helm preview in VS Code (Helm ${major})`, { skip }, () => {
    test('explorer menu, editor title, options quick pick, preview tab, Problems', { timeout: 240_000 }, async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-helm-e2e-'));
      t.after(() => fs.rmSync(workspace, { recursive: true, force: true }));
      fs.cpSync(path.join(CHARTS, 'created'), path.join(workspace, 'created'), { recursive: true });
      const server = await startCodeServer({
        workspace,
        vsix,
        settings: { 'shipshape.helm.path': helm.path },
        env: { HELM_CONFIG_HOME: path.join(workspace, '.helm'), KUBECONFIG: path.join(workspace, '.no-kubeconfig') },
      });
      t.after(() => server.stop());
      const { browser, page } = await openWorkbench(server.url, workspace);
      t.after(() => browser.close());
      await withArtifacts(`helm-preview-${major}`, page, server, async () => {
        // Explorer: right-click the chart folder. The menu entry needs the extension active (it lists
        // the chart folders): at once with `workspaceContains:**/Chart.yaml`, else after opening a YAML file.
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { activationEvents?: string[] };
        if (!pkg.activationEvents?.some((e) => e.startsWith('workspaceContains:') && e.includes('Chart.yaml'))) await open(page, 'values.yaml');
        const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^created$/ }).first();
        let labels: string[] = [];
        await waitFor(async () => {
          await row.click({ button: 'right' });
          labels = await menuLabels(page);
          await page.keyboard.press('Escape');
          return labels.includes('Preview Helm Dry-Run');
        }, { timeout: 30_000, interval: 500, message: 'Preview Helm Dry-Run in the explorer context menu of the chart folder' });
        assert.ok(labels.includes('Compare Helm Renders'));

        // A template: language "Helm Template" and the editor-title button.
        await open(page, 'deployment.yaml');
        await waitFor(() => page.$('.statusbar [id="status.editor.mode"] a[aria-label*="Helm Template"], .statusbar [id="status.editor.mode"][aria-label*="Helm Template"]'),
          { message: 'the language status "Helm Template"' });
        const button = page.locator('.editor-actions .action-label[aria-label^="Preview Helm Dry-Run"]').first();
        await button.waitFor({ state: 'visible', timeout: 30_000 });
        await button.click();

        // The options quick pick: Render is first.
        await waitFor(() => page.$('.quick-input-widget .monaco-list-row[aria-label*="Render"]'), { message: 'the options quick pick' });
        await page.keyboard.press('Enter');

        // The preview tab, with the rendered manifests.
        await waitFor(() => page.$('.tab[aria-label^="created.rendered.yaml"]'), { timeout: 60_000, message: 'the preview tab' });
        await waitFor(() => page.locator('.editor-group-container .view-lines', { hasText: '# Source: created/templates/deployment.yaml' }).count().then((n) => n > 0),
          { timeout: 30_000, message: 'the rendered text' });

        // Problems: findings on the template lines, source shipshape.
        const rows = await waitForProblems(page, (r) => r.some((x) => x.file === 'deployment.yaml' && x.code === 'kubernetes/require-resource-limits' && x.line === 36 && x.column === 17),
          { timeout: 60_000, message: 'require-resource-limits on deployment.yaml:36:17' });
        // Problem rows carry source and code; their related-information rows ("Rendered here...") do not.
        for (const r of rows.filter((x) => x.file === 'deployment.yaml' && x.code)) assert.equal(r.source, 'shipshape', JSON.stringify(r));
        assert.ok(rows.some((x) => x.file === 'deployment.yaml' && x.code === 'kubernetes/single-replica' && x.line === 9));
        fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `helm-preview-${major}.png`) });
      });
    });
  });
}
