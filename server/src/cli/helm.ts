/**
 * `shipshape helm <chart>`: renders a chart with Helm (`helm template` by default, no cluster),
 * lints the rendered manifests and prints the findings on the template lines that produced them,
 * in the formats of `shipshape lint` (text, JSON with `note`/`rendered` added, SARIF). Helm errors
 * are findings of `helm/render-error` on the line Helm names. Exit 1 on error-level findings or a
 * Helm error, 2 on usage errors (and when Helm cannot be found), 0 otherwise.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { getRule } from '../engine/registry';
import { normalizeSettings, parseSeverity } from '../engine/settings';
import { isChartDir } from '../helm/chart';
import { HELM_ERROR_ID, previewChart, type MappedFinding, type PreviewResult } from '../helm/map';
import { displayCommand, HelmCancelledError, HelmNotFoundError, HelmTimeoutError, type HelmMode } from '../helm/run';
import { KubernetesYamlService } from '../languages/kubernetes/yamlService';
import { formatJson, formatSarif, formatText, type FileFindings } from './format';

export interface HelmIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Environment Helm runs with (tests isolate HELM_* and PATH); default process.env. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export const HELM_HELP = `Usage:
  shipshape helm <chart> [-f values.yaml]... [--set key=value]... [--release name] [--namespace ns]
                 [--kube-version v] [--include-crds] [--show-only templates/x.yaml]...
                 [--dry-run client|server] [--helm path] [--timeout seconds]
                 [--rule id=severity]... [--format text|json|sarif]

Renders the chart with Helm (\`helm template\`; --dry-run uses \`helm install --dry-run\`, which needs a
cluster), checks the rendered manifests with Shipshape's Kubernetes rules and schemas, and reports
each finding on the template line that produced it. Helm errors are reported on the line Helm names.
Exit codes: 0 no error-level findings, 1 error-level findings or a Helm error, 2 usage error or no Helm.
`;

class UsageError extends Error {}

function describeFinding(f: MappedFinding): string {
  return f.note ? `${f.message} [${f.note}]` : f.message;
}

/** Findings by file; unmapped ones on the chart's Chart.yaml (their note names the rendered document). */
function group(result: PreviewResult, chartDir: string, withNote: boolean): FileFindings[] {
  const byFile = new Map<string, MappedFinding[]>();
  const all = [...result.problems, ...result.findings];
  for (const f of all) {
    const file = f.file ?? path.join(chartDir, 'Chart.yaml');
    const list = byFile.get(file) ?? [];
    list.push(withNote ? { ...f, message: describeFinding(f) } : f);
    byFile.set(file, list);
  }
  const files = [...byFile.keys()].sort();
  return files.map((file) => ({
    file,
    findings: byFile.get(file)!.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId)),
  }));
}

/** `shipshape lint`'s JSON (schema version 1) plus, per finding, `note`, `mapping` and `rendered`. */
function json(result: PreviewResult, chartDir: string, cwd: string): string {
  const groups = group(result, chartDir, false);
  const base = JSON.parse(formatJson(groups, cwd)) as { findings: Record<string, unknown>[]; [k: string]: unknown };
  const flat = groups.flatMap((g) => g.findings as MappedFinding[]);
  base.findings = base.findings.map((f, i) => ({
    ...f,
    note: flat[i].note,
    mapping: flat[i].mapping,
    ...(flat[i].source ? { rendered: { source: flat[i].source, ...(flat[i].renderedRange ? { range: flat[i].renderedRange } : {}) } } : {}),
  }));
  base.filesChecked = new Set(result.documents.map((d) => d.file ?? d.source)).size;
  base.helm = { version: result.helm.version, args: result.args, ok: result.ok };
  return JSON.stringify(base, null, 2) + '\n';
}

/** SARIF of `shipshape lint`, with a rule entry for Helm errors and notes in the messages. */
function sarif(result: PreviewResult, chartDir: string, cwd: string): string {
  const log = JSON.parse(formatSarif(group(result, chartDir, true), cwd)) as { runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: Record<string, unknown>[] }[] };
  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  rules.push({
    id: HELM_ERROR_ID,
    name: 'RenderError',
    shortDescription: { text: 'Helm could not render the chart.' },
    fullDescription: { text: 'A template failed (required, fail, nil values, bad arguments), did not parse, rendered invalid YAML, or the values broke values.schema.json.' },
    defaultConfiguration: { enabled: true, level: 'error' },
    properties: { tags: ['helm'] },
  });
  for (const r of run.results) if (r.ruleId === HELM_ERROR_ID) r.ruleIndex = rules.length - 1;
  return JSON.stringify(log, null, 2) + '\n';
}

function parseRuleSeverities(values: string[]): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const v of values) {
    const m = /^([a-z]+\/[a-z0-9-]+)=(\w+)$/.exec(v);
    if (!m) throw new UsageError(`--rule expects id=severity (e.g. kubernetes/no-latest-tag=error), got "${v}"`);
    if (!getRule(m[1])) throw new UsageError(`unknown rule "${m[1]}" (see \`shipshape rules\`)`);
    if (!parseSeverity(m[2])) throw new UsageError(`unknown severity "${m[2]}" (off, hint, info, warning, error)`);
    rules[m[1]] = m[2];
  }
  return rules;
}

let yamlService: KubernetesYamlService | undefined;

/** The `helm` command; `args` are the words after `shipshape helm`. */
export async function cmdHelm(args: string[], io: HelmIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`shipshape: ${(err as Error).message}\n\n${HELM_HELP}`);
      return 2;
    }
    if (err instanceof HelmNotFoundError) {
      io.err(`shipshape: ${err.message}\n`);
      return 2;
    }
    if (err instanceof HelmTimeoutError || err instanceof HelmCancelledError) {
      io.err(`shipshape: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function run(args: string[], io: HelmIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      values: { type: 'string', short: 'f', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      release: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      'kube-version': { type: 'string' },
      'include-crds': { type: 'boolean', default: false },
      'show-only': { type: 'string', short: 's', multiple: true, default: [] },
      'dry-run': { type: 'string' },
      helm: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      rule: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(HELM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one chart folder, got ${positionals.length}: ${positionals.join(' ')}` : 'missing the chart folder');
  const chart = path.resolve(io.cwd, positionals[0]);
  if (!isChartDir(chart)) throw new UsageError(`${positionals[0]} is not a chart folder (no Chart.yaml)`);
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}" (text, json, sarif)`);
  const dryRun = values['dry-run'];
  if (dryRun !== undefined && dryRun !== 'client' && dryRun !== 'server') throw new UsageError(`--dry-run expects client or server, got "${dryRun}"`);
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout expects a number of seconds, got "${values.timeout}"`);
  const kv = values['kube-version'];
  if (kv !== undefined && !/^v?\d+\.\d+(\.\d+)?$/.test(kv)) throw new UsageError(`--kube-version expects a version such as 1.30 or v1.30.2, got "${kv}"`);
  for (const s of values.set!) if (!s.includes('=')) throw new UsageError(`--set expects key=value, got "${s}"`);

  // Schemas for the --kube-version when one is given and bundled.
  const k8sMinor = kv ? /^v?(\d+\.\d+)/.exec(kv)![1] : '';
  const settings = normalizeSettings({ rules: parseRuleSeverities(values.rule!), kubernetes: { version: k8sMinor } });
  yamlService ??= new KubernetesYamlService({ kubernetesVersion: k8sMinor || undefined });
  if (k8sMinor && yamlService.kubernetesVersion !== k8sMinor) yamlService.setKubernetesVersion(k8sMinor);

  const mode: HelmMode = (dryRun as HelmMode | undefined) ?? 'template';
  const result = await previewChart({
    chart,
    cwd: io.cwd,
    env: io.env,
    signal: io.signal,
    helmPath: values.helm,
    timeoutMs: timeout * 1000,
    settings,
    yaml: yamlService,
    options: {
      valuesFiles: values.values!,
      set: values.set!,
      release: values.release,
      namespace: values.namespace,
      kubeVersion: kv,
      includeCrds: values['include-crds'],
      showOnly: values['show-only']!,
      mode,
    },
  });
  for (const w of result.warnings) io.err(`shipshape: ${w}\n`);
  if (!result.ok) io.err(`shipshape: Helm ${result.helm.version} failed: ${displayCommand(result.helm.path, result.args)}\n`);
  if (format === 'json') io.out(json(result, chart, io.cwd));
  else if (format === 'sarif') io.out(sarif(result, chart, io.cwd));
  else {
    const groups = group(result, chart, true);
    io.out(formatText(groups, io.cwd).replace(/^No problems found in \d+ files?\.\n$/, `No problems found in ${result.documents.length} rendered document${result.documents.length === 1 ? '' : 's'}.\n`));
  }
  const error = !result.ok || result.problems.length > 0 || result.findings.some((f) => f.severity === 'error');
  return error ? 1 : 0;
}
