/**
 * The Helm dry-run preview: "Shipshape: Preview Helm Dry-Run" asks for values files (in order),
 * --set values, release, namespace, Kubernetes version, CRDs and "only this template", and has the
 * language server render the chart (`shipshape/helm/render`: Helm runs there, beside the rule
 * engine, and LSP cancellation kills it). The render opens as a read-only virtual YAML document,
 * `# Source:` lines link to their templates, Helm errors and mapped findings land in the Problems
 * panel on template lines. "Shipshape: Compare Helm Renders" diffs two renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'shipshape-helm';
const RENDER_REQUEST = 'shipshape/helm/render';
const CHART_FOLDERS_KEY = 'shipshape.helm.chartFolders';

// --- The wire shapes of server/src/helm/lsp.ts (the client cannot import server code).
type Mode = 'template' | 'client' | 'server';
interface HelmOptions {
  valuesFiles?: string[];
  set?: string[];
  release?: string;
  namespace?: string;
  kubeVersion?: string;
  includeCrds?: boolean;
  showOnly?: string[];
  mode?: Mode;
}
interface WireRange { start: { line: number; character: number }; end: { line: number; character: number } }
interface WireFinding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  range: WireRange;
  file?: string;
  renderedRange?: WireRange;
  source?: string;
  note: string;
  href?: string;
}
interface WireDocument { source?: string; file?: string; sourceLine: number; contentLine: number; lineCount: number }
interface WirePreview {
  helm: { path: string; version: string };
  args: string[];
  ok: boolean;
  rendered: string;
  documents: WireDocument[];
  problems: WireFinding[];
  findings: WireFinding[];
  notes?: string;
  warnings: string[];
  timings: { totalMs: number };
}
type RenderResponse = { result: WirePreview } | { error: { code: string; message: string } };

/** What the preview needs from the LanguageClient. */
export interface HelmRequestClient {
  sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
}

/** Returned by the preview command to programmatic callers. */
export interface PreviewInfo {
  uri: string;
  ok: boolean;
  findings: number;
  problems: number;
  helm: string;
}

interface ChartState {
  chart: string;
  options: HelmOptions;
  current?: WirePreview;
  /** The render before the latest one (for "before and after the latest edit"). */
  previous?: WirePreview;
  /** Files that got diagnostics from this chart's last render. */
  files: Set<string>;
  running?: vscode.CancellationTokenSource;
}

const SEVERITY: Record<WireFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const toRange = (r: WireRange): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function isChartDir(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, 'Chart.yaml')).isFile();
  } catch {
    return false;
  }
}

/**
 * The chart to render for a file or folder: the nearest folder with a Chart.yaml, and then its
 * parents while it sits in a parent chart's charts/ (a subchart is rendered as part of its parent).
 */
export function chartFor(fsPath: string): string | undefined {
  let dir = fsPath;
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  let found: string | undefined;
  for (;;) {
    if (isChartDir(dir)) { found = dir; break; }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  while (path.basename(path.dirname(found)) === 'charts' && isChartDir(path.dirname(path.dirname(found)))) found = path.dirname(path.dirname(found));
  return found;
}

/** `templates/x.yaml` (or `charts/<name>/templates/x.yaml`) for --show-only, when `file` is a template. */
function showOnlyPath(chart: string, file: string): string | undefined {
  const rel = path.relative(chart, file).split(path.sep).join('/');
  if (rel.startsWith('..') || !/(^|\/)templates\//.test(rel) || path.basename(file).startsWith('_') || path.basename(file) === 'NOTES.txt') return undefined;
  // Helm names subcharts by chart name, not folder name.
  return rel.replace(/(^|\/)charts\/([^/]+)(?=\/)/g, (m, pre: string, folder: string) => {
    const dir = path.join(chart, ...rel.slice(0, rel.indexOf(m) + m.length).split('/'));
    try {
      const name = /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'))?.[1];
      return `${pre}charts/${name ?? folder}`;
    } catch {
      return `${pre}charts/${folder}`;
    }
  });
}

const OPTION_KEYS = new Set(['valuesFiles', 'set', 'release', 'namespace', 'kubeVersion', 'includeCrds', 'showOnly', 'mode']);

/**
 * Options passed to the command by a caller. Menus pass other things as the second argument (the
 * explorer the selected URIs, editor titles a context object): those are not options.
 */
function asOptions(x: unknown): HelmOptions | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x) || x instanceof vscode.Uri) return undefined;
  const keys = Object.keys(x);
  return keys.length > 0 && keys.every((k) => OPTION_KEYS.has(k)) ? { ...(x as HelmOptions) } : undefined;
}

function summary(o: HelmOptions): string {
  const parts: string[] = [];
  parts.push(o.mode === 'client' ? 'install --dry-run=client' : o.mode === 'server' ? 'install --dry-run=server' : 'template');
  for (const f of o.valuesFiles ?? []) parts.push(`-f ${path.basename(f)}`);
  for (const s of o.set ?? []) parts.push(`--set ${s}`);
  if (o.release) parts.push(`--release ${o.release}`);
  if (o.namespace) parts.push(`-n ${o.namespace}`);
  if (o.kubeVersion) parts.push(`--kube-version ${o.kubeVersion}`);
  if (o.includeCrds) parts.push('--include-crds');
  for (const t of o.showOnly ?? []) parts.push(`--show-only ${t}`);
  return parts.join(' ');
}

class HelmPreview implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Virtual documents by URI string: their text and the render they show. */
  private readonly docs = new Map<string, { text: string; render?: WirePreview }>();
  private readonly charts = new Map<string, ChartState>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('shipshape-helm');
  private readonly output = vscode.window.createOutputChannel('Shipshape Helm');
  private readonly saveTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: HelmRequestClient | undefined) {}

  dispose(): void {
    this.diagnostics.dispose();
    this.output.dispose();
    this.changed.dispose();
    for (const t of this.saveTimers.values()) clearTimeout(t);
    for (const s of this.charts.values()) s.running?.cancel();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text ?? '# Shipshape: this Helm render is gone; run "Shipshape: Preview Helm Dry-Run" again.\n';
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const render = this.docs.get(doc.uri.toString())?.render;
    const links: vscode.DocumentLink[] = [];
    for (const d of render?.documents ?? []) {
      if (!d.file || !d.source || d.sourceLine >= doc.lineCount) continue;
      const text = doc.lineAt(d.sourceLine).text;
      const at = text.indexOf(d.source);
      if (at < 0) continue;
      const link = new vscode.DocumentLink(new vscode.Range(d.sourceLine, at, d.sourceLine, at + d.source.length), vscode.Uri.file(d.file));
      link.tooltip = 'Open the template';
      links.push(link);
    }
    return links;
  }

  previewUri(chart: string, label = 'rendered'): vscode.Uri {
    const name = path.basename(chart);
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}/${name}.${label}.yaml`, query: `chart=${encodeURIComponent(chart)}` });
  }

  state(chart: string): ChartState {
    let s = this.charts.get(chart);
    if (!s) {
      const saved = this.context.workspaceState.get<HelmOptions>(`shipshape.helm.options:${chart}`);
      s = { chart, options: saved ?? {}, files: new Set() };
      this.charts.set(chart, s);
    }
    return s;
  }

  private saveOptions(s: ChartState): Thenable<void> {
    return this.context.workspaceState.update(`shipshape.helm.options:${s.chart}`, s.options);
  }

  /** Runs the render request; undefined when cancelled or failed (after telling the user). */
  async render(chart: string, options: HelmOptions, token: vscode.CancellationToken, quiet = false): Promise<WirePreview | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Shipshape does not run Helm in an untrusted workspace. Trust the workspace (Manage Workspace Trust) to preview Helm renders.');
      return undefined;
    }
    if (!this.client) {
      void vscode.window.showErrorMessage('Shipshape: the Helm preview needs the Shipshape language server, which is not running.');
      return undefined;
    }
    const config = vscode.workspace.getConfiguration('shipshape.helm', vscode.Uri.file(chart));
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(chart));
    const params = {
      chart,
      options,
      helmPath: config.get<string>('path', '') || undefined,
      timeoutSeconds: config.get<number>('timeoutSeconds', 60),
      cwd: folder?.uri.fsPath ?? chart,
    };
    let response: RenderResponse;
    try {
      response = await this.client.sendRequest<RenderResponse>(RENDER_REQUEST, params, token);
    } catch (err) {
      if (token.isCancellationRequested) return undefined;
      void vscode.window.showErrorMessage(`Shipshape could not render ${path.basename(chart)}: ${(err as Error)?.message ?? err}`);
      return undefined;
    }
    if (token.isCancellationRequested) return undefined;
    if ('error' in response) {
      if (response.error.code === 'HELM_CANCELLED') return undefined;
      if (response.error.code === 'HELM_NOT_FOUND') {
        const pick = await vscode.window.showErrorMessage(response.error.message, 'Set Helm Path', 'Install Helm');
        if (pick === 'Set Helm Path') void vscode.commands.executeCommand('workbench.action.openSettings', 'shipshape.helm.path');
        if (pick === 'Install Helm') void vscode.env.openExternal(vscode.Uri.parse('https://helm.sh/docs/intro/install/'));
      } else if (!quiet || response.error.code !== 'HELM_TIMEOUT') {
        void vscode.window.showErrorMessage(`Shipshape: ${response.error.message}`, ...(response.error.code === 'HELM_TIMEOUT' ? ['Open Settings'] : []))
          .then((pick) => pick && vscode.commands.executeCommand('workbench.action.openSettings', 'shipshape.helm.timeoutSeconds'));
      }
      return undefined;
    }
    const r = response.result;
    this.output.appendLine(`[${new Date().toLocaleTimeString()}] helm ${r.helm.version}: ${r.args.join(' ')} (${r.timings.totalMs} ms, ${r.findings.length} findings${r.ok ? '' : ', failed'})`);
    for (const w of r.warnings) this.output.appendLine(`  warning: ${w}`);
    return r;
  }

  /** Shows a render: the virtual document, the diagnostics, and Helm's error as a message. */
  async show(s: ChartState, r: WirePreview, reveal: boolean): Promise<void> {
    s.previous = s.current;
    s.current = r;
    const uri = this.previewUri(s.chart);
    this.docs.set(uri.toString(), { text: r.rendered, render: r });
    const refreshed = this.refreshed(uri, r.rendered);
    this.changed.fire(uri);
    await refreshed;
    this.publish(s, r, uri);
    if (reveal) {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    }
    for (const w of r.warnings) void vscode.window.showWarningMessage(`Shipshape: ${w}`);
    if (!r.ok) {
      const first = r.problems[0];
      const where = first?.file ? ` (${path.basename(first.file)}:${first.range.start.line + 1})` : '';
      // Not awaited: the command is done when the render is shown, not when the message is closed.
      void vscode.window.showErrorMessage(`Helm could not render ${path.basename(s.chart)}${where}: ${first?.message.replace(/^Helm: /, '') ?? 'see the output'}`, ...(first?.file ? ['Go to Error'] : []))
        .then((pick) => pick && first?.file ? vscode.window.showTextDocument(vscode.Uri.file(first.file), { selection: toRange(first.range) }) : undefined);
    }
  }

  /** Resolves when an open virtual document shows `text` (at once when it is not open; 3 s at most). */
  private refreshed(uri: vscode.Uri, text: string): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open || open.getText() === text) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => { clearTimeout(timer); sub.dispose(); resolve(); };
      const sub = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.toString() === uri.toString() && e.document.getText() === text) done(); });
      const timer = setTimeout(done, 3000);
    });
  }

  private publish(s: ChartState, r: WirePreview, preview: vscode.Uri): void {
    for (const f of s.files) this.diagnostics.delete(vscode.Uri.file(f));
    s.files.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const previewDiagnostics: vscode.Diagnostic[] = [];
    for (const f of [...r.problems, ...r.findings]) {
      const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
      d.source = 'shipshape';
      d.code = f.href ? { value: f.ruleId, target: vscode.Uri.parse(f.href) } : f.ruleId;
      const related: vscode.DiagnosticRelatedInformation[] = [];
      if (f.renderedRange) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(preview, toRange(f.renderedRange)), `Rendered here. ${f.note}`));
      else if (f.note) related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(preview, new vscode.Position(0, 0)), f.note));
      d.relatedInformation = related;
      if (!f.file) {
        // Not traced to a file (a packaged subchart): show it on the rendered line.
        if (f.renderedRange) previewDiagnostics.push(new vscode.Diagnostic(toRange(f.renderedRange), f.message, SEVERITY[f.severity]));
        continue;
      }
      const list = byFile.get(f.file) ?? [];
      list.push(d);
      byFile.set(f.file, list);
    }
    for (const [file, list] of byFile) {
      this.diagnostics.set(vscode.Uri.file(file), list);
      s.files.add(file);
    }
    this.diagnostics.set(preview, previewDiagnostics.map((d) => Object.assign(d, { source: 'shipshape' })));
  }

  /** Renders with a cancellable progress notification, then shows the result. */
  async run(s: ChartState, reveal: boolean): Promise<void> {
    s.running?.cancel();
    const cts = new vscode.CancellationTokenSource();
    s.running = cts;
    try {
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Shipshape: rendering ${path.basename(s.chart)} with Helm (${summary(s.options)})`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => cts.cancel());
          return this.render(s.chart, s.options, cts.token);
        },
      );
      if (r && !cts.token.isCancellationRequested) await this.show(s, r, reveal);
    } finally {
      if (s.running === cts) s.running = undefined;
      cts.dispose();
    }
  }

  /** After a save in a previewed chart: render again quietly (the status bar shows it). */
  onSave(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    const chart = chartFor(doc.uri.fsPath);
    const s = chart ? this.charts.get(chart) : undefined;
    if (!s?.current || !vscode.workspace.isTrusted) return;
    clearTimeout(this.saveTimers.get(s.chart));
    this.saveTimers.set(s.chart, setTimeout(() => {
      this.saveTimers.delete(s.chart);
      s.running?.cancel();
      const cts = new vscode.CancellationTokenSource();
      s.running = cts;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Helm: ${path.basename(s.chart)}` }, async () => {
        try {
          const r = await this.render(s.chart, s.options, cts.token, true);
          if (r && !cts.token.isCancellationRequested) await this.show(s, r, false);
        } finally {
          if (s.running === cts) s.running = undefined;
          cts.dispose();
        }
      });
    }, 300));
  }

  // --- Options.

  private async pickValuesFiles(s: ChartState): Promise<string[] | undefined> {
    const chartUri = vscode.Uri.file(s.chart);
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(chartUri, '**/*.{yaml,yml}'), '{**/templates/**,**/charts/**,**/Chart.yaml,**/Chart.lock}', 200);
    const candidates = [...new Set([...(s.options.valuesFiles ?? []), ...found.map((u) => u.fsPath)])];
    const order: string[] = (s.options.valuesFiles ?? []).filter((f) => candidates.includes(f));
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { file: string }>();
    qp.title = 'Values files, in order (later ones win)';
    qp.placeholder = 'Check the files in the order Helm should apply them; the chart\'s values.yaml always comes first';
    qp.canSelectMany = true;
    const items = (): (vscode.QuickPickItem & { file: string })[] => candidates.map((file) => {
      const i = order.indexOf(file);
      return { file, label: path.relative(s.chart, file).startsWith('..') ? file : path.relative(s.chart, file), description: i >= 0 ? `#${i + 1}` : undefined };
    });
    qp.items = items();
    qp.selectedItems = qp.items.filter((i) => order.includes(i.file));
    return new Promise((resolve) => {
      let done = false;
      qp.onDidChangeSelection((sel) => {
        const now = sel.map((i) => i.file);
        for (let k = order.length - 1; k >= 0; k--) if (!now.includes(order[k])) order.splice(k, 1);
        for (const f of now) if (!order.includes(f)) order.push(f);
        const keep = new Set(now);
        qp.items = items();
        qp.selectedItems = qp.items.filter((i) => keep.has(i.file));
      });
      qp.onDidAccept(() => { done = true; resolve([...order]); qp.hide(); });
      qp.onDidHide(() => { if (!done) resolve(undefined); qp.dispose(); });
      qp.show();
    });
  }

  private async editSets(s: ChartState): Promise<void> {
    for (;;) {
      const sets = s.options.set ?? [];
      const pick = await vscode.window.showQuickPick(
        [{ label: '$(add) Add a --set value…', value: -1 }, ...sets.map((v, i) => ({ label: `$(trash) ${v}`, description: 'remove', value: i })), { label: '$(check) Done', value: -2 }],
        { title: '--set values, in order (later ones win)', placeHolder: 'Add, or pick one to remove' },
      );
      if (!pick || pick.value === -2) return;
      if (pick.value >= 0) { s.options.set = sets.filter((_v, i) => i !== pick.value); continue; }
      const v = await vscode.window.showInputBox({
        title: 'Add a --set value', prompt: 'key=value, as Helm reads it (commas separate pairs; escape literal commas as \\,). Passed to Helm as one argument, never through a shell.',
        placeHolder: 'image.tag=1.2.3', validateInput: (t) => (/^[^=]+=/.test(t) ? undefined : 'Expected key=value'),
      });
      if (v) s.options.set = [...sets, v];
    }
  }

  /** The options list; resolves true to render, false when dismissed. */
  async editOptions(s: ChartState, currentFile?: string): Promise<boolean> {
    const only = currentFile ? showOnlyPath(s.chart, currentFile) : undefined;
    for (;;) {
      const o = s.options;
      type Item = vscode.QuickPickItem & { id: string };
      const items: Item[] = [
        { id: 'render', label: '$(play) Render', description: summary(o) },
        { id: 'values', label: '$(files) Values files', description: (o.valuesFiles ?? []).map((f) => path.basename(f)).join(', ') || 'chart defaults only' },
        { id: 'set', label: '$(symbol-key) --set values', description: (o.set ?? []).join(', ') || 'none' },
        { id: 'release', label: '$(tag) Release name', description: o.release || 'release-name' },
        { id: 'namespace', label: '$(symbol-namespace) Namespace', description: o.namespace || 'default' },
        { id: 'kube', label: '$(versions) Kubernetes version (--kube-version)', description: o.kubeVersion || 'Helm\'s default' },
        { id: 'crds', label: `$(${o.includeCrds ? 'pass-filled' : 'circle-large-outline'}) Include CRDs`, description: o.includeCrds ? 'on' : 'off' },
        ...(only || o.showOnly?.length ? [{ id: 'only', label: `$(${o.showOnly?.length ? 'pass-filled' : 'circle-large-outline'}) Only this template`, description: o.showOnly?.join(', ') || only }] : []),
        { id: 'mode', label: '$(server-environment) Mode', description: summary({ mode: o.mode }) },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: `Helm dry-run of ${path.basename(s.chart)}`, placeHolder: 'Pick an option to change it, or Render' });
      if (!pick) return false;
      switch (pick.id) {
        case 'render': await this.saveOptions(s); return true;
        case 'values': { const v = await this.pickValuesFiles(s); if (v) o.valuesFiles = v; break; }
        case 'set': await this.editSets(s); break;
        case 'release': {
          const v = await vscode.window.showInputBox({ title: 'Release name', value: o.release ?? '', placeHolder: 'release-name', validateInput: (t) => (t === '' || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(t) ? undefined : 'Lower-case letters, digits and dashes') });
          if (v !== undefined) o.release = v || undefined;
          break;
        }
        case 'namespace': {
          const v = await vscode.window.showInputBox({ title: 'Namespace', value: o.namespace ?? '', placeHolder: 'default', validateInput: (t) => (t === '' || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(t) ? undefined : 'A DNS label: lower-case letters, digits and dashes') });
          if (v !== undefined) o.namespace = v || undefined;
          break;
        }
        case 'kube': {
          const v = await vscode.window.showInputBox({ title: 'Kubernetes version (helm template --kube-version)', value: o.kubeVersion ?? '', placeHolder: '1.30.0', validateInput: (t) => (t === '' || /^v?\d+\.\d+(\.\d+)?$/.test(t) ? undefined : 'A version such as 1.30 or v1.30.2') });
          if (v !== undefined) o.kubeVersion = v || undefined;
          break;
        }
        case 'crds': o.includeCrds = !o.includeCrds || undefined; break;
        case 'only': o.showOnly = o.showOnly?.length ? undefined : only ? [only] : undefined; break;
        case 'mode': {
          const m = await vscode.window.showQuickPick([
            { label: 'helm template', description: 'no cluster needed', mode: 'template' as Mode },
            { label: 'helm install --dry-run=client', description: 'Helm 3 still contacts the cluster', mode: 'client' as Mode },
            { label: 'helm install --dry-run=server', description: 'needs a cluster (lookup works)', mode: 'server' as Mode },
          ], { title: 'How to render' });
          if (m) o.mode = m.mode === 'template' ? undefined : m.mode;
          break;
        }
      }
    }
  }

  // --- Commands.

  /** Which chart: from the explorer/editor-title argument, the active editor, or a pick. */
  async chooseChart(arg?: vscode.Uri): Promise<{ chart: string; file?: string } | undefined> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === PREVIEW_SCHEME) {
      const chart = new URLSearchParams(uri.query).get('chart');
      if (chart) return { chart };
    }
    if (uri?.scheme === 'file') {
      const chart = chartFor(uri.fsPath);
      if (chart) return { chart, file: fs.existsSync(uri.fsPath) && fs.statSync(uri.fsPath).isFile() ? uri.fsPath : undefined };
    }
    const charts = (await vscode.workspace.findFiles('**/Chart.yaml', '**/node_modules/**', 500))
      .map((u) => path.dirname(u.fsPath)).filter((d) => chartFor(d) === d).sort();
    if (!charts.length) {
      void vscode.window.showInformationMessage('Shipshape: no Helm chart (a folder with Chart.yaml) in this workspace.');
      return undefined;
    }
    if (charts.length === 1) return { chart: charts[0] };
    const pick = await vscode.window.showQuickPick(charts.map((c) => ({ label: path.basename(c), description: vscode.workspace.asRelativePath(c), chart: c })), { title: 'Which chart?' });
    return pick && { chart: pick.chart };
  }

  /**
   * The preview command. From the palette, an editor title or the explorer it asks for the options;
   * with `options` (keybindings, other extensions, tests) it renders with them directly.
   */
  async preview(arg?: vscode.Uri, options?: HelmOptions): Promise<PreviewInfo | undefined> {
    const chosen = await this.chooseChart(arg);
    if (!chosen) return undefined;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Shipshape does not run Helm in an untrusted workspace. Trust the workspace (Manage Workspace Trust) to preview Helm renders.');
      return undefined;
    }
    const s = this.state(chosen.chart);
    const given = asOptions(options);
    if (given) {
      s.options = given;
      await this.saveOptions(s);
    } else if (!(await this.editOptions(s, chosen.file))) return undefined;
    await this.run(s, true);
    return this.info(s);
  }

  /** What a command returns to programmatic callers: where the render is and how it went. */
  private info(s: ChartState): PreviewInfo | undefined {
    if (!s.current) return undefined;
    return { uri: this.previewUri(s.chart).toString(), ok: s.current.ok, findings: s.current.findings.length, problems: s.current.problems.length, helm: s.current.helm.version };
  }

  /** The compare command; `how` skips the questions (`edit`, or two values files). */
  async compare(arg?: vscode.Uri, how?: { kind: 'edit' } | { kind: 'values'; left: string; right: string }): Promise<void> {
    const chosen = await this.chooseChart(arg);
    if (!chosen) return;
    const s = this.state(chosen.chart);
    if (!vscode.workspace.isTrusted && how?.kind !== 'edit') {
      void vscode.window.showWarningMessage('Shipshape does not run Helm in an untrusted workspace. Trust the workspace (Manage Workspace Trust) to compare Helm renders.');
      return;
    }
    const kinds = [
      { label: '$(files) Two values files', description: 'render the chart with each and diff the results', id: 'values' },
      ...(s.previous && s.current ? [{ label: '$(history) Before and after the latest edit', description: 'the last two renders of this chart', id: 'edit' }] : []),
    ];
    if (how && (typeof how !== 'object' || !(how.kind === 'edit' || (how.kind === 'values' && typeof how.left === 'string' && typeof how.right === 'string')))) how = undefined;
    const kind = how ? kinds.find((k) => k.id === how!.kind) : kinds.length === 1 ? kinds[0] : await vscode.window.showQuickPick(kinds, { title: `Compare Helm renders of ${path.basename(s.chart)}` });
    if (!kind) {
      if (how?.kind === 'edit') void vscode.window.showInformationMessage('Shipshape: render the chart, edit and save a template, then compare.');
      return;
    }
    if (kind.id === 'edit' && s.previous && s.current) {
      await this.diff(s, s.previous, 'before', s.current, 'after', 'before and after the latest edit');
      return;
    }
    let a: { label: string; file: string } | undefined;
    let b: { label: string; file: string } | undefined;
    if (how?.kind === 'values') {
      a = { label: path.basename(how.left), file: how.left };
      b = { label: path.basename(how.right), file: how.right };
    } else {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(s.chart), '**/*.{yaml,yml}'), '{**/templates/**,**/charts/**,**/Chart.yaml,**/Chart.lock}', 200);
      const files = found.map((u) => ({ label: path.relative(s.chart, u.fsPath), file: u.fsPath }));
      a = await vscode.window.showQuickPick(files, { title: 'Compare: first values file (left)' });
      if (!a) return;
      const left = a;
      b = await vscode.window.showQuickPick(files.filter((f) => f.file !== left.file), { title: `Compare: second values file (right, left is ${left.label})` });
    }
    if (!a || !b) return;
    const base = s.options.valuesFiles ?? [];
    const cts = new vscode.CancellationTokenSource();
    try {
      const results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Shipshape: rendering ${path.basename(s.chart)} twice with Helm`, cancellable: true },
        async (_p, token) => {
          token.onCancellationRequested(() => cts.cancel());
          const left = await this.render(s.chart, { ...s.options, valuesFiles: [...base.filter((f) => f !== a.file), a.file] }, cts.token);
          if (!left) return undefined;
          const right = await this.render(s.chart, { ...s.options, valuesFiles: [...base.filter((f) => f !== b.file), b.file] }, cts.token);
          return right && [left, right] as const;
        },
      );
      if (results) await this.diff(s, results[0], path.basename(a.file, path.extname(a.file)), results[1], path.basename(b.file, path.extname(b.file)), `${a.label} ↔ ${b.label}`);
    } finally {
      cts.dispose();
    }
  }

  private async diff(s: ChartState, left: WirePreview, leftLabel: string, right: WirePreview, rightLabel: string, title: string): Promise<void> {
    const l = this.previewUri(s.chart, `${leftLabel}`);
    const r = this.previewUri(s.chart, rightLabel === leftLabel ? `${rightLabel}-2` : rightLabel);
    this.docs.set(l.toString(), { text: left.rendered, render: left });
    this.docs.set(r.toString(), { text: right.rendered, render: right });
    const refreshed = Promise.all([this.refreshed(l, left.rendered), this.refreshed(r, right.rendered)]);
    this.changed.fire(l);
    this.changed.fire(r);
    await refreshed;
    await vscode.commands.executeCommand('vscode.diff', l, r, `Helm ${path.basename(s.chart)}: ${title}`, { preview: false });
  }
}

/**
 * Keeps the list of chart folders the explorer's context menu offers the preview for: as URI
 * strings (`resource in ...`) and as paths (`resourcePath in ...`, which also holds in remote
 * windows, where the explorer's URIs are not the extension host's file: URIs).
 */
async function trackChartFolders(context: vscode.ExtensionContext): Promise<void> {
  const update = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles('**/Chart.yaml', '**/node_modules/**', 2000);
    const dirs = found.map((u) => vscode.Uri.joinPath(u, '..'));
    const keys = new Set(dirs.flatMap((d) => [d.toString(), d.fsPath, d.path]));
    await vscode.commands.executeCommand('setContext', CHART_FOLDERS_KEY, [...keys]);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/Chart.yaml', false, true, false);
  context.subscriptions.push(watcher, watcher.onDidCreate(() => void update()), watcher.onDidDelete(() => void update()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void update()));
  await update();
}

/**
 * The `helm` language goes by path (`templates/`); a YAML file in a templates/ folder outside any
 * chart (OpenShift or Argo templates) is handed back to YAML, so it keeps YAML's and Shipshape's checks.
 */
async function notAChartTemplate(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== 'helm' || doc.uri.scheme !== 'file' || !/\.ya?ml$/i.test(doc.uri.fsPath)) return;
  if (chartFor(doc.uri.fsPath)) return;
  try {
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  } catch {
    // closed meanwhile
  }
}

/**
 * Registers the preview and compare commands, the `shipshape-helm:` document provider and links,
 * and the save listener. `client` is the LanguageClient (Helm runs in the server).
 */
export function registerHelmPreview(context: vscode.ExtensionContext, client?: HelmRequestClient): vscode.Disposable {
  const preview = new HelmPreview(context, client);
  const disposables = [
    preview,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.languages.registerDocumentLinkProvider({ scheme: PREVIEW_SCHEME }, preview),
    vscode.commands.registerCommand('shipshape.helm.preview', (uri?: vscode.Uri, options?: HelmOptions) => preview.preview(uri, options)),
    vscode.commands.registerCommand('shipshape.helm.compare', (uri?: vscode.Uri, how?: { kind: 'edit' } | { kind: 'values'; left: string; right: string }) => preview.compare(uri, how)),
    vscode.workspace.onDidSaveTextDocument((doc) => preview.onSave(doc)),
    vscode.workspace.onDidOpenTextDocument((doc) => void notAChartTemplate(doc)),
  ];
  for (const doc of vscode.workspace.textDocuments) void notAChartTemplate(doc);
  const all = vscode.Disposable.from(...disposables);
  context.subscriptions.push(all);
  void trackChartFolders(context).catch(() => undefined);
  return all;
}
