/**
 * The language server's Helm request, `shipshape/helm/render`: the client's preview command asks
 * the server to render a chart, because the server holds the rule engine, the schemas and the
 * user's rule settings. LSP cancellation ($/cancelRequest) kills Helm. Connection-free apart from
 * `registerHelmRequests`, so the handler is tested directly.
 */
import { pathToFileURL } from 'url';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { docsUrl, getRule } from '../engine/registry';
import type { EngineSettings } from '../engine/settings';
import type { KubernetesYamlService } from '../languages/kubernetes/yamlService';
import { previewChart, type MappedFinding, type PreviewResult } from './map';
import type { HelmOptions } from './run';

export const HELM_RENDER_REQUEST = 'shipshape/helm/render';

/** Params of `shipshape/helm/render`. Paths are file-system paths. */
export interface HelmRenderParams {
  chart: string;
  options?: HelmOptions;
  /** `shipshape.helm.path`; PATH when empty. */
  helmPath?: string;
  /** `shipshape.helm.timeoutSeconds`. */
  timeoutSeconds?: number;
  /** Folder relative values files are resolved against (the workspace folder). */
  cwd?: string;
}

/** A finding or Helm error on the wire: a PreviewResult finding plus its rule's docs page. */
export interface WireFinding extends Omit<MappedFinding, 'fixes'> {
  href?: string;
}

export interface WirePreview extends Omit<PreviewResult, 'findings' | 'problems'> {
  findings: WireFinding[];
  problems: WireFinding[];
}

export type HelmRenderResponse =
  | { result: WirePreview }
  | { error: { code: 'HELM_NOT_FOUND' | 'HELM_TIMEOUT' | 'HELM_CANCELLED' | 'BAD_REQUEST' | 'INTERNAL'; message: string } };

export interface HelmRequestDeps {
  /** Engine settings for a resource (the server's per-URI settings). */
  settings(uri: string): Promise<EngineSettings>;
  /** The server's schema service for a Kubernetes version ("" = default). */
  yaml(version: string): KubernetesYamlService;
}

/** Just the part of a CancellationToken used here. */
export interface CancellationLike {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

function wire(f: MappedFinding): WireFinding {
  const { fixes: _fixes, ...rest } = f;
  return getRule(f.ruleId) ? { ...rest, href: docsUrl(f.ruleId) } : rest;
}

/** Handles one render request. Never throws: failures come back as `{ error }`. */
export async function handleHelmRender(params: HelmRenderParams, token: CancellationLike | undefined, deps: HelmRequestDeps): Promise<HelmRenderResponse> {
  if (!params || typeof params.chart !== 'string' || !params.chart) return { error: { code: 'BAD_REQUEST', message: 'shipshape/helm/render needs a chart folder.' } };
  const abort = new AbortController();
  const sub = token?.onCancellationRequested(() => abort.abort());
  if (token?.isCancellationRequested) abort.abort();
  try {
    const chartUri = pathToFileURL(params.chart.replace(/[\\/]?$/, '/') + 'Chart.yaml').toString();
    const engine = await deps.settings(chartUri);
    // The rendered text is nobody else's document: schema problems are always wanted here.
    const settings: EngineSettings = { ...engine, providers: { ...engine.providers, kubernetesSchema: true } };
    const seconds = typeof params.timeoutSeconds === 'number' && params.timeoutSeconds > 0 ? params.timeoutSeconds : 60;
    const result = await previewChart({
      chart: params.chart,
      cwd: params.cwd ?? params.chart,
      options: params.options ?? {},
      helmPath: params.helmPath || undefined,
      timeoutMs: seconds * 1000,
      signal: abort.signal,
      settings,
      yaml: deps.yaml(settings.kubernetes.version),
    });
    return { result: { ...result, findings: result.findings.map(wire), problems: result.problems.map(wire) } };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = (err as Error)?.message ?? String(err);
    if (code === 'HELM_NOT_FOUND' || code === 'HELM_TIMEOUT' || code === 'HELM_CANCELLED') return { error: { code, message } };
    return { error: { code: 'INTERNAL', message: `Shipshape could not render the chart: ${message}` } };
  } finally {
    sub?.dispose();
  }
}

/** The part of an LSP connection used here. */
export interface RequestConnection {
  onRequest(method: string, handler: (params: HelmRenderParams, token: CancellationLike) => Promise<HelmRenderResponse>): unknown;
}

/**
 * Registers `shipshape/helm/render` on the server's connection. A cancelled request ends with LSP's
 * RequestCancelled error, as clients expect.
 */
export function registerHelmRequests(connection: RequestConnection, deps: HelmRequestDeps): void {
  connection.onRequest(HELM_RENDER_REQUEST, async (params, token) => {
    const res = await handleHelmRender(params, token, deps);
    if ('error' in res && res.error.code === 'HELM_CANCELLED' && token?.isCancellationRequested) {
      throw new ResponseError(LSPErrorCodes.RequestCancelled, res.error.message);
    }
    return res;
  });
}
