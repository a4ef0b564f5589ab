/**
 * The bridge from engine findings to what an LSP client shows: diagnostics (code = rule id,
 * codeDescription = docs page, source "shipshape"), and code actions (the rule's fixes,
 * "disable for this line", "show documentation", and source.fixAll.shipshape). Connection-free,
 * so it is unit-tested directly.
 */
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { collectFixEdits } from './fixer';
import { docsUrl, getRule } from './registry';
import type { LineIndex } from './text';
import type { Finding, Language, Severity } from './types';

export const SOURCE = 'shipshape';
export const FIX_ALL_KIND = 'source.fixAll.shipshape';
export const SHOW_DOCS_COMMAND = 'shipshape.showRuleDocumentation';

const SEVERITY: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, info: 3, hint: 4 };

/** Data carried by each diagnostic so code actions find their finding without matching text. */
export interface DiagnosticData {
  ruleId: string;
  messageId: string;
  version: number;
}

export function toDiagnostic(f: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, messageId: f.messageId, version };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    ...(getRule(f.ruleId) ? { codeDescription: { href: docsUrl(f.ruleId) } } : {}),
    source: SOURCE,
    message: f.message,
    data,
  };
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The finding a diagnostic was made from (same rule, message id and range). */
export function findingFor(d: Diagnostic, findings: readonly Finding[]): Finding | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  const ruleId = data?.ruleId ?? (typeof d.code === 'string' ? d.code : undefined);
  if (d.source !== SOURCE || !ruleId) return undefined;
  return findings.find((f) => f.ruleId === ruleId && (!data?.messageId || f.messageId === data.messageId) && sameRange(f.range, d.range));
}

/** A comment line above `line` that silences `ruleId` there, indented like that line. */
export function suppressionEdit(lines: LineIndex, line: number, ruleId: string, uri: string): WorkspaceEdit {
  const text = lines.lineText(line);
  const indent = text.slice(0, text.length - text.trimStart().length);
  const at = { line, character: 0 };
  return { changes: { [uri]: [{ range: { start: at, end: at }, newText: `${indent}# shipshape-ignore ${ruleId}${lines.eol}` }] } };
}

export interface CodeActionInput {
  uri: string;
  language: Language;
  lines: LineIndex;
  findings: readonly Finding[];
  /** The diagnostics the client sent in the code action context. */
  diagnostics: readonly Diagnostic[];
  /** `context.only` from the request, if any. */
  only?: readonly string[];
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const { uri, only } = input;
  if (wants(only, 'quickfix')) {
    const seenDocs = new Set<string>();
    for (const d of input.diagnostics) {
      const f = findingFor(d, input.findings);
      if (!f || !getRule(f.ruleId)) continue;
      f.fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: 'quickfix',
          diagnostics: [d],
          isPreferred: i === 0 && fix.safe,
          edit: { changes: { [uri]: fix.edits } },
        });
      });
      actions.push({
        title: `Disable ${f.ruleId} for this line`,
        kind: 'quickfix',
        diagnostics: [d],
        edit: suppressionEdit(input.lines, f.range.start.line, f.ruleId, uri),
      });
      if (!seenDocs.has(f.ruleId)) {
        seenDocs.add(f.ruleId);
        actions.push({
          title: `Show documentation for ${f.ruleId}`,
          kind: 'quickfix',
          diagnostics: [d],
          command: { title: 'Show documentation', command: SHOW_DOCS_COMMAND, arguments: [f.ruleId] },
        });
      }
    }
  }
  // Only when asked for (on save, or "Fix All"): the lightbulb request carries no `only`.
  if (only && wants(only, FIX_ALL_KIND)) {
    const edits = collectFixEdits(input.findings);
    if (edits.length) actions.push({ title: 'Fix all safe Shipshape problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
  }
  return actions;
}
