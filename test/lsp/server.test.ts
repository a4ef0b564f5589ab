/**
 * The language server as an editor sees it: the built dist/server.js in a child process, spoken to
 * over stdio with vscode-jsonrpc by a small client written here (no vscode-languageclient). The
 * client answers workspace/configuration from a settings object the tests change, mirrors every
 * document with incremental edits, and waits on conditions ("the next publishDiagnostics for uri X
 * at version V"), never on fixed sleeps.
 *
 * Run: node scripts/build.mjs && node --import tsx --test test/lsp/server.test.ts
 * SHIPSHAPE_LSP_TIMEOUT_MS raises the per-wait timeout (default 20 s) on slow machines;
 * SHIPSHAPE_SERVER_JS runs another bundle instead of dist/server.js (no freshness check then).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction, CompletionItem, CompletionList, ConfigurationParams, Diagnostic, Hover, InitializeParams, InitializeResult,
  LogMessageParams, MarkupContent, PublishDiagnosticsParams, Range, RegistrationParams, TextDocumentContentChangeEvent,
  TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { lint } from '../../server/src/engine/runner';
import { toServerSettings } from '../../server/src/settings';
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';
import { objectsOf } from '../../server/src/languages/kubernetes/workspaceIndex';
import { bigManifest } from '../../scripts/bench/generate';
import { requestCancelledInOneWrite } from '../../scripts/bench/lsp';
import { assertFreshBundle, ROOT, SERVER_JS } from '../helpers/bundle';
import { hostileWorkspace } from '../helpers/hostile';

const SERVER = SERVER_JS;
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'lsp');
const WAIT_MS = Number(process.env.SHIPSHAPE_LSP_TIMEOUT_MS) || 20_000;
const TEST_TIMEOUT = WAIT_MS * 3;

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
/** A file: URI under the fixture folder (the file need not exist: the server only sees text). */
const uriOf = (name: string) => pathToFileURL(path.join(FIXTURES, name)).href;
const rng = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const fmtRange = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
/**
 * The rules these tests are about. Exact-set assertions look only at them, so a rule added to the
 * catalogue later (which may well flag `RUN npm ci` in a fixture) does not break unrelated tests;
 * every diagnostic, whatever its rule, is still checked for shape, versions and source.
 */
const RULES = new Set([
  'dockerfile/no-latest-tag', 'dockerfile/prefer-copy-over-add', 'dockerfile/no-root-user',
  'kubernetes/require-resource-limits', 'kubernetes/no-latest-tag', 'kubernetes/no-privileged-container', 'kubernetes/valid-schema',
]);
const ours = (ds: readonly Diagnostic[]) => ds.filter((d) => RULES.has(String(d.code)));
const diagLine = (d: Diagnostic) => `${d.code}@${fmtRange(d.range)} ${d.severity}`;
/** "code@range severity" of the rules under test, sorted: what a publish says, compactly and order-independently. */
const summary = (ds: readonly Diagnostic[]) => ours(ds).map(diagLine).sort();
const summaryAll = (ds: readonly Diagnostic[]) => ds.map(diagLine).sort();
const codes = (ds: readonly Diagnostic[]) => ours(ds).map((d) => String(d.code)).sort();


/** A document as the client holds it: text per version, so any publish can be checked against its text. */
class Doc {
  readonly texts = new Map<number, string>();
  constructor(public td: TextDocument) {
    this.texts.set(td.version, td.getText());
  }
  get uri() { return this.td.uri; }
  get version() { return this.td.version; }
  get text() { return this.td.getText(); }
}

interface SessionOptions {
  /** Advertise workspace.configuration (settings pulled per document). */
  configuration: boolean;
  /** Advertise dynamic registration for workspace/didChangeConfiguration. */
  dynamicConfigurationRegistration: boolean;
  /** The workspace folder (test/fixtures/lsp unless given). */
  workspaceFolder?: string;
}

type Settings = Record<string, unknown>;

/** One server process and the client side of its LSP connection. */
class Session {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly conn: MessageConnection;
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly configRequests: { scopeUri?: string; section?: string }[] = [];
  readonly registrations: string[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly docs = new Map<string, Doc>();
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  initializeResult: InitializeResult | undefined;
  /** Answer to workspace/configuration for the `shipshape` section; per-URI entries win. */
  settings: Settings = {};
  readonly settingsByUri = new Map<string, Settings>();
  /** Called before each workspace/configuration answer is sent (to interleave edits with it). */
  beforeConfigurationAnswer: ((items: ConfigurationParams['items']) => void | Promise<void>) | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(readonly options: SessionOptions) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.proc.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.changed();
    });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.publishes.push(p);
      this.changed();
    });
    this.conn.onNotification('window/logMessage', (p: LogMessageParams) => {
      this.logs.push(p);
      this.changed();
    });
    this.conn.onRequest('workspace/configuration', async (p: ConfigurationParams) => {
      this.configRequests.push(...p.items);
      this.changed();
      await this.beforeConfigurationAnswer?.(p.items);
      return p.items.map((item) => (item.section === 'shipshape' ? (item.scopeUri && this.settingsByUri.get(item.scopeUri)) || this.settings : null));
    });
    this.conn.onRequest('client/registerCapability', (p: RegistrationParams) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      this.changed();
      return null;
    });
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  private changed(): void {
    for (const w of [...this.waiters]) w();
  }

  /** What the session saw lately, for failure messages. */
  describe(): string {
    const pubs = this.publishes.slice(-8).map((p) => `  ${path.basename(p.uri)} v${p.version}: ${summaryAll(p.diagnostics).join(', ') || '(none)'}`);
    const logs = this.logs.slice(-5).map((l) => `  [${l.type}] ${l.message.slice(0, 400)}`);
    return [`last publishes:`, ...pubs, `last log messages:`, ...logs, `stderr: ${this.stderr.slice(-800) || '(empty)'}`, `exit: ${JSON.stringify(this.exit)}`].join('\n');
  }

  /** Resolves with probe()'s first non-undefined value, re-probing on every message from the server. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const check = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.exit) {
          finish();
          reject(new Error(`the server exited while waiting for ${what}\n${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Index to pass as `after`: only publishes that arrive from now on count. */
  mark(): number {
    return this.publishes.length;
  }

  /** The first publish for `uri` at or after index `after` (and at `version`, when given). */
  publish(uri: string, opts: { after: number; version?: number }): Promise<PublishDiagnosticsParams> {
    const what = `publishDiagnostics for ${path.basename(uri)}${opts.version === undefined ? '' : ` v${opts.version}`}`;
    return this.waitFor(what, () =>
      this.publishes.slice(opts.after).find((p) => p.uri === uri && (opts.version === undefined || p.version === opts.version)));
  }

  /** Publishes for `uri` since `after`. */
  publishesFor(uri: string, after = 0): PublishDiagnosticsParams[] {
    return this.publishes.slice(after).filter((p) => p.uri === uri);
  }

  async request<R>(method: string, params: unknown): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for the ${method} response\n${this.describe()}`)), WAIT_MS);
    });
    try {
      return await Promise.race([this.conn.sendRequest<R>(method, params), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async initialize(): Promise<InitializeResult> {
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'shipshape-lsp-test' },
      rootUri: pathToFileURL(this.options.workspaceFolder ?? FIXTURES).href,
      workspaceFolders: [{ uri: pathToFileURL(this.options.workspaceFolder ?? FIXTURES).href, name: 'lsp' }],
      capabilities: {
        workspace: {
          configuration: this.options.configuration,
          didChangeConfiguration: { dynamicRegistration: this.options.dynamicConfigurationRegistration },
          workspaceEdit: { documentChanges: false },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          codeAction: {
            isPreferredSupport: true,
            dataSupport: true,
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          },
        },
      },
    };
    this.initializeResult = await this.request<InitializeResult>('initialize', params);
    await this.conn.sendNotification('initialized', {});
    return this.initializeResult;
  }

  open(uri: string, languageId: string, text: string): Doc {
    const doc = new Doc(TextDocument.create(uri, languageId, 1, text));
    this.docs.set(uri, doc);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  /** Sends ranged (incremental) changes as the next version and mirrors them locally. */
  change(doc: Doc, changes: { range: Range; text: string }[]): number {
    const version = doc.version + 1;
    doc.td = TextDocument.update(doc.td, changes as TextDocumentContentChangeEvent[], version);
    doc.texts.set(version, doc.td.getText());
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: changes });
    return version;
  }

  /**
   * Applies a WorkspaceEdit for `doc` the way an editor does: checks its result against a plain
   * TextDocument.applyEdits, sends it as incremental changes (last edit first, so earlier ranges
   * stay valid), and returns the new version.
   */
  applyEdit(doc: Doc, edit: WorkspaceEdit | undefined): number {
    assert.ok(edit?.changes, 'the action has a WorkspaceEdit with `changes`');
    assert.deepEqual(Object.keys(edit.changes), [doc.uri], 'the edit touches only this document');
    const edits = edit.changes[doc.uri];
    const expected = TextDocument.applyEdits(doc.td, edits);
    const byStartDesc = [...edits].sort((a, b) => doc.td.offsetAt(b.range.start) - doc.td.offsetAt(a.range.start));
    const version = this.change(doc, byStartDesc.map((e) => ({ range: e.range, text: e.newText })));
    assert.equal(doc.text, expected, 'sending the edits as incremental changes gives the same text');
    return version;
  }

  close(doc: Doc): void {
    this.docs.delete(doc.uri);
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
  }

  codeActions(doc: Doc, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc.uri }, range, context: { diagnostics, ...(only ? { only } : {}) },
    }).then((r) => r ?? []);
  }

  async shutdown(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const result = await this.request<null>('shutdown', null);
    assert.equal(result, null, 'shutdown answers null');
    await this.conn.sendNotification('exit');
    return this.waitFor('the server process to exit after `exit`', () => this.exit);
  }

  /** Last resort after a failed test: ends this session's own server process. */
  kill(): void {
    this.conn.dispose();
    if (!this.exit && this.proc.pid) this.proc.kill('SIGKILL');
  }

  /**
   * Invariants over the whole session: per document, published versions never go backwards, each
   * one is a version the client sent, and every diagnostic carries source/code/docs/data.
   */
  checkInvariants(): void {
    const last = new Map<string, number>();
    for (const p of this.publishes) {
      const doc = this.docs.get(p.uri);
      if (p.version !== undefined) {
        assert.ok((last.get(p.uri) ?? 0) <= p.version, `${path.basename(p.uri)}: v${p.version} published after v${last.get(p.uri)}`);
        last.set(p.uri, p.version);
        if (doc) assert.ok(doc.texts.has(p.version), `${path.basename(p.uri)}: published v${p.version}, which the client never sent`);
      }
      for (const d of p.diagnostics) checkDiagnosticShape(d, p.version);
    }
    const errors = this.logs.filter((l) => l.type === 1);
    assert.deepEqual(errors.map((l) => l.message), [], 'the server logged no errors');
  }
}

function checkDiagnosticShape(d: Diagnostic, version: number | undefined): void {
  assert.equal(d.source, 'shipshape', `source of ${d.code}`);
  assert.match(String(d.code), /^(dockerfile|kubernetes)\/[a-z-]+$/, 'code is a rule id');
  const href = d.codeDescription?.href ?? '';
  assert.ok(href.startsWith('https://'), `codeDescription.href of ${d.code}: ${href}`);
  assert.ok(href.endsWith(`/${d.code}.md`), `codeDescription.href of ${d.code} is its docs page: ${href}`);
  const data = d.data as { ruleId?: string; version?: number } | undefined;
  assert.equal(data?.ruleId, d.code, 'data.ruleId');
  if (version !== undefined) assert.equal(data?.version, version, 'data.version is the published version');
  assert.ok(d.severity && d.severity >= 1 && d.severity <= 4, 'severity is set');
}

/** The diagnostic with this code (exactly one expected). */
function only(ds: readonly Diagnostic[], code: string): Diagnostic {
  const found = ds.filter((d) => d.code === code);
  assert.equal(found.length, 1, `exactly one ${code} in ${JSON.stringify(summaryAll(ds))}`);
  return found[0];
}

function titleOf(actions: CodeAction[]): string[] {
  return actions.map((a) => a.title);
}

function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents as MarkupContent | string | { value: string } | (string | { value: string })[];
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

/**
 * What the server must publish for a Dockerfile of the burst's shape (FROM, USER, ADD lines, CMD),
 * worked out from the text alone: one prefer-copy-over-add per `ADD` line, no-latest-tag when the
 * image is `:latest`.
 */
function expectedBurstDiagnostics(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('ADD ')) out.push(`dockerfile/prefer-copy-over-add@${i}:0-${i}:3 2`);
    const m = /^FROM (\S+:latest)$/.exec(line);
    if (m) out.push(`dockerfile/no-latest-tag@${i}:5-${i}:${5 + m[1].length} 2`);
  });
  return out.sort();
}

describe('language server over stdio (vscode-jsonrpc client)', () => {
  let s: Session;
  let dockerfile: Doc;
  let deployment: Doc;
  let burst: Doc | undefined;
  /** Publish index where the configuration test began: burst publishes before it use default settings. */
  let configStart = Infinity;

  before(() => {
    assertFreshBundle();
    s = new Session({ configuration: true, dynamicConfigurationRegistration: true });
  });
  after(() => s?.kill());

  test('initialize / initialized: capabilities, and a dynamic registration for configuration changes', { timeout: TEST_TIMEOUT }, async () => {
    const init = await s.initialize();
    assert.equal(init.serverInfo?.name, 'shipshape');
    const caps = init.capabilities;
    assert.equal(caps.textDocumentSync, 2, 'incremental sync');
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.completionProvider, 'completion');
    assert.deepEqual(typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : undefined, ['quickfix', 'refactor.rewrite', 'source.fixAll.shipshape', 'refactor.rewrite.pin']);
    await s.waitFor('client/registerCapability for workspace/didChangeConfiguration', () =>
      s.registrations.includes('workspace/didChangeConfiguration') || undefined);
  });

  test('didOpen Dockerfile: diagnostics with codes, ranges, severities, source, docs links; settings pulled for its URI', { timeout: TEST_TIMEOUT }, async () => {
    const at = s.mark();
    dockerfile = s.open(uriOf('Dockerfile'), 'dockerfile', fixture('Dockerfile'));
    const p = await s.publish(dockerfile.uri, { after: at, version: 1 });
    assert.deepEqual(summary(p.diagnostics), [
      'dockerfile/no-latest-tag@0:5-0:16 2', // node:latest
      'dockerfile/no-root-user@0:0-0:16 2', // the final stage's FROM, no USER anywhere
      'dockerfile/prefer-copy-over-add@2:0-2:3 2', // ADD package.json /app/
      'dockerfile/prefer-copy-over-add@4:0-4:3 2', // ADD . /app
    ]);
    for (const d of p.diagnostics) checkDiagnosticShape(d, 1);
    assert.match(only(p.diagnostics, 'dockerfile/no-latest-tag').message, /"node".*"latest"/);
    assert.ok(s.configRequests.some((c) => c.scopeUri === dockerfile.uri && c.section === 'shipshape'), 'workspace/configuration asked for section "shipshape" with the document as scopeUri');
  });

  test('didOpen Deployment: Kubernetes diagnostics at the offending values', { timeout: TEST_TIMEOUT }, async () => {
    const at = s.mark();
    deployment = s.open(uriOf('deployment.yaml'), 'yaml', fixture('deployment.yaml'));
    const p = await s.publish(deployment.uri, { after: at, version: 1 });
    assert.deepEqual(summary(p.diagnostics), [
      'kubernetes/no-latest-tag@16:17-16:29 2', // nginx:latest
      'kubernetes/no-privileged-container@20:24-20:28 1', // privileged: true
      'kubernetes/require-resource-limits@15:16-15:19 2', // - name: web
    ]);
    for (const d of p.diagnostics) checkDiagnosticShape(d, 1);
    assert.match(only(p.diagnostics, 'kubernetes/require-resource-limits').message, /"web".*CPU request, memory request and memory limit/);
  });

  test('schema problems are kubernetes/valid-schema diagnostics', { timeout: TEST_TIMEOUT }, async () => {
    const at = s.mark();
    const text = fixture('deployment.yaml').replace('replicas: 2', 'replicas: two');
    const doc = s.open(uriOf('virtual/bad-replicas.yaml'), 'yaml', text);
    const p = await s.publish(doc.uri, { after: at, version: 1 });
    const schema = only(p.diagnostics, 'kubernetes/valid-schema');
    assert.deepEqual(schema.range, rng(5, 12, 5, 15), 'on the value "two"');
    assert.match(schema.message, /integer/i);
    const closed = s.mark();
    s.close(doc);
    const cleared = await s.publish(doc.uri, { after: closed });
    assert.deepEqual(cleared.diagnostics, [], 'didClose clears the diagnostics');
  });

  test('hover: Dockerfile FROM (dockerfile-language-service), Kubernetes replicas (schema description)', { timeout: TEST_TIMEOUT }, async () => {
    const from = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri: dockerfile.uri }, position: { line: 0, character: 2 } });
    assert.match(hoverText(from), /base ?image/i, 'FROM hover explains the base image');
    assert.match(hoverText(from), /FROM baseImage/);
    const replicas = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri: deployment.uri }, position: { line: 5, character: 5 } });
    assert.match(hoverText(replicas), /desired pods/);
    assert.deepEqual(replicas?.range, rng(5, 2, 5, 10), 'the range is the `replicas` key');
    const blank = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri: dockerfile.uri }, position: { line: 99, character: 0 } });
    assert.equal(hoverText(blank), '', 'no hover past the end');
  });

  test('codeAction: "Replace ADD with COPY" edit applied, the diagnostic goes, the other ADD stays', { timeout: TEST_TIMEOUT }, async () => {
    const p = s.publishesFor(dockerfile.uri).at(-1)!;
    const add = p.diagnostics.find((d) => d.code === 'dockerfile/prefer-copy-over-add' && d.range.start.line === 2)!;
    const actions = await s.codeActions(dockerfile, add.range, [add]);
    assert.deepEqual(titleOf(actions).filter((t) => !/(, with a reason| for this object| in this file)$/.test(t)), [
      'Replace ADD with COPY',
      'Disable dockerfile/prefer-copy-over-add for this line',
      'Show documentation for dockerfile/prefer-copy-over-add',
      'Convert to multi-stage build',
    ]);
    assert.equal(actions.find((a) => a.title === 'Convert to multi-stage build')?.kind, 'refactor.rewrite');
    const [replace, disable, docs] = actions.filter((a) => !/(, with a reason| for this object| in this file)$/.test(a.title));
    assert.equal(replace.kind, 'quickfix');
    assert.equal(replace.isPreferred, true, 'a safe fix is the preferred one');
    assert.deepEqual(replace.diagnostics, [add]);
    assert.deepEqual(docs.command, { title: 'Show documentation', command: 'shipshape.showRuleDocumentation', arguments: ['dockerfile/prefer-copy-over-add'] });
    // The suppression edit, checked without applying it.
    assert.equal(TextDocument.applyEdits(dockerfile.td, disable.edit!.changes![dockerfile.uri]).split('\n')[2], '# shipshape-ignore dockerfile/prefer-copy-over-add');

    const at = s.mark();
    const v = s.applyEdit(dockerfile, replace.edit);
    assert.equal(dockerfile.text.split('\n')[2], 'COPY package.json /app/');
    assert.equal(dockerfile.text.split('\n')[4], 'ADD . /app', 'only the line the diagnostic was on');
    const next = await s.publish(dockerfile.uri, { after: at, version: v });
    assert.deepEqual(summary(next.diagnostics), [
      'dockerfile/no-latest-tag@0:5-0:16 2',
      'dockerfile/no-root-user@0:0-0:16 2',
      'dockerfile/prefer-copy-over-add@4:0-4:3 2',
    ]);
    assert.deepEqual(s.publishesFor(dockerfile.uri, at).map((x) => x.version), [v], 'nothing published for the old version after the change');
  });

  test('codeAction with context.only source.fixAll: the safe fixes only; never offered without `only`', { timeout: TEST_TIMEOUT }, async () => {
    const whole = rng(0, 0, dockerfile.td.lineCount, 0);
    const lightbulb = await s.codeActions(dockerfile, whole, []);
    assert.ok(!lightbulb.some((a) => a.kind?.startsWith('source')), 'no source action for a plain lightbulb request');
    const quickfixOnly = await s.codeActions(dockerfile, whole, [], ['quickfix']);
    assert.ok(!quickfixOnly.some((a) => a.kind?.startsWith('source')), 'only: quickfix gives no fix-all');
    const exact = await s.codeActions(dockerfile, whole, [], ['source.fixAll.shipshape']);
    assert.deepEqual(exact.map((a) => a.kind), ['source.fixAll.shipshape']);

    const actions = await s.codeActions(dockerfile, whole, [], ['source.fixAll']);
    assert.equal(actions.length, 1, JSON.stringify(titleOf(actions)));
    const [fixAll] = actions;
    assert.equal(fixAll.kind, 'source.fixAll.shipshape');
    assert.equal(fixAll.title, 'Fix all safe Shipshape problems');
    const edits: TextEdit[] = fixAll.edit?.changes?.[dockerfile.uri] ?? [];
    assert.deepEqual(edits.filter((e) => e.newText === 'COPY'), [{ range: rng(4, 0, 4, 3), newText: 'COPY' }], 'ADD -> COPY on the remaining ADD');
    assert.ok(!edits.some((e) => /USER/.test(e.newText)), '"add a USER" is not safe: not in fix-all');
    const at = s.mark();
    const v = s.applyEdit(dockerfile, fixAll.edit);
    assert.doesNotMatch(dockerfile.text, /^ADD /m);
    assert.doesNotMatch(dockerfile.text, /^USER /m, 'the unsafe no-root-user fix was not applied');
    const next = await s.publish(dockerfile.uri, { after: at, version: v });
    assert.deepEqual(codes(next.diagnostics), ['dockerfile/no-latest-tag', 'dockerfile/no-root-user']);

    const k8s = await s.codeActions(deployment, rng(0, 0, deployment.td.lineCount, 0), [], ['source.fixAll']);
    assert.deepEqual(k8s, [], 'the Deployment has no safe fixes (resources and privileged fixes are choices)');
  });

  test('codeAction: "Add resource requests and limits" inserts a valid resources block', { timeout: TEST_TIMEOUT }, async () => {
    const p = s.publishesFor(deployment.uri).at(-1)!;
    const diag = only(p.diagnostics, 'kubernetes/require-resource-limits');
    const actions = await s.codeActions(deployment, diag.range, [diag]);
    // The suppression variants (with a reason, for the whole object) and the file-wide fix are tested
    // with the engine; here the rule's own fix and the basic actions must be there, in this order.
    const extra = /(, with a reason| for this object| in this file)$/;
    assert.deepEqual(titleOf(actions).filter((t) => !extra.test(t)), [
      'Add resource requests and limits',
      'Disable kubernetes/require-resource-limits for this line',
      'Show documentation for kubernetes/require-resource-limits',
    ]);
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.ok(!fix.isPreferred, 'values are a choice: not preferred');
    const at = s.mark();
    const v = s.applyEdit(deployment, fix.edit);
    const container = parseYaml(deployment.text).spec.template.spec.containers[0];
    assert.deepEqual(container.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    assert.equal(container.securityContext.privileged, true, 'the rest of the container is untouched');
    assert.match(deployment.text, /\n {10}resources:\n {12}requests:\n {14}cpu: 100m\n/, 'indented like the container keys');
    const next = await s.publish(deployment.uri, { after: at, version: v });
    assert.deepEqual(codes(next.diagnostics), ['kubernetes/no-latest-tag', 'kubernetes/no-privileged-container'], 'fixed, and no schema problem introduced');
  });

  test('didChange (incremental): pinning the tag removes no-latest-tag for the new version', { timeout: TEST_TIMEOUT }, async () => {
    assert.equal(dockerfile.text.split('\n')[0], 'FROM node:latest');
    const at = s.mark();
    const v = s.change(dockerfile, [{ range: rng(0, 10, 0, 16), text: '22-slim' }]);
    assert.equal(dockerfile.text.split('\n')[0], 'FROM node:22-slim');
    const next = await s.publish(dockerfile.uri, { after: at, version: v });
    assert.deepEqual(summary(next.diagnostics), ['dockerfile/no-root-user@0:0-0:17 2'], 'the range follows the longer line');
    assert.deepEqual(s.publishesFor(dockerfile.uri, at).map((x) => x.version), [v]);

    // The same for Kubernetes, typing in two steps (delete, then insert).
    const at2 = s.mark();
    const line = deployment.text.split('\n').findIndex((l) => l.includes('image: nginx:latest'));
    const col = deployment.text.split('\n')[line].indexOf('latest');
    s.change(deployment, [{ range: rng(line, col, line, col + 6), text: '' }]);
    const v2 = s.change(deployment, [{ range: rng(line, col, line, col), text: '1.27' }]);
    const next2 = await s.publish(deployment.uri, { after: at2, version: v2 });
    assert.deepEqual(codes(next2.diagnostics), ['kubernetes/no-privileged-container']);
    assert.ok(s.publishesFor(deployment.uri, at2).every((x) => x.version === v2), 'the intermediate version was debounced away');
  });

  test('a burst of 50 didChange: the last publish is for the last version and matches its text', { timeout: TEST_TIMEOUT }, async () => {
    const opened = s.mark();
    const doc = (burst = s.open(uriOf('virtual/burst/Dockerfile'), 'dockerfile', 'FROM node:20\nUSER node\nCMD ["node", "app.js"]\n'));
    assert.deepEqual(summary((await s.publish(doc.uri, { after: opened, version: 1 })).diagnostics), []);
    const at = s.mark();
    for (let i = 1; i <= 50; i++) {
      // Two ranged changes per notification: retag the base image, insert an ADD line after it.
      const tag = i % 2 === 0 ? 'latest' : `${18 + (i % 5)}`;
      const fromLine = doc.td.getText(rng(0, 0, 1, 0)).replace(/\n$/, '');
      s.change(doc, [
        { range: rng(0, 0, 0, fromLine.length), text: `FROM node:${tag}` },
        { range: rng(1, 0, 1, 0), text: `ADD src${i}/ /app/${i}/\n` },
      ]);
    }
    const last = doc.version;
    assert.equal(last, 51);
    const p = await s.publish(doc.uri, { after: at, version: last });
    const expected = expectedBurstDiagnostics(doc.text);
    assert.equal(expected.length, 51, '50 ADD lines and node:latest');
    assert.deepEqual(summary(p.diagnostics), expected);
    const during = s.publishesFor(doc.uri, at);
    assert.ok(during.length <= 5, `debounced: ${during.length} publishes for 50 changes`);
    for (const q of during) assert.deepEqual(summary(q.diagnostics), expectedBurstDiagnostics(doc.texts.get(q.version!)!), `publish for v${q.version} matches that version's text`);
  });

  test('an edit that arrives while the server waits for settings: no publish labels the new text with the old version', { timeout: TEST_TIMEOUT }, async () => {
    const uri = uriOf('virtual/interleaved/Dockerfile');
    let doc: Doc | undefined;
    // The server asks for this new document's settings before linting v1; the client types first, then answers.
    s.beforeConfigurationAnswer = (items) => {
      if (doc && doc.version === 1 && items.some((i) => i.scopeUri === uri)) s.change(doc, [{ range: rng(0, 10, 0, 12), text: 'latest' }]);
    };
    try {
      const at = s.mark();
      doc = s.open(uri, 'dockerfile', 'FROM node:20\nUSER node\nADD a /a\n');
      const p = await s.publish(uri, { after: at, version: 2 });
      assert.deepEqual(summary(p.diagnostics), expectedBurstDiagnostics(doc.text));
      assert.equal(summary(p.diagnostics).length, 2, 'ADD and node:latest');
      for (const q of s.publishesFor(uri, at)) {
        assert.deepEqual(summary(q.diagnostics), expectedBurstDiagnostics(doc.texts.get(q.version!)!), `publish for v${q.version} matches that version's text`);
      }
    } finally {
      s.beforeConfigurationAnswer = undefined;
    }
  });

  test('typing (a change every 10 ms, faster than the ~120 ms debounce) is checked a few times, not per keystroke', { timeout: TEST_TIMEOUT }, async () => {
    const opened = s.mark();
    const doc = s.open(uriOf('virtual/typing/Dockerfile'), 'dockerfile', 'FROM node:20\nUSER node\n');
    await s.publish(doc.uri, { after: opened, version: 1 });
    const at = s.mark();
    const typed = 'RUN echo hello-from-a-typing-test';
    // Pacing the input is the point here (a typist), not waiting for a result.
    for (const ch of typed) {
      const end = doc.td.positionAt(doc.text.length);
      s.change(doc, [{ range: { start: end, end }, text: ch }]);
      await new Promise((r) => setTimeout(r, 10));
    }
    const p = await s.publish(doc.uri, { after: at, version: doc.version });
    assert.deepEqual(summary(p.diagnostics), []);
    assert.ok(doc.text.endsWith(typed));
    const count = s.publishesFor(doc.uri, at).length;
    assert.ok(count <= 8, `${typed.length} keystrokes 10 ms apart gave ${count} publishes: validation is not debounced`);
  });

  test('configuration: re-pulled after didChangeConfiguration; severity change, rule off, per-document scope', { timeout: TEST_TIMEOUT }, async () => {
    const opened = (configStart = s.mark());
    const doc = s.open(uriOf('virtual/config/Dockerfile'), 'dockerfile', 'FROM node:latest\nUSER node\n');
    const first = await s.publish(doc.uri, { after: opened, version: 1 });
    assert.deepEqual(summary(first.diagnostics), ['dockerfile/no-latest-tag@0:5-0:16 2']);

    const asked = () => s.configRequests.filter((c) => c.scopeUri === doc.uri).length;
    const before = asked();
    s.settings = { rules: { 'dockerfile/no-latest-tag': 'error' } };
    let at = s.mark();
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    let p = await s.publish(doc.uri, { after: at, version: 1 });
    assert.ok(asked() > before, 'the settings were pulled again');
    assert.deepEqual(summary(p.diagnostics), ['dockerfile/no-latest-tag@0:5-0:16 1'], 'severity error');
    // Every open document was re-checked with the new settings.
    const k8s = await s.publish(deployment.uri, { after: at, version: deployment.version });
    assert.deepEqual(codes(k8s.diagnostics), ['kubernetes/no-privileged-container']);

    s.settings = { rules: { 'dockerfile/no-latest-tag': 'off' } };
    at = s.mark();
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    p = await s.publish(doc.uri, { after: at, version: 1 });
    assert.deepEqual(summary(p.diagnostics), [], 'rule off');

    // Per-document settings (scopeUri): the rule is off for `doc` only.
    s.settings = {};
    s.settingsByUri.set(doc.uri, { rules: { 'dockerfile/no-latest-tag': 'off' } });
    at = s.mark();
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    p = await s.publish(doc.uri, { after: at, version: 1 });
    assert.deepEqual(summary(p.diagnostics), [], 'still off for this document');
    // Every open document is re-checked; wait for the burst document's check under the new settings.
    await s.waitFor('no-latest-tag (default warning) back on the burst document', () =>
      s.publishesFor(burst!.uri, at).find((q) => q.diagnostics.some((d) => d.code === 'dockerfile/no-latest-tag' && d.severity === 2)));
    assert.deepEqual(summary(s.publishesFor(doc.uri, at).at(-1)!.diagnostics), [], 'meanwhile still off for `doc`');

    // Settings also shape the fixes: the resources policy and values.
    s.settingsByUri.set(doc.uri, {});
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
    const podUri = uriOf('virtual/config/pod.yaml');
    s.settingsByUri.set(podUri, { kubernetes: { resources: { policy: 'guaranteed', cpuRequest: '250m', memoryRequest: '64Mi' } } });
    at = s.mark();
    const podDoc = s.open(podUri, 'yaml', pod);
    const podPub = await s.publish(podUri, { after: at, version: 1 });
    const diag = only(podPub.diagnostics, 'kubernetes/require-resource-limits');
    assert.match(diag.message, /CPU limit/, 'guaranteed asks for a CPU limit too');
    const [fix] = await s.codeActions(podDoc, diag.range, [diag]);
    assert.equal(fix.title, 'Add resource requests and limits');
    const fixed = parseYaml(TextDocument.applyEdits(podDoc.td, fix.edit!.changes![podUri]));
    assert.deepEqual(fixed.spec.containers[0].resources, { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '250m', memory: '64Mi' } });
  });

  test('non-Kubernetes YAML (a GitHub workflow): empty diagnostics, no hover, no completion', { timeout: TEST_TIMEOUT }, async () => {
    const at = s.mark();
    const doc = s.open(uriOf('ci-workflow.yml'), 'yaml', fixture('ci-workflow.yml'));
    const p = await s.publish(doc.uri, { after: at, version: 1 });
    assert.deepEqual(p.diagnostics, []);
    const hover = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 7, character: 6 } });
    assert.equal(hover, null);
    const completion = await s.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line: 8, character: 4 } });
    assert.deepEqual(completion?.items ?? [], [], 'no Kubernetes completion in a workflow');

    // Kubernetes-looking content without a top-level apiVersion is not a manifest either.
    const at2 = s.mark();
    const kindOnly = s.open(uriOf('virtual/not-k8s/pod-template.yaml'), 'yaml', 'kind: Pod\nspec:\n  privileged: true\n  containers:\n    - name: a\n      image: nginx:latest\n      securityContext: {privileged: true}\n');
    assert.deepEqual((await s.publish(kindOnly.uri, { after: at2, version: 1 })).diagnostics, []);
  });

  test('completion inside a Deployment container offers `resources`', { timeout: TEST_TIMEOUT }, async () => {
    const text = fixture('deployment.yaml').replace('          ports:\n', '          \n          ports:\n');
    const line = text.split('\n').indexOf('          ');
    assert.ok(line > 0);
    const at = s.mark();
    const doc = s.open(uriOf('virtual/completion/deployment.yaml'), 'yaml', text);
    await s.publish(doc.uri, { after: at, version: 1 });
    const result = await s.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line, character: 10 } });
    const labels = (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);
    assert.ok(labels.includes('resources'), `resources in ${JSON.stringify(labels)}`);
    assert.ok(labels.includes('livenessProbe') && labels.includes('env'), 'container fields');
    assert.ok(!labels.includes('image'), 'keys already there are not offered again');
    assert.ok(!labels.includes('replicas') && !labels.includes('containers'), 'not fields of other objects');

    const dockerCompletion = await s.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: dockerfile.uri }, position: { line: 6, character: 0 } });
    const keywords = dockerCompletion?.items.map((i) => i.label) ?? [];
    assert.ok(keywords.includes('USER') && keywords.includes('COPY'), `Dockerfile keywords: ${JSON.stringify(keywords)}`);
  });

  test('shutdown / exit: the process exits with code 0; the whole session kept its invariants', { timeout: TEST_TIMEOUT }, async () => {
    const exit = await s.shutdown();
    assert.deepEqual(exit, { code: 0, signal: null });
    s.checkInvariants();
    // Nothing stale came late for the burst document (before settings were changed on purpose).
    if (burst) {
      for (const q of s.publishes.slice(0, configStart).filter((x) => x.uri === burst!.uri)) {
        assert.deepEqual(summary(q.diagnostics), expectedBurstDiagnostics(burst.texts.get(q.version!)!), `burst publish v${q.version}`);
      }
    }
  });
});

describe('language server with clients of fewer capabilities', () => {
  const sessions: Session[] = [];
  after(() => sessions.forEach((x) => x.kill()));

  async function openDockerfile(s: Session) {
    await s.initialize();
    const at = s.mark();
    const doc = s.open(uriOf('virtual/caps/Dockerfile'), 'dockerfile', 'FROM node\nUSER node\n');
    return { doc, p: await s.publish(doc.uri, { after: at, version: 1 }) };
  }

  before(assertFreshBundle);

  test('workspace/configuration without dynamic registration: settings pulled, nothing registered', { timeout: TEST_TIMEOUT }, async () => {
    const s = new Session({ configuration: true, dynamicConfigurationRegistration: false });
    sessions.push(s);
    s.settings = { rules: { 'dockerfile/no-latest-tag': 'info' } };
    const { doc, p } = await openDockerfile(s);
    assert.deepEqual(summary(p.diagnostics), ['dockerfile/no-latest-tag@0:5-0:9 3']);
    assert.ok(s.configRequests.some((c) => c.scopeUri === doc.uri));
    // didChangeConfiguration still works without the registration.
    s.settings = {};
    const at = s.mark();
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(summary((await s.publish(doc.uri, { after: at, version: 1 })).diagnostics), ['dockerfile/no-latest-tag@0:5-0:9 2']);
    assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
    assert.deepEqual(s.registrations, [], 'no client/registerCapability for a client that cannot take it');
    s.checkInvariants();
  });

  test('a Dockerfile opened while the workspace is indexed still gets its diagnostics', { timeout: TEST_TIMEOUT }, async () => {
    // After `initialized` the server indexes the folder's manifests, then drops results computed
    // before the index was complete. A folder of 1,500 manifests keeps the index busy while the
    // Dockerfile is checked, and its settings answer is held for 4 s so the index finishes first:
    // that check must be redone, not lost.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-lsp-index-'));
    try {
      for (let i = 0; i < 1500; i++) {
        fs.writeFileSync(path.join(folder, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: value-${i}\n`);
      }
      const s = new Session({ configuration: true, dynamicConfigurationRegistration: true, workspaceFolder: folder });
      sessions.push(s);
      const uri = pathToFileURL(path.join(folder, 'Dockerfile')).href;
      let held = 0;
      s.beforeConfigurationAnswer = async (items) => {
        if (held === 0 && items.some((i) => i.scopeUri === uri)) {
          held++;
          await new Promise((resolve) => setTimeout(resolve, 4_000));
        }
      };
      await s.initialize();
      const at = s.mark();
      const doc = s.open(uri, 'dockerfile', 'FROM node\nUSER node\n');
      const p = await s.publish(doc.uri, { after: at, version: 1 });
      assert.deepEqual(summary(p.diagnostics), ['dockerfile/no-latest-tag@0:5-0:9 2']);
      assert.equal(held, 1, 'the first settings answer for the Dockerfile was held');
      assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
      s.checkInvariants();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('no workspace/configuration support: defaults, settings pushed with didChangeConfiguration, never asked', { timeout: TEST_TIMEOUT }, async () => {
    const s = new Session({ configuration: false, dynamicConfigurationRegistration: false });
    sessions.push(s);
    s.settings = { rules: { 'dockerfile/no-latest-tag': 'off' } }; // would only be used if the server asked
    const { doc, p } = await openDockerfile(s);
    assert.deepEqual(summary(p.diagnostics), ['dockerfile/no-latest-tag@0:5-0:9 2'], 'defaults');
    // The push model (what neovim 0.7 and other clients without workspace/configuration do).
    let at = s.mark();
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { shipshape: { rules: { 'dockerfile/no-latest-tag': 'error' } } } });
    assert.deepEqual(summary((await s.publish(doc.uri, { after: at, version: 1 })).diagnostics), ['dockerfile/no-latest-tag@0:5-0:9 1'], 'pushed settings apply');
    at = s.mark();
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { other: {} } });
    assert.deepEqual(summary((await s.publish(doc.uri, { after: at, version: 1 })).diagnostics), ['dockerfile/no-latest-tag@0:5-0:9 2'], 'no shipshape section: defaults again');
    assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
    assert.deepEqual(s.configRequests, []);
    assert.deepEqual(s.registrations, []);
    s.checkInvariants();
  });
});

describe('language server: hostile files in the workspace', () => {
  let s: Session | undefined;
  let folder = '';
  after(() => {
    s?.kill();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Every file under `dir` with its size, modification time and content. */
  function snapshot(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else {
          const st = fs.statSync(p);
          out.set(path.relative(dir, p), `${st.size} ${st.mtimeMs} ${fs.readFileSync(p).toString('base64').length}`);
        }
      }
    };
    walk(dir);
    return out;
  }

  test('each is checked with a clear outcome, hovers elsewhere are answered within 1 s meanwhile, and nothing is written', { timeout: TEST_TIMEOUT * 4 }, async (t) => {
    assertFreshBundle();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-lsp-hostile-'));
    const files = hostileWorkspace();
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(folder, f.name)), { recursive: true });
      fs.writeFileSync(path.join(folder, f.name), f.content);
    }
    fs.writeFileSync(path.join(folder, 'Dockerfile'), 'FROM node:20\nUSER node\n');
    const before = snapshot(folder);
    s = new Session({ configuration: true, dynamicConfigurationRegistration: true, workspaceFolder: folder });
    const session = s;
    await session.initialize();
    const small = session.open(pathToFileURL(path.join(folder, 'Dockerfile')).href, 'dockerfile', 'FROM node:20\nUSER node\n');
    await session.publish(small.uri, { after: 0, version: 1 });

    const latencies: { file: string; ms: number }[] = [];
    for (const f of files) {
      const uri = pathToFileURL(path.join(folder, f.name)).href;
      // The text as an editor holds it: UTF-8 decoded, invalid bytes replaced.
      const text = typeof f.content === 'string' ? f.content : f.content.toString('utf8');
      const at = session.mark();
      const doc = session.open(uri, f.language === 'dockerfile' ? 'dockerfile' : 'yaml', text);
      // Hovers on the small Dockerfile, one after another, until this file's diagnostics are published.
      let published: PublishDiagnosticsParams | undefined;
      const done = session.publish(uri, { after: at, version: 1 }).then((p) => (published = p));
      do {
        const t0 = performance.now();
        const h = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri: small.uri }, position: { line: 0, character: 1 } });
        latencies.push({ file: f.name, ms: Math.round(performance.now() - t0) });
        assert.match(hoverText(h), /FROM/, 'the hover on the small Dockerfile');
        if (!published) await Promise.race([done, new Promise((r) => setTimeout(r, 50))]);
      } while (!published);
      const codes = published.diagnostics.map((d) => String(d.code));
      if (f.notKubernetes) {
        assert.deepEqual(codes, [], `${f.name} is not taken for Kubernetes`);
      } else if (f.skipped) {
        assert.deepEqual(codes, ['shipshape/skipped-file'], `${f.name} is skipped with one clear diagnostic`);
        assert.match(published.diagnostics[0].message, /^Shipshape did not check this file: .*(NUL bytes|over the .* limit)/, `${f.name}: ${published.diagnostics[0].message}`);
      } else {
        assert.ok(!codes.includes('shipshape/skipped-file'), `${f.name} is checked: ${codes.join(', ')}`);
      }
      const lines = text.split(/\r\n|\r|\n/);
      for (const d of published.diagnostics) {
        for (const p of [d.range.start, d.range.end]) {
          assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `${f.name}: ${d.code} at ${fmtRange(d.range)} is outside the document`);
        }
      }
      // The other requests an editor sends on such a file are answered too.
      await session.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      await session.codeActions(doc, rng(0, 0, Math.max(0, lines.length - 1), 0), published.diagnostics);
      await session.request('textDocument/documentSymbol', { textDocument: { uri } });
      session.close(doc);
    }
    const slowest = latencies.reduce((a, b) => (b.ms > a.ms ? b : a));
    t.diagnostic(`${latencies.length} hovers; the slowest waited ${slowest.ms} ms (${slowest.file})`);
    assert.ok(slowest.ms < 1000, `a hover waited ${slowest.ms} ms while ${slowest.file} was checked`);
    assert.deepEqual(await session.shutdown(), { code: 0, signal: null });
    assert.deepEqual([...snapshot(folder)].sort(), [...before].sort(), 'the workspace is as it was: no file written, changed or added');
  });
});

describe('language server: a multi-document Kubernetes file edited document by document', () => {
  let s: Session;
  let folder: string;
  const yamlService = new KubernetesYamlService();
  const settings = toServerSettings({}, { dockerfileLanguage: false, kubernetesSchema: false }).engine;
  // The workspace holds one ServiceAccount: once it is indexed (complete), references to the other
  // accounts are reported as undefined, so a result computed before the index was ready is recognisable.
  const accounts = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: svc-0\n  namespace: team-0\n';
  let accountsUri = '';

  before(() => {
    assertFreshBundle();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-lsp-big-'));
    fs.writeFileSync(path.join(folder, 'accounts.yaml'), accounts);
    accountsUri = pathToFileURL(path.join(folder, 'accounts.yaml')).href;
    s = new Session({ configuration: true, dynamicConfigurationRegistration: true, workspaceFolder: folder });
  });
  after(() => {
    s?.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** What a full lint() of `text` gives, as the server would publish it (workspace indexed). */
  async function expected(uri: string, text: string): Promise<string[]> {
    const res = await lint({ text, language: 'kubernetes', uri, settings, services: { yaml: yamlService }, workspace: { objects: objectsOf(accountsUri, accounts), complete: true } });
    return res.findings.map((f) => `${f.ruleId}@${fmtRange(f.range)} ${f.severity} ${f.message}`);
  }
  const severityName = ['', 'error', 'warning', 'info', 'hint'];
  const published = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.code}@${fmtRange(d.range)} ${severityName[d.severity ?? 0]} ${d.message}`);

  test('every version published equals a full lint of its text', { timeout: TEST_TIMEOUT * 2 }, async () => {
    await s.initialize();
    const uri = pathToFileURL(path.join(folder, 'big.yaml')).href;
    const at = s.mark();
    const doc = s.open(uri, 'yaml', bigManifest(80, 4));
    const first = await expected(uri, doc.text);
    assert.ok(first.some((d) => d.startsWith('kubernetes/defined-references@') && /ServiceAccount "svc-1"/.test(d)), 'the workspace account makes the others undefined');
    // Results computed before the workspace was indexed may come first; the indexed one must follow.
    await s.waitFor('the publish of v1 with the workspace indexed', () =>
      s.publishesFor(uri, at).find((p) => p.version === 1 && JSON.stringify(published(p)) === JSON.stringify(first)));

    const lineOf = (needle: string, from = 0) => doc.text.split('\n').findIndex((l, i) => i >= from && l.includes(needle));
    const edits: Array<[string, () => { range: Range; text: string }[]]> = [
      ['a digit typed into a value', () => {
        const l = lineOf('revisionHistoryLimit: 5', 900);
        return [{ range: rng(l, 25, l, 25), text: '5' }];
      }],
      ['an image retagged to latest', () => {
        const l = lineOf('image: ', 1500);
        return [{ range: rng(l, 17, l, doc.td.getText().split('\n')[l].length), text: 'nginx:latest' }];
      }],
      ['a line-end suppression for it', () => {
        const l = lineOf('nginx:latest', 1500);
        const end = doc.text.split('\n')[l].length;
        return [{ range: rng(l, end, l, end), text: ' # shipshape-ignore kubernetes/no-latest-tag' }];
      }],
      ['a Service deleted (its Deployment loses nothing; the PDB rule sees the same)', () => {
        const start = lineOf('kind: Service', 1000) - 1;
        const end = lineOf('---', start + 2);
        return [{ range: rng(start, 0, end, 0), text: '' }];
      }],
      ['a pod label renamed (its Service now selects nothing)', () => {
        const l = lineOf('        app: svc-', 400);
        const line = doc.text.split('\n')[l];
        return [{ range: rng(l, 0, l, line.length), text: line + '-renamed' }];
      }],
      ['a new document inserted in the middle', () => {
        const l = lineOf('---', 2000);
        return [{ range: rng(l, 0, l, 0), text: '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: inserted\nspec:\n  containers:\n    - name: a\n      image: busybox\n' }];
      }],
      ['a syntax error typed at a document start', () => {
        const l = lineOf('kind: ConfigMap', 2500);
        return [{ range: rng(l, 0, l, 0), text: '[' }];
      }],
      ['two ranged changes in one notification, far apart', () => {
        const a = lineOf('replicas: ', 100);
        const b = lineOf('replicas: ', 2800);
        return [{ range: rng(b, 12, b, doc.text.split('\n')[b].length), text: '1' }, { range: rng(a, 12, a, doc.text.split('\n')[a].length), text: '7' }];
      }],
    ];
    for (const [what, make] of edits) {
      const mark = s.mark();
      const v = s.change(doc, make());
      const p = await s.publish(uri, { after: mark, version: v });
      assert.deepEqual(published(p), await expected(uri, doc.text), `${what} (v${v})`);
    }
    s.checkInvariants();
  });

  test('100 edits in 1 s: the last publish is for the last version and equals a full lint; nothing older follows it', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const uri = pathToFileURL(path.join(folder, 'big.yaml')).href;
    const doc = s.docs.get(uri)!;
    const replicaLines = doc.text.split('\n').flatMap((l, i) => (/^\s*replicas: \d+$/.test(l) ? [i] : []));
    assert.ok(replicaLines.length >= 10, 'the file has Deployments to edit');
    const mark = s.mark();
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      const line = replicaLines[(i * 7) % replicaLines.length];
      const text = doc.td.getText(rng(line, 0, line + 1, 0)).replace(/\n$/, '');
      s.change(doc, [{ range: rng(line, text.indexOf(': ') + 2, line, text.length), text: String((i % 9) + 1) }]);
      // Paced like fast typing (a burst, not one write): 100 changes in about a second.
      await new Promise((r) => setTimeout(r, 10));
    }
    const burstMs = performance.now() - started;
    const last = doc.version;
    const p = await s.publish(uri, { after: mark, version: last });
    assert.deepEqual(published(p), await expected(uri, doc.text), 'the last publish is a full lint of the last text');
    // A moment more: a check of an older version finishing late would publish now.
    await new Promise((r) => setTimeout(r, 500));
    const during = s.publishesFor(uri, mark);
    assert.equal(during.at(-1), p, `the last publish is for v${last}: ${during.map((q) => q.version).join(', ')}`);
    assert.ok(during.length <= 12, `100 edits in ${Math.round(burstMs)} ms gave ${during.length} publishes`);
    s.checkInvariants();
  });

  test('a completion request cancelled while the server is busy is answered with RequestCancelled', { timeout: TEST_TIMEOUT }, async () => {
    const uri = pathToFileURL(path.join(folder, 'big.yaml')).href;
    const doc = s.docs.get(uri)!;
    // An edit of every Deployment keeps the server checking for a while; the request and its
    // cancellation arrive meanwhile, as they do in an editor.
    const mark = s.mark();
    const all = rng(0, 0, doc.td.lineCount, 0);
    const v = s.change(doc, [{ range: all, text: doc.text.replaceAll('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Always') }]);
    const line = doc.text.split('\n').findIndex((l) => l.includes('imagePullPolicy: '));
    // At the start of a container key: the container's other fields are offered.
    const params = { textDocument: { uri }, position: { line, character: doc.text.split('\n')[line].indexOf('imagePullPolicy') } };
    // The request and its cancellation in one write, so that the server reads both before it
    // answers (sent as two messages, a server that is quick enough may answer before the cancellation
    // arrives; that is not what is tested here).
    const answer = await requestCancelledInOneWrite(s.proc.stdin, s.proc.stdout, 'textDocument/completion', params, WAIT_MS);
    assert.match(answer, /^"error":\{"code":-32800\b/, `answered with RequestCancelled (-32800): ${answer}`);
    await s.publish(uri, { after: mark, version: v });
    const answered = await s.request<CompletionList | null>('textDocument/completion', params);
    assert.ok(answered?.items.some((i) => i.label === 'startupProbe'), `the same request, not cancelled, is answered: ${JSON.stringify(answered?.items.map((i) => i.label))}`);
  });
});
