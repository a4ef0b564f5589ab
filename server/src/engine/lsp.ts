/**
 * The bridge from engine findings to what an LSP client shows: diagnostics (code = rule id,
 * codeDescription = docs page, source "shipshape"), and code actions (the rule's fixes, the same fix
 * for the whole file, "disable for this line" (with or without a reason), "disable for this object",
 * "show documentation", and source.fixAll.shipshape). Connection-free, so it is unit-tested directly.
 */
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { isMap, isScalar, Scalar, type YAMLMap } from 'yaml';
import { HARDEN_TITLE } from '../languages/kubernetes/hardening';
import { getPair, KubernetesModel } from '../languages/kubernetes/model';
import { appendToMap, fillEmptyFlowMap } from '../languages/kubernetes/yamlEdit';
import { collectFixEdits } from './fixer';
import { docsUrl, getRule } from './registry';
import type { LintResult } from './runner';
import type { LineIndex } from './text';
import type { Finding, Fix, Language, Severity, TextEdit } from './types';

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

/**
 * A comment line above `line` that silences `ruleId` there, indented like that line; with `reason`,
 * `# shipshape-ignore <id> -- <reason>` (suppressions.ts ignores the tail).
 */
export function suppressionEdit(lines: LineIndex, line: number, ruleId: string, uri: string, reason?: string): WorkspaceEdit {
  const text = lines.lineText(line);
  const indent = text.slice(0, text.length - text.trimStart().length);
  const at = { line, character: 0 };
  const tail = reason ? ` -- ${reason}` : '';
  return { changes: { [uri]: [{ range: { start: at, end: at }, newText: `${indent}# shipshape-ignore ${ruleId}${tail}${lines.eol}` }] } };
}

/** The placeholder the user replaces: code actions cannot place a snippet tab stop. */
export const REASON_PLACEHOLDER = 'TODO: reason';
/** The Kubernetes annotation that silences rules for one object (read by runner.ts). */
export const IGNORE_ANNOTATION = 'shipshape.io/ignore';

/** Adds `ruleId` to the object's `shipshape.io/ignore` annotation, creating maps as needed. */
function ignoreAnnotationEdit(model: KubernetesModel, root: YAMLMap, ruleId: string): TextEdit | undefined {
  const entry = { [IGNORE_ANNOTATION]: ruleId };
  const metaPair = getPair(root, 'metadata');
  if (!metaPair) return appendToMap(model, root, { metadata: { annotations: entry } });
  const meta = metaPair.value;
  if (!isMap(meta)) return undefined;
  if (meta.flow) return fillEmptyFlowMap(model, root, metaPair, { annotations: entry });
  const annPair = getPair(meta, 'annotations');
  if (!annPair) return appendToMap(model, meta, { annotations: entry });
  const ann = annPair.value;
  if (!isMap(ann)) return undefined;
  if (ann.flow) return fillEmptyFlowMap(model, meta, annPair, entry);
  const ignorePair = getPair(ann, IGNORE_ANNOTATION);
  if (!ignorePair) return appendToMap(model, ann, entry);
  // Append to the comma-separated list the user wrote, in the quoting style they used.
  const value = ignorePair.value;
  if (!isScalar(value) || typeof value.value !== 'string' || !value.range) return undefined;
  const ids = value.value.split(/[,\s]+/).filter(Boolean);
  if (ids.includes(ruleId)) return undefined;
  const next = [...ids, ruleId].join(/,\s/.test(value.value) ? ', ' : ',');
  const quoted =
    value.type === Scalar.PLAIN ? next
      : value.type === Scalar.QUOTE_DOUBLE ? JSON.stringify(next)
        : value.type === Scalar.QUOTE_SINGLE ? `'${next.replace(/'/g, "''")}'`
          : undefined;
  return quoted === undefined ? undefined : { range: model.rangeOf(value), newText: quoted };
}

/**
 * The edit that silences `ruleId` for the whole Kubernetes object around `line` with the
 * `shipshape.io/ignore` annotation; undefined outside an object or when its layout cannot be edited.
 */
export function objectSuppressionEdit(model: KubernetesModel, line: number, ruleId: string, uri: string): WorkspaceEdit | undefined {
  const object = model.objects.find((o) => o.range.start.line <= line && line <= o.range.end.line);
  const edit = object && ignoreAnnotationEdit(model, object.map, ruleId);
  return edit && { changes: { [uri]: [edit] } };
}

/** Rules whose fix is also offered for every finding of the file at once, with that action's title. */
const FILE_WIDE_FIXES: ReadonlyArray<{ title: string; pick: (f: Finding) => Fix | undefined }> = [
  {
    title: 'Add resource requests and limits to all containers in this file',
    pick: (f) => (f.ruleId === 'kubernetes/require-resource-limits' ? f.fixes[0] : undefined),
  },
  {
    // Several security rules offer the same per-workload fix; it is counted once per workload.
    title: 'Harden security context of all workloads in this file',
    pick: (f) => f.fixes.find((x) => x.title === HARDEN_TITLE),
  },
];

/** A "… in this file" action when `f` has such a fix and at least two distinct ones exist in the file. */
function fileWideFix(f: Finding, input: CodeActionInput, offered: Set<string>): CodeAction | undefined {
  const kind = FILE_WIDE_FIXES.find((k) => k.pick(f));
  if (!kind || offered.has(kind.title)) return undefined;
  offered.add(kind.title);
  const seen = new Set<string>();
  const picked: Finding[] = [];
  for (const other of input.findings) {
    const fix = kind.pick(other);
    const key = fix && JSON.stringify(fix.edits);
    if (!fix || !key || seen.has(key) || !fix.edits.length) continue;
    seen.add(key);
    picked.push({ ...other, fixes: [fix] });
  }
  if (picked.length < 2) return undefined;
  const edits = collectFixEdits(picked, { rules: new Set(picked.map((p) => p.ruleId)) });
  if (!edits.length) return undefined;
  const diagnostics = input.diagnostics.filter((d) => findingFor(d, picked));
  return { title: kind.title, kind: 'quickfix', diagnostics, edit: { changes: { [input.uri]: edits } } };
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
  /** The parsed document (`LintResult.model`): with a Kubernetes model, "disable for this object" is offered. */
  model?: LintResult['model'];
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const { uri, only } = input;
  if (wants(only, 'quickfix')) {
    // The fixes come first, then the file-wide fixes, then "Disable …" and "Show documentation":
    // on a line with many findings the menu starts with what repairs them. The same fix offered
    // for several findings (one "Harden security context" for five security-context rules) is
    // listed once, for all of their diagnostics.
    const fixes = new Map<string, CodeAction>();
    const wideFixes: CodeAction[] = [];
    const others: CodeAction[] = [];
    const seenDocs = new Set<string>();
    const fileWide = new Set<string>();
    const model = input.model instanceof KubernetesModel ? input.model : undefined;
    for (const d of input.diagnostics) {
      const f = findingFor(d, input.findings);
      if (!f || !getRule(f.ruleId)) continue;
      f.fixes.forEach((fix, i) => {
        const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
        const same = fixes.get(key);
        if (same) {
          same.diagnostics!.push(d);
          same.isPreferred ||= i === 0 && fix.safe;
          return;
        }
        fixes.set(key, {
          title: fix.title,
          kind: 'quickfix',
          diagnostics: [d],
          isPreferred: i === 0 && fix.safe,
          edit: { changes: { [uri]: fix.edits } },
        });
      });
      const wide = fileWideFix(f, input, fileWide);
      if (wide) wideFixes.push(wide);
      others.push({
        title: `Disable ${f.ruleId} for this line`,
        kind: 'quickfix',
        diagnostics: [d],
        edit: suppressionEdit(input.lines, f.range.start.line, f.ruleId, uri),
      });
      others.push({
        title: `Disable ${f.ruleId} for this line, with a reason`,
        kind: 'quickfix',
        diagnostics: [d],
        edit: suppressionEdit(input.lines, f.range.start.line, f.ruleId, uri, REASON_PLACEHOLDER),
      });
      const forObject = model && objectSuppressionEdit(model, f.range.start.line, f.ruleId, uri);
      if (forObject) others.push({ title: `Disable ${f.ruleId} for this object`, kind: 'quickfix', diagnostics: [d], edit: forObject });
      if (!seenDocs.has(f.ruleId)) {
        seenDocs.add(f.ruleId);
        others.push({
          title: `Show documentation for ${f.ruleId}`,
          kind: 'quickfix',
          diagnostics: [d],
          command: { title: 'Show documentation', command: SHOW_DOCS_COMMAND, arguments: [f.ruleId] },
        });
      }
    }
    actions.push(...fixes.values(), ...wideFixes, ...others);
  }
  // Only when asked for (on save, or "Fix All"): the lightbulb request carries no `only`.
  if (only && wants(only, FIX_ALL_KIND)) {
    const edits = collectFixEdits(input.findings);
    if (edits.length) actions.push({ title: 'Fix all safe Shipshape problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
  }
  return actions;
}
