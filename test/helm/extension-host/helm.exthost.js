// helm.exthost.js: the Helm preview through the VS Code API in a real extension host (code-server),
// with each real Helm (test/e2e/.tools/helm-3, helm-4): the helm language on templates, the preview
// command with options (virtual document, # Source: links, diagnostics on template lines with the
// rendered location as related information), refresh on save, both compare modes, a Helm error.
// Needs the extension.ts/server.ts hooks; run with
//   npm run build && node --import tsx test/extension-host/runInCodeServer.ts --tests test/helm/extension-host/index.js
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const vscode = require('vscode');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const HELMS = [3, 4]
  .map((major) => ({ major, path: path.join(ROOT, 'test', 'e2e', '.tools', `helm-${major}`, 'helm') }))
  .filter((h) => fs.existsSync(h.path));
if (!HELMS.length) throw new Error('no Helm in test/e2e/.tools: run `bash test/e2e/setup.sh`');

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));
async function waitFor(fn, what, timeout = 45_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const folder = () => vscode.workspace.workspaceFolders[0].uri;

/** Fresh copies of the fixture charts in the workspace, and the Helm to use. */
async function setup(helm) {
  // One copy per Helm: documents of the other run stay open and must not go stale.
  const charts = path.join(folder().fsPath, `charts-h${helm.major}`);
  fs.rmSync(charts, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'charts'), charts, { recursive: true });
  await vscode.workspace.getConfiguration('shipshape.helm').update('path', helm.path, vscode.ConfigurationTarget.Workspace);
  await vscode.workspace.getConfiguration('shipshape.helm').update('timeoutSeconds', 30, vscode.ConfigurationTarget.Workspace);
}

for (const helm of HELMS) {
suite(`Helm preview with Helm ${helm.major}`, () => {
  suiteSetup(() => setup(helm));

  test('helm language for templates, yaml elsewhere', async () => {
    const tpl = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created/templates/deployment.yaml`));
    assert.equal(tpl.languageId, 'helm');
    const helpers = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created/templates/_helpers.tpl`));
    assert.equal(helpers.languageId, 'helm');
    const values = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created/values.yaml`));
    assert.equal(values.languageId, 'yaml');
  });

  test('a templates/ folder outside any chart stays YAML (and gets Shipshape\'s checks)', async () => {
    const dir = path.join(folder().fsPath, `not-a-chart-h${helm.major}`, 'templates');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'pod.yaml')));
    await vscode.window.showTextDocument(doc);
    await waitFor(() => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === doc.uri.fsPath && d.languageId === 'yaml'), 'the language to go back to yaml');
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'kubernetes/no-latest-tag'), 'the language server\'s diagnostics');
  });

  test('preview with options: virtual document, links, diagnostics on template lines', async () => {
    const chart = vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created`);
    const info = await vscode.commands.executeCommand('shipshape.helm.preview', chart, { set: ['image.tag=latest'] });
    assert.ok(info, 'the command returned');
    assert.equal(info.ok, true);
    assert.equal(info.helm.split('.')[0], String(helm.major));
    const uri = vscode.Uri.parse(info.uri);
    assert.equal(uri.scheme, 'shipshape-helm');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === info.uri), 'preview document');
    assert.equal(doc.languageId, 'yaml');
    assert.match(doc.getText(), /# Source: created\/templates\/deployment\.yaml/);
    assert.match(doc.getText(), /image: "nginx:latest"/);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === info.uri), 'shown');
    const links = await vscode.commands.executeCommand('vscode.executeLinkProvider', uri);
    const dep = links.find((l) => l.target && l.target.path.endsWith(`/charts-h${helm.major}/created/templates/deployment.yaml`));
    assert.ok(dep, JSON.stringify(links.map((l) => l.target && l.target.toString())));
    assert.equal(doc.lineAt(dep.range.start.line).text, '# Source: created/templates/deployment.yaml');
    const tpl = vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created/templates/deployment.yaml`);
    const diags = await waitFor(() => { const d = vscode.languages.getDiagnostics(tpl).filter((x) => x.source === 'shipshape'); return d.length && d; }, 'diagnostics on deployment.yaml');
    const latest = diags.find((d) => codeOf(d) === 'kubernetes/no-latest-tag');
    assert.ok(latest);
    assert.equal(latest.range.start.line, 40);
    assert.equal(latest.range.start.character, 17);
    assert.equal(latest.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(latest.code.target.toString().includes('no-latest-tag'));
    assert.match(latest.relatedInformation[0].message, /--set image\.tag=latest/);
    assert.equal(latest.relatedInformation[0].location.uri.toString(), info.uri);
    const res = diags.find((d) => codeOf(d) === 'kubernetes/require-resource-limits');
    assert.equal(res.range.start.line, 35);
    // The template is not flagged by YAML validation.
    const tdoc = await vscode.workspace.openTextDocument(tpl);
    await vscode.window.showTextDocument(tdoc);
    await new Promise((r) => setTimeout(r, 1500));
    const others = vscode.languages.getDiagnostics(tpl).filter((x) => x.source !== 'shipshape');
    assert.deepEqual(others.map((d) => `${d.source}:${d.message}`), []);
  });

  test('save re-renders; compare before/after the edit opens a diff', async () => {
    const tpl = vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created/templates/service.yaml`);
    const doc = await vscode.workspace.openTextDocument(tpl);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('protocol: TCP'));
    await editor.edit((e) => e.insert(new vscode.Position(line + 1, 0), '      appProtocol: http\n'));
    await doc.save();
    const preview = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'shipshape-helm' && d.uri.path.endsWith('created.rendered.yaml'));
    await waitFor(() => preview.getText().includes('appProtocol: http'), 'the preview refreshed after save');
    await vscode.commands.executeCommand('shipshape.helm.compare', vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created`), { kind: 'edit' });
    const diff = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'shipshape-helm' && d.uri.path.endsWith('created.before.yaml')), 'the before document');
    assert.ok(!diff.getText().includes('appProtocol'));
    const after = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'shipshape-helm' && d.uri.path.endsWith('created.after.yaml'));
    assert.ok(after.getText().includes('appProtocol: http'));
  });

  test('compare two values files', async () => {
    const chart = vscode.Uri.joinPath(folder(), `charts-h${helm.major}/broken`);
    await vscode.commands.executeCommand('shipshape.helm.compare', chart, { kind: 'values', left: path.join(chart.fsPath, 'values.yaml'), right: path.join(chart.fsPath, 'fixed.yaml') });
    const right = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'shipshape-helm' && d.uri.path.endsWith('broken.fixed.yaml')), 'right side');
    assert.match(right.getText(), /host: "db\.example\.com"/);
  });

  test('a Helm error: message and a diagnostic on the required line', async () => {
    const chart = vscode.Uri.joinPath(folder(), `charts-h${helm.major}/broken`);
    const info = await vscode.commands.executeCommand('shipshape.helm.preview', chart, { set: [] });
    assert.equal(info.ok, false);
    assert.equal(info.problems, 1);
    const cm = vscode.Uri.joinPath(folder(), `charts-h${helm.major}/broken/templates/configmap.yaml`);
    const [d] = await waitFor(() => { const x = vscode.languages.getDiagnostics(cm).filter((y) => codeOf(y) === 'helm/render-error'); return x.length && x; }, 'render error diagnostic');
    assert.equal(d.range.start.line, 5);
    assert.equal(d.range.start.character, 11);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /database\.host is required/);
    const doc = vscode.workspace.textDocuments.find((x) => x.uri.toString() === info.uri);
    assert.match(doc.getText(), /^# Helm failed:/);
  });

  test('only this template (--show-only)', async () => {
    const info = await vscode.commands.executeCommand('shipshape.helm.preview', vscode.Uri.joinPath(folder(), `charts-h${helm.major}/created`), { showOnly: ['templates/service.yaml'] });
    assert.equal(info.ok, true);
    const doc = vscode.workspace.textDocuments.find((x) => x.uri.toString() === info.uri);
    assert.deepEqual(doc.getText().split('\n').filter((l) => l.startsWith('# Source:')), ['# Source: created/templates/service.yaml']);
  });
});
}
