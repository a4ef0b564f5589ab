/**
 * What a rule is: metadata (the documentation) plus a synchronous, pure `check` that reads a parsed
 * document from its context and reports findings. `defineRule` only types and validates the object;
 * the registry lists rules, the runner runs them.
 */
import type { DockerfileModel } from '../languages/dockerfile/model';
import type { KubernetesModel } from '../languages/kubernetes/model';
import type { EngineSettings } from './settings';
import type { Fix, Language, Range, RuleSource, SeveritySetting, TextEdit } from './types';

export interface ModelOf {
  dockerfile: DockerfileModel;
  kubernetes: KubernetesModel;
}

/** A fix as a rule reports it; `safe` defaults to true. */
export interface FixSpec {
  title: string;
  edits: TextEdit[];
  safe?: boolean;
}

export interface Report {
  range: Range;
  messageId: string;
  data?: Record<string, string | number>;
  fix?: FixSpec | FixSpec[];
  /** See RuleSource.tags. */
  tags?: string[];
}

/** A Kubernetes object of another file, as plain JSON. */
export interface WorkspaceObject {
  uri: string;
  json: Record<string, unknown>;
}

/**
 * What a rule may know about the rest of the workspace: the Kubernetes objects of the other files
 * (the CLI: every file of the run; the editor: the workspace's manifests). Rules about references
 * between objects report "not defined" only when `complete` is true.
 */
export interface WorkspaceView {
  readonly objects: readonly WorkspaceObject[];
  readonly complete: boolean;
}

export const EMPTY_WORKSPACE: WorkspaceView = { objects: [], complete: false };

/** What the registry cache knows about a pinned reference whose tag has moved (see registry/cache.ts). */
export interface StaleDigestInfo {
  pinned: string;
  current: string;
  /** ISO time of the answer the cache holds. */
  resolvedAt: string;
}

export interface RuleContext<L extends Language> {
  readonly model: ModelOf[L];
  readonly settings: EngineSettings;
  /** Network-free lookup in the registry cache; absent where there is no cache (or in untrusted workspaces). */
  readonly staleDigest?: (reference: string) => StaleDigestInfo | undefined;
  /** Other files' objects; empty when unknown. */
  readonly workspace: WorkspaceView;
  report(report: Report): void;
}

export interface RuleExamples {
  /** Inputs on which the rule must be silent. */
  valid: string[];
  /** Inputs on which the rule must report at least once. */
  invalid: string[];
}

export interface RuleMeta<L extends Language = Language> {
  /** `<language>/<name>`, kebab-case. */
  id: string;
  language: L;
  defaultSeverity: SeveritySetting;
  /** One sentence: what the rule asks for. */
  description: string;
  /** Why it matters, in two or three sentences a newcomer can act on. */
  rationale: string;
  fixable: boolean;
  /** Equivalent checks in peer tools. */
  sources: RuleSource[];
  /** Message templates by id; `{{name}}` is replaced by report data. */
  messages: Record<string, string>;
  examples: RuleExamples;
  /**
   * Set when the findings come from a library we build on (dockerfile-utils' validator,
   * yaml-language-server's schema validation) rather than from `check`.
   */
  provider?: 'dockerfile-utils' | 'yaml-language-server';
  /**
   * For rules whose findings on an object depend on other objects of the file, or on state outside
   * the text: what they read besides the objects they check. Absent: the rule looks at one YAML
   * document at a time. The editor's incremental lint re-checks a rule's findings on unchanged
   * documents only when what it declares here changed, so reading more than declared makes the
   * editor disagree with a full lint (test/unit/languages/kubernetes/incremental.test.ts catches it).
   */
  dependsOn?: CrossDocumentReads;
}

/**
 * The kinds of the file's other objects a rule looks at (through knownObjects() and
 * canJudgeMissing(); `'all'`: any kind), and optionally what it reads of them (`fields`, from the
 * object's JSON; default: all of it). `'always'`: the findings depend on state outside the text (the
 * registry cache), so the rule runs on the whole file every time.
 */
export type CrossDocumentReads = { kinds: readonly string[] | 'all'; fields?: (json: Record<string, unknown>) => unknown } | 'always';

export interface Rule<L extends Language = Language> extends RuleMeta<L> {
  /** Reads the model and reports. Absent only for provider rules, whose findings the runner gets from the library. */
  check?(ctx: RuleContext<L>): void;
}

const ID = /^(dockerfile|kubernetes)\/[a-z0-9]+(-[a-z0-9]+)*$/;

export function defineRule<L extends Language>(rule: Rule<L>): Rule<L> {
  if (!ID.test(rule.id) || !rule.id.startsWith(rule.language + '/')) {
    throw new Error(`invalid rule id "${rule.id}" for language ${rule.language}`);
  }
  if (Object.keys(rule.messages).length === 0) throw new Error(`rule ${rule.id} has no messages`);
  if (!rule.check === !rule.provider) throw new Error(`rule ${rule.id} needs exactly one of check or provider`);
  return rule;
}

/** Fills `{{key}}` placeholders; unknown keys stay visible rather than vanishing. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => (key in data ? String(data[key]) : m));
}

export function toFixes(spec: FixSpec | FixSpec[] | undefined): Fix[] {
  if (!spec) return [];
  return (Array.isArray(spec) ? spec : [spec]).map((f) => ({ title: f.title, edits: f.edits, safe: f.safe ?? true }));
}
