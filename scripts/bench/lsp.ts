/**
 * A minimal LSP client for the benchmark: spawns the bundled server over stdio and speaks JSON-RPC
 * through vscode-jsonrpc, recording every publishDiagnostics with its arrival time.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Published {
  uri: string;
  version?: number;
  count: number;
  at: number;
}

export interface Position {
  line: number;
  character: number;
}

export class LspSession {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly published: Published[] = [];
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  private waiters: Array<{ test: (p: Published) => boolean; resolve: (p: Published) => void }> = [];
  stderr = '';

  constructor(serverJs: string, opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [...(opts.nodeArgs ?? []), serverJs, '--stdio'], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 20000) this.stderr += d.toString();
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
      const entry = { uri: p.uri, version: p.version, count: p.diagnostics.length, at: performance.now() };
      this.published.push(entry);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(entry)) return true;
        w.resolve(entry);
        return false;
      });
    });
    // Requests the server may send; answered like a plain client would.
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          synchronization: { dynamicRegistration: false },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        workspace: { configuration: false },
      },
      initializationOptions: {},
    });
    await this.connection.sendNotification('initialized', {});
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, at: Position, insert: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: insert }],
    });
  }

  /** Resolves with the first publishDiagnostics (already received or future) matching `test`. */
  waitFor(test: (p: Published) => boolean, timeoutMs = 120_000, since = 0): Promise<Published> {
    const seen = this.published.find((p) => p.at >= since && test(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms; server stderr:\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  /** VmRSS of the server process from /proc, in bytes (undefined off Linux). */
  rss(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

/**
 * Sends a request and its `$/cancelRequest` in one write to a server's stdin, so the server reads
 * both before it can answer, and reads the answer from its stdout (next to whatever connection
 * reads it too). Resolves with the start of the answer (`"error":{"code":-32800…` or `"result":…`).
 */
export function requestCancelledInOneWrite(stdin: NodeJS.WritableStream, stdout: NodeJS.ReadableStream, method: string, params: unknown, timeoutMs: number): Promise<string> {
  const id = `cancelled-${method}-${Date.now()}`;
  const frame = (m: object) => {
    const json = JSON.stringify(m);
    return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
  };
  const answerOf = new RegExp(`"id":"${id.replace(/[^\w-]/g, '\\$&')}",("(?:error|result)":.{0,80})`);
  return new Promise<string>((resolve, reject) => {
    let output = '';
    const done = () => {
      clearTimeout(timer);
      stdout.off('data', onData);
    };
    const onData = (chunk: Buffer | string) => {
      output += chunk.toString();
      const m = answerOf.exec(output);
      if (m) {
        done();
        resolve(m[1]);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no answer to the cancelled ${method} request in ${timeoutMs} ms`));
    }, timeoutMs);
    stdout.on('data', onData);
    stdin.write(frame({ jsonrpc: '2.0', id, method, params }) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
  });
}
