/**
 * Shipshape's VS Code client: starts the language server, tells it which overlapping extensions
 * are installed (so `auto` features step aside), and registers the palette commands. Everything
 * that inspects files happens in the server.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { registerHelmPreview } from './helmPreview';
import { SERVER_NODE_OPTIONS } from './serverProcess';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Extensions that already give Dockerfiles diagnostics, hover and completion. */
const DOCKERFILE_PROVIDERS = ['ms-azuretools.vscode-docker', 'ms-azuretools.vscode-containers', 'docker.docker'];

function otherProviders() {
  const dockerfileLanguage = DOCKERFILE_PROVIDERS.some((id) => vscode.extensions.getExtension(id));
  // Red Hat YAML validates Kubernetes only with a Kubernetes schema association (which the
  // Kubernetes extension adds for the user).
  const schemas = vscode.workspace.getConfiguration('yaml').get<Record<string, unknown>>('schemas') ?? {};
  const k8sAssociated = Object.entries(schemas).some(([k, v]) => k === 'kubernetes' || v === 'kubernetes' || (Array.isArray(v) && v.includes('kubernetes')));
  const kubernetesSchema = !!vscode.extensions.getExtension('redhat.vscode-yaml') &&
    (k8sAssociated || !!vscode.extensions.getExtension('ms-kubernetes-tools.vscode-kubernetes-tools'));
  return { dockerfileLanguage, kubernetesSchema };
}

function isShipshapeDocument(doc: vscode.TextDocument | undefined): boolean {
  if (!doc) return false;
  if (doc.languageId === 'dockerfile') return true;
  return doc.languageId === 'yaml' && /^apiVersion\s*:/m.test(doc.getText()) && /^kind\s*:/m.test(doc.getText());
}

/**
 * Restarts a crashed server and says so; after five crashes in three minutes it stops trying and
 * says that instead, so a server that cannot start does not loop.
 */
function restartingErrorHandler(): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > 3 * 60_000) crashes.shift();
      if (crashes.length > 5) {
        return { action: CloseAction.DoNotRestart, message: 'The Shipshape language server stopped five times in three minutes and will not be restarted. See the "Shipshape" output for details; reload the window to try again.' };
      }
      return { action: CloseAction.Restart, message: 'The Shipshape language server stopped unexpectedly and was restarted.' };
    },
  };
}

interface RuleInfo {
  id: string;
  description: string;
}

async function showRuleDocumentation(context: vscode.ExtensionContext, ruleId?: string): Promise<void> {
  if (!client) return;
  if (typeof ruleId !== 'string') {
    const rules = await client.sendRequest<RuleInfo[]>('shipshape/rules');
    const picked = await vscode.window.showQuickPick(rules.map((r) => ({ label: r.id, detail: r.description })), {
      title: 'Shipshape: rule documentation', placeHolder: 'Pick a rule',
    });
    if (!picked) return;
    ruleId = picked.label;
  }
  if (!/^[a-z]+\/[a-z0-9-]+$/.test(ruleId)) return;
  const page = vscode.Uri.file(path.join(context.extensionPath, 'docs', 'rules', `${ruleId}.md`));
  try {
    await vscode.workspace.fs.stat(page);
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    void vscode.window.showWarningMessage(`Shipshape has no documentation page for "${ruleId}".`);
  }
}

async function fixAllInFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || !isShipshapeDocument(editor.document)) {
    void vscode.window.showInformationMessage('Shipshape: Fix All works on a Dockerfile or a Kubernetes YAML file. Open one first.');
    return;
  }
  const doc = editor.document;
  const res = await client.sendRequest<{ version?: number; applicable: boolean; edits: { range: { start: vscode.Position; end: vscode.Position }; newText: string }[] }>(
    'shipshape/fixAllEdits', { uri: doc.uri.toString() });
  if (!res.applicable || res.edits.length === 0) {
    void vscode.window.showInformationMessage('Shipshape: nothing to fix automatically in this file.');
    return;
  }
  if (res.version !== doc.version) {
    void vscode.window.showWarningMessage('Shipshape: the file changed while fixes were computed; run Fix All again.');
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of res.edits) {
    edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  await vscode.workspace.applyEdit(edit);
}

/** Pin All in File / Pin All in Workspace / Refresh Pinned Digests: the server resolves, edits and shows progress. */
async function pinDigests(scope: 'file' | 'workspace', mode: 'pin' | 'refresh'): Promise<void> {
  if (!client) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage('Shipshape pins image digests only in trusted workspaces: it contacts registries and may run Docker credential helpers.');
    return;
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (scope === 'file' && !isShipshapeDocument(doc) && !/compose/i.test(doc?.fileName ?? '')) {
    void vscode.window.showInformationMessage('Shipshape: Pin Image Digests in File works on a Dockerfile, a Kubernetes manifest or a Compose file. Open one first.');
    return;
  }
  const res = await client.sendRequest<{ summary: string; failures: string[] }>('shipshape/pin', { scope, mode, uri: doc?.uri.toString() });
  if (res.failures.length === 0) {
    void vscode.window.showInformationMessage(res.summary);
    return;
  }
  if (await vscode.window.showWarningMessage(res.summary, 'Show Details')) {
    client.outputChannel.appendLine(res.failures.join('\n'));
    client.outputChannel.show(true);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // A function, so a restart after the workspace is trusted sends the new trust state.
    initializationOptions: () => ({
      otherProviders: otherProviders(),
      registry: { trusted: vscode.workspace.isTrusted, cacheDir: context.globalStorageUri.fsPath },
    }),
    errorHandler: restartingErrorHandler(),
    synchronize: { configurationSection: 'shipshape', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
  };
  client = new LanguageClient('shipshape', 'Shipshape', serverOptions, clientOptions);
  registerHelmPreview(context, client);

  context.subscriptions.push(
    vscode.commands.registerCommand('shipshape.showRuleDocumentation', (ruleId?: string) => showRuleDocumentation(context, ruleId)),
    vscode.commands.registerCommand('shipshape.fixAll', fixAllInFile),
    vscode.commands.registerCommand('shipshape.pinAllInFile', () => pinDigests('file', 'pin')),
    vscode.commands.registerCommand('shipshape.pinAllInWorkspace', () => pinDigests('workspace', 'pin')),
    vscode.commands.registerCommand('shipshape.refreshPinnedDigests', () => pinDigests('workspace', 'refresh')),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
    vscode.extensions.onDidChange(() => void client?.sendNotification('shipshape/otherProviders', otherProviders())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('yaml.schemas')) void client?.sendNotification('shipshape/otherProviders', otherProviders());
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
