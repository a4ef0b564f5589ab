// shipshape.test.js: Shipshape through the VS Code extension API, inside a real extension host:
// diagnostics from the language server (vscode.languages.getDiagnostics), quick fixes
// (vscode.executeCodeActionProvider, applied with workspace.applyEdit) and hovers
// (vscode.executeHoverProvider) on the fixture workspace (a copy of test/fixtures/workspace).
const assert = require('node:assert/strict');
const vscode = require('vscode');

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

async function open(name) {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'no workspace folder open');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function shipshapeDiagnostics(doc, codes) {
  return waitFor(() => {
    const diags = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'shipshape');
    return codes.every((c) => diags.some((d) => codeOf(d) === c)) && diags;
  }, `shipshape diagnostics ${codes.join(', ')} on ${doc.uri.path} (have: ${JSON.stringify(
    vscode.languages.getDiagnostics(doc.uri).map((d) => `${d.source}:${codeOf(d)}`))})`);
}

async function applyFix(doc, diag, title) {
  const actions = await waitFor(async () => {
    const all = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range);
    return all && all.some((a) => a.title === title) && all;
  }, `code action "${title}"`);
  const action = actions.find((a) => a.title === title);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'applyEdit failed');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function hoverText(doc, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, position);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('Shipshape extension host', () => {
  test('Dockerfile: warnings, then "Replace ADD with COPY"', async () => {
    const doc = await open('Dockerfile');
    const codes = ['dockerfile/no-latest-tag', 'dockerfile/prefer-copy-over-add'];
    const diags = await shipshapeDiagnostics(doc, codes);
    for (const d of diags.filter((x) => codes.includes(codeOf(x)))) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, codeOf(d));
    }
    const add = diags.find((d) => codeOf(d) === 'dockerfile/prefer-copy-over-add');
    const line = add.range.start.line;
    assert.match(doc.lineAt(line).text, /^ADD /);
    await applyFix(doc, add, 'Replace ADD with COPY');
    await waitFor(() => doc.lineAt(line).text === 'COPY . /app', 'the ADD line to become "COPY . /app"');
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'dockerfile/prefer-copy-over-add'),
      'the prefer-copy-over-add warning to go away');
  });

  test('deployment.yaml: warnings, then "Add resource requests and limits"', async () => {
    const doc = await open('deployment.yaml');
    const codes = ['kubernetes/require-resource-limits', 'kubernetes/no-latest-tag'];
    const diags = await shipshapeDiagnostics(doc, codes);
    for (const d of diags.filter((x) => codes.includes(codeOf(x)))) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, codeOf(d));
    }
    const limits = diags.find((d) => codeOf(d) === 'kubernetes/require-resource-limits');
    await applyFix(doc, limits, 'Add resource requests and limits');
    await waitFor(() => /^\s+resources:\s*$/m.test(doc.getText()) && /^\s+requests:/m.test(doc.getText())
      && /^\s+limits:/m.test(doc.getText()), 'a resources: block with requests: and limits:');
  });

  test('hovers: FROM and replicas', async () => {
    const docker = await open('Dockerfile');
    const from = await waitFor(async () => {
      const t = await hoverText(docker, new vscode.Position(0, 1));
      return t.includes('baseImage') && t;
    }, 'a hover on FROM');
    assert.match(from, /Set the `?baseImage`? to use for subsequent instructions/);
    const yaml = await open('deployment.yaml');
    const line = yaml.getText().split('\n').findIndex((l) => /^\s*replicas:/.test(l));
    const col = yaml.lineAt(line).text.indexOf('replicas') + 1;
    const replicas = await waitFor(async () => {
      const t = await hoverText(yaml, new vscode.Position(line, col));
      return t.includes('desired pods') && t;
    }, 'a hover on replicas mentioning "desired pods"');
    assert.match(replicas, /desired pods/);
  });

  test('the language server runs as a child of the extension host with the documented Node options', async () => {
    const fs = require('node:fs');
    // After the tests above the server is running: find it among this process's children (Linux /proc).
    const children = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid ? [fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')] : [];
      } catch {
        return [];
      }
    });
    const server = children.find((args) => args.some((a) => a.endsWith('server.js')));
    assert.ok(server, `a child process running server.js (children: ${JSON.stringify(children)})`);
    assert.ok(server.includes('--max-semi-space-size=4'), `server started with ${JSON.stringify(server)}`);
  });
});
