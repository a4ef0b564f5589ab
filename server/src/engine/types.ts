/**
 * Core types of the Shipshape rule engine. Deliberately free of LSP types: positions and edits have
 * the same shape as LSP's (0-based line/character), so the server passes them through unchanged,
 * while the CLI and the tests use the engine without a connection.
 */

/** A 0-based position, character offsets in UTF-16 code units (as in LSP). */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range [start, end). */
export interface Range {
  start: Position;
  end: Position;
}

/** A replacement of the text in `range` by `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export type Language = 'dockerfile' | 'kubernetes';

/** Peer tools whose rule ids Shipshape maps, so users can migrate and search. */
export type PeerTool = 'hadolint' | 'buildkit' | 'kube-linter' | 'polaris' | 'kube-score' | 'trivy';

export interface RuleSource {
  tool: PeerTool;
  id: string;
  /**
   * When one rule covers several peer checks (e.g. CPU request, memory request, memory limit),
   * the peer check corresponds only to findings carrying one of these tags.
   */
  tags?: string[];
}

/** One way to fix a finding. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * Safe fixes are mechanical and need no choice; only they are applied by "fix all" and by
   * `shipshape fix`. A fix that needs a choice (a tag, a limit, a user) is offered in the editor
   * and applied by the CLI only when its rule is named with `--rule`.
   */
  safe: boolean;
}

/** A problem found by a rule, before the editor or the CLI renders it. */
export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  range: Range;
  fixes: Fix[];
  /** What exactly was found, for mapping to peer checks (see RuleSource.tags). */
  tags?: string[];
}
