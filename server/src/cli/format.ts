/**
 * CLI output formats. JSON and SARIF are a public interface that CI pipelines parse: their
 * shapes are documented in the README and only ever extended, never changed.
 */
import * as path from 'path';
import type * as Sarif from 'sarif';
import { allRules, docsUrl, getRule } from '../engine/registry';
import type { Finding, Severity } from '../engine/types';

export interface FileFindings {
  file: string;
  findings: Finding[];
}

export const TOOL_VERSION = '0.1.0';
export const INFORMATION_URI = 'https://github.com/shipshape-dev/shipshape';

function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, path.resolve(file));
  return (r.startsWith('..') ? path.resolve(file) : r).split(path.sep).join('/');
}

export function formatText(results: FileFindings[], cwd: string): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) {
    for (const f of r.findings) {
      counts[f.severity]++;
      const fix = f.fixes.length ? ' [fixable]' : '';
      lines.push(`${rel(r.file, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId}: ${f.message}${fix}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  lines.push(
    total === 0
      ? `No problems found in ${results.length} file${results.length === 1 ? '' : 's'}.`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info + counts.hint} info) in ${results.length} file${results.length === 1 ? '' : 's'}.`,
  );
  return lines.join('\n') + '\n';
}

/** JSON shape, version 1: see the README ("JSON output"). */
export function formatJson(results: FileFindings[], cwd: string): string {
  const findings = results.flatMap((r) =>
    r.findings.map((f) => ({
      file: rel(r.file, cwd),
      range: f.range,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      fixable: f.fixes.length > 0,
    })),
  );
  return JSON.stringify({ tool: 'shipshape', version: TOOL_VERSION, schemaVersion: 1, filesChecked: results.length, findings }, null, 2) + '\n';
}

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 for GitHub code scanning: every rule with its metadata, results with 1-based regions. */
export function formatSarif(results: FileFindings[], cwd: string): string {
  const rules: Sarif.ReportingDescriptor[] = allRules.map((r) => ({
    id: r.id,
    name: r.id.split('/')[1].replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: r.rationale },
    helpUri: docsUrl(r.id),
    help: { text: `${r.description}\n\n${r.rationale}`, markdown: `${r.description}\n\n${r.rationale}\n\n[Documentation](${docsUrl(r.id)})` },
    defaultConfiguration: { enabled: r.defaultSeverity !== 'off', level: r.defaultSeverity === 'off' ? 'none' : LEVEL[r.defaultSeverity] },
    properties: {
      tags: [r.language, ...r.sources.map((s) => `${s.tool}:${s.id}`)],
      ...(r.defaultSeverity === 'error' ? { 'security-severity': '7.0' } : {}),
    },
  }));
  const index = new Map(allRules.map((r, i) => [r.id, i]));
  const sarifResults: Sarif.Result[] = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: rel(r.file, cwd), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: Math.max(f.range.end.character + 1, f.range.start.line === f.range.end.line ? f.range.start.character + 2 : 1),
          },
        },
      }],
      ...(getRule(f.ruleId)?.fixable && f.fixes.length ? { properties: { fixable: true } } : {}),
    })),
  );
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Shipshape', version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: INFORMATION_URI, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: 'file://' + cwd.split(path.sep).join('/').replace(/\/?$/, '/') } },
      columnKind: 'utf16CodeUnits',
      results: sarifResults,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
