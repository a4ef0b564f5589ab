/**
 * Inline suppressions. `# shipshape-ignore <id>[,<id>]` on its own line silences those rules on the
 * next line of code (in YAML also at the end of the line it applies to). For rules mapped to
 * hadolint, `# hadolint ignore=DL3007,DL3008` and `# hadolint global ignore=...` are honoured too.
 * Objects can carry their own scopes (the Kubernetes `shipshape.io/ignore` annotation).
 */
import type { LineIndex } from './text';
import type { RuleMeta } from './rule';
import type { Finding, Language, Range } from './types';

export interface SuppressionScope {
  range: Range;
  ruleIds: Set<string>;
}

const SHIPSHAPE = /#\s*shipshape-ignore\s+([A-Za-z0-9_/,\s-]+?)\s*(?:--.*)?$/;
const HADOLINT = /^#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9,\s]+)$/;

function split(list: string): string[] {
  return list.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

export class Suppressions {
  /** line -> ids (shipshape ids, and hadolint codes prefixed with "hadolint:") */
  private readonly byLine = new Map<number, Set<string>>();
  private readonly global = new Set<string>();

  /**
   * `statementStart(line)` gives the first line of the statement a line belongs to (a Dockerfile
   * instruction continued over several lines), so a comment above it covers all of its lines.
   */
  constructor(lines: LineIndex, language: Language, private readonly scopes: SuppressionScope[] = [], private readonly statementStart: (line: number) => number = (l) => l) {
    let pending: string[] = [];
    for (let i = 0; i < lines.lineCount; i++) {
      const raw = lines.lineText(i);
      const trimmed = raw.trim();
      if (trimmed === '') continue;
      if (trimmed.startsWith('#')) {
        const own = SHIPSHAPE.exec(trimmed);
        if (own) pending.push(...split(own[1]));
        const hado = HADOLINT.exec(trimmed);
        if (hado) {
          const ids = split(hado[2]).map((c) => 'hadolint:' + c.toUpperCase());
          if (hado[1]) ids.forEach((id) => this.global.add(id));
          else pending.push(...ids);
        }
        continue;
      }
      const ids = new Set(pending);
      if (language === 'kubernetes') {
        const trailing = SHIPSHAPE.exec(raw.slice(raw.indexOf('#') >= 0 ? raw.indexOf('#') : raw.length));
        if (raw.includes('#') && trailing) split(trailing[1]).forEach((id) => ids.add(id));
      }
      if (ids.size > 0) this.byLine.set(i, ids);
      pending = [];
    }
  }

  isSuppressed(finding: Finding, rule: RuleMeta | undefined): boolean {
    const keys = [finding.ruleId];
    for (const s of rule?.sources ?? []) keys.push(s.tool === 'hadolint' ? 'hadolint:' + s.id.toUpperCase() : `${s.tool}:${s.id}`);
    if (keys.some((k) => this.global.has(k))) return true;
    for (const line of new Set([finding.range.start.line, this.statementStart(finding.range.start.line)])) {
      const ids = this.byLine.get(line);
      if (ids && (keys.some((k) => ids.has(k)) || ids.has('all'))) return true;
    }
    const line = finding.range.start.line;
    return this.scopes.some((s) => s.range.start.line <= line && line <= s.range.end.line && (keys.some((k) => s.ruleIds.has(k)) || s.ruleIds.has('all')));
  }
}
