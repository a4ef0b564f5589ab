/**
 * The language server stays responsive while it checks a big file: hovers on another document are
 * answered while a 4,000-document Kubernetes file (1.3 MB, ~48,000 findings) is being validated,
 * not queued behind it; and a newer version of the big file supersedes the check of the older one.
 * Run: node --import tsx --test test/lsp/responsive.test.ts (after node scripts/build.mjs).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { assertFreshBundle, SERVER_JS } from '../helpers/bundle';

const BIG = 'file:///responsive/big.yaml';
const SMALL = 'file:///responsive/Dockerfile';

function bigManifest(documents: number, image = 'nginx:latest'): string {
  let text = '';
  for (let i = 0; i < documents; i++) {
    text += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web-${i}\n`
      + `  template:\n    metadata:\n      labels:\n        app: web-${i}\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n          ports:\n            - containerPort: 80\n`;
  }
  return text;
}

let conn: MessageConnection | undefined;
let kill: (() => void) | undefined;
after(() => { conn?.dispose(); kill?.(); });

test('hovers are answered while a big file is checked, and a newer version supersedes the older check', { timeout: 120_000 }, async (t) => {
  assertFreshBundle();
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  kill = () => proc.kill();
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const publishes: PublishDiagnosticsParams[] = [];
  let wake: (() => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { publishes.push(p); wake?.(); });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const published = (uri: string, version?: number) => publishes.find((p) => p.uri === uri && (version === undefined || p.version === version));
  const until = (what: string, done: () => unknown, ms = 90_000) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${stderr.slice(-2000)}`)), ms);
    const check = () => { if (done()) { clearTimeout(timer); wake = undefined; resolve(); } };
    wake = check;
    check();
  });

  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null, workspaceFolders: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: SMALL, languageId: 'dockerfile', version: 1, text: 'FROM node:20\nUSER node\n' } });
  await until('the Dockerfile\'s diagnostics', () => published(SMALL));

  const v1 = bigManifest(4000);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: BIG, languageId: 'yaml', version: 1, text: v1 } });
  // Hover after hover, each sent when the previous one is answered, while the big file is checked.
  const hover = () => conn!.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: SMALL }, position: { line: 0, character: 1 } });
  let answeredDuring = 0;
  const latencies: number[] = [];
  for (let i = 0; i < 5 && !published(BIG); i++) {
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const h = await hover();
    latencies.push(Math.round(performance.now() - t0));
    assert.ok(h && JSON.stringify(h.contents).includes('FROM'), 'the FROM hover');
    if (!published(BIG)) answeredDuring++;
  }
  t.diagnostic(`hover latencies while the big file was checked: ${latencies.join(', ')} ms`);
  assert.ok(answeredDuring >= 3, `hovers answered while the big file was checked: ${answeredDuring} of ${latencies.length} (latencies ${latencies.join(', ')} ms)`);

  // A newer version while v1 (or its successor) is checked: v2's diagnostics come, and none for a
  // version older than v2 after v2 was sent... except a v1 result already on its way.
  const before = publishes.length;
  const v2 = bigManifest(4000, 'nginx:1.27');
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: BIG, version: 2 }, contentChanges: [{ text: v2 }] });
  await until('diagnostics for version 2 of the big file', () => published(BIG, 2));
  const v2diags = published(BIG, 2)!.diagnostics;
  assert.ok(!v2diags.some((d) => d.code === 'kubernetes/no-latest-tag'), 'v2 pinned every image');
  assert.ok(v2diags.length > 0);
  assert.ok(publishes.slice(before).filter((p) => p.uri === BIG && p.version === 1).length <= 1);
});
