/**
 * The Shipshape language server: LSP wiring only. Documents are linted by the engine (rules plus
 * dockerfile-utils and yaml-language-server checks); hover, completion, formatting and symbols
 * come from dockerfile-language-service and yaml-language-server. Settings are pulled per
 * document and cached until the client says they changed.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CompletionList,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { allRules, docsUrl } from './engine/registry';
import { codeActions, FIX_ALL_KIND, toDiagnostic } from './engine/lsp';
import { collectFixEdits } from './engine/fixer';
import { lint, type LintResult } from './engine/runner';
import type { Language } from './engine/types';
import { looksLikeKubernetes } from './languages/detect';
import { KubernetesYamlService } from './languages/kubernetes/yamlService';
import { WorkspaceIndex } from './languages/kubernetes/workspaceIndex';
import { createIncrementalCache, LintCancelled, lintIncremental, sameFindings, type IncrementalCache } from './languages/kubernetes/incremental';
import { isPinActionData, PIN_ACTION_KIND, RegistryFeatures, toRegistrySettings, type PinRequest } from './registry/lsp';
import { staleDigest } from './registry/cache';
import { registerHelmRequests } from './helm/lsp';
import { MULTISTAGE_KIND, withMultistage } from './languages/dockerfile/multistageAction';
import { fileURLToPath, pathToFileURL } from 'url';
import * as fs from 'fs';
import { toServerSettings, type OtherProviders, type ServerSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const dockerfileService = DockerfileLanguageServiceFactory.createLanguageService();
let yamlService: KubernetesYamlService | undefined;

let supportsConfiguration = false;
/** Whether the client accepts a dynamic registration for workspace/didChangeConfiguration. */
let supportsConfigurationRegistration = false;
/** The `shipshape` section pushed with workspace/didChangeConfiguration, for clients that cannot be asked (neovim 0.7). */
let pushedSettings: unknown = {};
let others: OtherProviders = { dockerfileLanguage: false, kubernetesSchema: false };
const settingsCache = new Map<string, Promise<ServerSettings>>();
/** Last lint result per document, keyed by uri; reused by code actions for the same version. */
const results = new Map<string, { version: number; result: LintResult; settings: ServerSettings; round: number }>();
/** Scheduled checks per document (a timer, or an immediate for a check at once), with their cancel. */
const timers = new Map<string, () => void>();
/** Incremental lint state per open Kubernetes document (parsed documents and their findings). */
const incremental = new Map<string, IncrementalCache>();
/** Per open document: when its text last changed, its version then, and the last version whose diagnostics were published (with its findings). */
const lastChange = new Map<string, { at: number; version: number }>();
const published = new Map<string, number>();
const publishedFindings = new Map<string, LintResult['findings']>();
/** Documents checked again because the workspace index is ready: published only when their findings changed. */
const quietRechecks = new Set<string>();
/** The document whose didOpen is being handled (TextDocuments fires onDidOpen, then onDidChangeContent). */
let opening: string | undefined;
/** Documents with a validation under way. */
const validating = new Set<string>();
/** Bumped when settings or the workspace change: results computed under an older round are dropped. */
let generation = 0;
/** Kubernetes objects of the workspace's YAML files, for rules about references between objects. */
const workspaceIndex = new WorkspaceIndex();
/** Digest pinning and image hovers; undefined in untrusted workspaces (no registry requests, no credential helpers). */
let registry: RegistryFeatures | undefined;
let workspaceFolders: string[] = [];
/**
 * Changes that follow each other within this many milliseconds are checked once, this long after the
 * last of them; the first change after a quiet spell is checked at once.
 */
const DEBOUNCE_MS = 120;

/** The language of each open YAML document at its last checked version (telling Kubernetes apart reads the text). */
const yamlLanguage = new Map<string, { version: number; language: Language | undefined }>();

function languageOf(doc: TextDocument): Language | undefined {
  if (doc.languageId === 'dockerfile') return 'dockerfile';
  if (doc.languageId !== 'yaml') return undefined;
  const known = yamlLanguage.get(doc.uri);
  if (known?.version === doc.version) return known.language;
  const language = looksLikeKubernetes(doc.getText()) ? 'kubernetes' : undefined;
  yamlLanguage.set(doc.uri, { version: doc.version, language });
  return language;
}

function yaml(version: string): KubernetesYamlService {
  yamlService ??= new KubernetesYamlService({ kubernetesVersion: version || undefined });
  if (version && yamlService.kubernetesVersion !== version) yamlService.setKubernetesVersion(version);
  return yamlService;
}

function getSettings(uri: string): Promise<ServerSettings> {
  let cached = settingsCache.get(uri);
  if (!cached) {
    cached = (supportsConfiguration
      ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'shipshape' }).catch(() => ({}))
      : Promise.resolve(pushedSettings)
    ).then((raw) => toServerSettings(raw, others));
    settingsCache.set(uri, cached);
  }
  return cached;
}

/**
 * Lints `doc` at its current version (or returns the result already computed for it). Kubernetes
 * documents are linted incrementally: only the YAML documents that changed since the last call are
 * parsed and checked again. With `supersede`, the work stops (LintCancelled) as soon as a newer
 * version of the document or new settings arrive; code actions and fix-all let it finish.
 */
async function lintDocument(doc: TextDocument, supersede = false): Promise<{ result: LintResult; settings: ServerSettings; round: number } | undefined> {
  const language = languageOf(doc);
  if (language !== 'kubernetes') incremental.delete(doc.uri);
  if (!language) return undefined;
  const prev = results.get(doc.uri);
  if (prev && prev.version === doc.version) return prev;
  const round = generation;
  const settings = await getSettings(doc.uri);
  const yamlSvc = language === 'kubernetes' ? yaml(settings.engine.kubernetes.version) : undefined;
  // Every CRD of the workspace (this file's included: the index holds its current text).
  yamlSvc?.setCustomResourceDefinitions(workspaceIndex.customResourceDefinitions());
  const input = {
    text: doc.getText(), language, uri: doc.uri, settings: settings.engine,
    services: {
      yaml: yamlSvc,
      staleDigest: registry ? (ref: string) => staleDigest(ref, registry!.digestCache) : undefined,
    },
    workspace: language === 'kubernetes' ? workspaceIndex.view(doc.uri) : undefined,
  };
  let result: LintResult;
  if (language === 'kubernetes') {
    let cache = incremental.get(doc.uri);
    if (!cache) incremental.set(doc.uri, (cache = createIncrementalCache()));
    const version = doc.version;
    const cancelled = supersede ? () => generation !== round || documents.get(doc.uri)?.version !== version : undefined;
    result = await lintIncremental(input, cache, { cancelled });
  } else {
    result = await lint(input);
  }
  const entry = { version: doc.version, result, settings, round };
  // Keep only the newest version, and nothing computed before a settings change.
  const cur = results.get(doc.uri);
  if (round === generation && (!cur || cur.version <= doc.version)) results.set(doc.uri, entry);
  return entry;
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  validating.add(uri);
  try {
    const linted = await lintDocument(doc, true);
    // A newer version arrived while we worked: its own validation will publish.
    if (documents.get(uri)?.version !== version) return;
    // The settings or the workspace index changed while we worked: check again with the new ones,
    // whoever bumped the generation (a dropped result must never leave a file without diagnostics).
    if (linted && linted.round !== generation) { schedule(uri, 0); return; }
    const findings = linted ? linted.result.findings : [];
    // Checked again once the workspace was indexed, with the same outcome: nothing new to send.
    if (quietRechecks.delete(uri) && published.get(uri) === version && sameFindings(publishedFindings.get(uri) ?? [], findings)) return;
    const diagnostics = findings.map((f) => toDiagnostic(f, version));
    published.set(uri, version);
    publishedFindings.set(uri, findings);
    await connection.sendDiagnostics({ uri, version, diagnostics });
  } catch (err) {
    if (err instanceof LintCancelled) {
      // Superseded by a newer version (whose validation is scheduled) or by new settings: check again.
      if (documents.get(uri)?.version === version) schedule(uri, 0);
      return;
    }
    connection.console.error(`Shipshape could not check ${uri}: ${(err as Error)?.stack ?? err}`);
  } finally {
    validating.delete(uri);
  }
}

function schedule(uri: string, delay = DEBOUNCE_MS): void {
  timers.get(uri)?.();
  const run = () => {
    timers.delete(uri);
    void validate(uri);
  };
  if (delay > 0) {
    const timer = setTimeout(run, delay);
    timers.set(uri, () => clearTimeout(timer));
  } else {
    const immediate = setImmediate(run);
    timers.set(uri, () => clearImmediate(immediate));
  }
}

/**
 * A change of `uri`: checked at once when it is the first after a quiet spell (nothing changed for
 * DEBOUNCE_MS, the previous version's diagnostics are out, no check pending); otherwise the check
 * waits until no change has come for DEBOUNCE_MS, and only the last version is checked.
 */
function changed(uri: string, version: number): void {
  const now = performance.now();
  const previous = lastChange.get(uri);
  lastChange.set(uri, { at: now, version });
  const quiet = !previous || now - previous.at >= DEBOUNCE_MS;
  const settled = !!previous && published.get(uri) === previous.version && !timers.has(uri) && !validating.has(uri);
  schedule(uri, quiet && settled ? 0 : DEBOUNCE_MS);
}

/** Answers a request the client cancelled with RequestCancelled instead of a result. */
function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** Lets messages that already arrived (a $/cancelRequest, a newer change) through before costly work. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function revalidateAll(): void {
  generation++;
  quietRechecks.clear();
  settingsCache.clear();
  results.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  supportsConfiguration = !!params.capabilities.workspace?.configuration;
  supportsConfigurationRegistration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  const init = (params.initializationOptions ?? {}) as { otherProviders?: Partial<OtherProviders> };
  others = { dockerfileLanguage: !!init.otherProviders?.dockerfileLanguage, kubernetesSchema: !!init.otherProviders?.kubernetesSchema };
  const reg = (params.initializationOptions as { registry?: { trusted?: boolean; cacheDir?: string } } | undefined)?.registry;
  if (reg?.trusted) {
    registry = new RegistryFeatures({
      cacheDir: reg.cacheDir,
      settings: async (uri) => toRegistrySettings(supportsConfiguration
        ? await connection.workspace.getConfiguration({ scopeUri: uri, section: 'shipshape.registry' }).catch(() => ({}))
        : (pushedSettings as { registry?: unknown } | undefined)?.registry),
    });
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', ':', '-', '$', '{'] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, MULTISTAGE_KIND, FIX_ALL_KIND, PIN_ACTION_KIND], resolveProvider: true },
      documentFormattingProvider: true,
      documentSymbolProvider: true,
    },
    serverInfo: { name: 'shipshape', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Index the workspace's manifests in the background, then re-check with the full picture.
  void (async () => {
    for (const folder of workspaceFolders) await workspaceIndex.scan(folder, (f) => pathToFileURL(f).toString());
    workspaceIndex.complete = workspaceFolders.length > 0 && workspaceIndex.complete;
    generation++;
    results.clear();
    for (const doc of documents.all()) {
      quietRechecks.add(doc.uri);
      schedule(doc.uri, 0);
    }
  })().catch((err) => connection.console.error(`Shipshape could not index the workspace: ${err}`));
  // Only when the client can take it (Emacs eglot, for one, cannot); didChangeConfiguration comes anyway.
  if (supportsConfiguration && supportsConfigurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'shipshape' });
});

connection.onDidChangeConfiguration((params) => {
  registry?.reset();
  if (!supportsConfiguration) pushedSettings = (params?.settings as { shipshape?: unknown } | null | undefined)?.shipshape ?? {};
  revalidateAll();
});

/** The client tells us when extensions that overlap with ours are installed or removed. */
connection.onNotification('shipshape/otherProviders', (p: Partial<OtherProviders>) => {
  others = { dockerfileLanguage: !!p?.dockerfileLanguage, kubernetesSchema: !!p?.kubernetesSchema };
  revalidateAll();
});

connection.onRequest('shipshape/rules', () =>
  allRules.map((r) => ({ id: r.id, language: r.language, description: r.description, fixable: r.fixable, docs: docsUrl(r.id) })),
);

documents.onDidOpen((e) => {
  opening = e.document.uri;
  lastChange.set(e.document.uri, { at: performance.now(), version: e.document.version });
  schedule(e.document.uri, 0);
});
documents.onDidChangeContent((e) => {
  if (e.document.languageId === 'yaml') {
    // Read when another file's check or a CRD needs it: this file's own check does not.
    workspaceIndex.setFileLater(e.document.uri, e.document.getText());
    // A CRD edited in one file re-checks the others.
    if (yamlService?.setCustomResourceDefinitions(workspaceIndex.customResourceDefinitions())) {
      generation++;
      results.clear();
      for (const doc of documents.all()) if (doc.uri !== e.document.uri && languageOf(doc) === 'kubernetes') schedule(doc.uri);
    }
  }
  // didOpen lands here too; onDidOpen scheduled its check.
  if (opening === e.document.uri) opening = undefined;
  else changed(e.document.uri, e.document.version);
});

/** Files changed on disk (the client watches *.yaml / *.yml): keep the index current. */
connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    if (!change.uri.startsWith('file:') || documents.get(change.uri)) continue;
    if (change.type === 3 /* Deleted */) workspaceIndex.deleteFile(change.uri);
    else {
      try {
        workspaceIndex.setFile(change.uri, await fs.promises.readFile(fileURLToPath(change.uri), 'utf8'));
      } catch {
        workspaceIndex.deleteFile(change.uri);
      }
    }
  }
  generation++;
  results.clear();
  for (const doc of documents.all()) if (languageOf(doc) === 'kubernetes') schedule(doc.uri);
});
documents.onDidClose((e) => {
  timers.get(e.document.uri)?.();
  timers.delete(e.document.uri);
  results.delete(e.document.uri);
  incremental.delete(e.document.uri);
  yamlLanguage.delete(e.document.uri);
  lastChange.delete(e.document.uri);
  published.delete(e.document.uri);
  publishedFindings.delete(e.document.uri);
  quietRechecks.delete(e.document.uri);
  yamlService?.forget(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCodeAction(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  checkCancelled(token);
  const pins = registry?.codeActions(doc, params.range, params.context.only) ?? [];
  if (results.get(doc.uri)?.version !== doc.version) await yieldToMessages();
  checkCancelled(token);
  const linted = await lintDocument(doc);
  checkCancelled(token);
  if (!linted) return pins;
  const actions = codeActions({
    uri: doc.uri, language: linted.result.language, lines: linted.result.model.lines,
    findings: linted.result.findings, diagnostics: params.context.diagnostics, only: params.context.only,
    model: linted.result.model,
  });
  return [...withMultistage(actions, { uri: doc.uri, version: doc.version, model: linted.result.model, only: params.context.only }), ...pins];
});

/** "Pin … to its digest" asks the registry only when chosen. */
connection.onCodeActionResolve(async (action, token) => {
  checkCancelled(token);
  if (!registry || !isPinActionData(action.data)) return action;
  const { action: resolved, error } = await registry.resolveCodeAction(action, documents.get(action.data.uri), token);
  if (error) void connection.window.showWarningMessage(`Shipshape could not pin the image: ${error}`);
  return resolved;
});

/** Pin All in File / Pin All in Workspace / Refresh Pinned Digests, with cancellable progress. */
connection.onRequest('shipshape/pin', async (p: PinRequest, token) => {
  if (!registry) return { summary: 'Shipshape contacts registries only in trusted workspaces.', failures: [] };
  const progress = await connection.window.createWorkDoneProgress();
  const res = await registry.pin(p, documents, workspaceFolders, progress, token);
  const applied = res.edit ? (await connection.workspace.applyEdit({ label: 'Pin image digests', edit: res.edit })).applied : true;
  return { summary: applied ? res.summary : 'Shipshape: a file changed while digests were resolved; nothing was changed. Run the command again.', failures: res.failures };
});

/** Used by the client's "Fix All in File": returns the safe edits for a document. */
connection.onRequest('shipshape/fixAllEdits', async (p: { uri: string }, token) => {
  const doc = documents.get(p.uri);
  checkCancelled(token);
  const linted = doc && (await lintDocument(doc));
  checkCancelled(token);
  return linted ? { version: doc!.version, applicable: true, edits: collectFixEdits(linted.result.findings) } : { applicable: false, edits: [] };
});

connection.onHover(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  checkCancelled(token);
  const image = await registry?.hover(doc, params.position, token);
  if (image) return image;
  const language = languageOf(doc);
  const settings = await getSettings(doc.uri);
  await yieldToMessages();
  checkCancelled(token);
  let hover = null;
  if (language === 'dockerfile' && settings.dockerfileLanguageFeatures) hover = dockerfileService.computeHover(doc.getText(), params.position);
  else if (language === 'kubernetes' && settings.kubernetesSchemaFeatures) hover = await yaml(settings.engine.kubernetes.version).hover(doc, params.position);
  checkCancelled(token);
  return hover;
});

connection.onCompletion(async (params, token): Promise<CompletionList | null> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  checkCancelled(token);
  const language = languageOf(doc);
  const settings = await getSettings(doc.uri);
  await yieldToMessages();
  checkCancelled(token);
  let list: CompletionList | null = null;
  if (language === 'dockerfile' && settings.dockerfileLanguageFeatures) {
    list = { isIncomplete: false, items: await dockerfileService.computeCompletionItems(doc.getText(), params.position) };
  } else if (language === 'kubernetes' && settings.kubernetesSchemaFeatures) {
    list = await yaml(settings.engine.kubernetes.version).complete(doc, params.position);
  }
  checkCancelled(token);
  return list;
});

connection.onDocumentFormatting(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  checkCancelled(token);
  if (!doc || languageOf(doc) !== 'dockerfile' || !(await getSettings(doc.uri)).dockerfileLanguageFeatures) return null;
  checkCancelled(token);
  return dockerfileService.format(doc.getText(), params.options);
});

connection.onDocumentSymbol(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  checkCancelled(token);
  if (!doc || languageOf(doc) !== 'dockerfile' || !(await getSettings(doc.uri)).dockerfileLanguageFeatures) return null;
  checkCancelled(token);
  return dockerfileService.computeSymbols(params.textDocument, doc.getText());
});

process.on('uncaughtException', (err) => connection.console.error(`Shipshape: unexpected error: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => connection.console.error(`Shipshape: unexpected error: ${(err as Error)?.stack ?? err}`));

registerHelmRequests(connection, { settings: async (uri) => (await getSettings(uri)).engine, yaml });

documents.listen(connection);
connection.listen();
