/**
 * Runs the rules of a document's language and returns findings, with suppressions and severity
 * settings applied. Library-backed rules (dockerfile-utils syntax checks, yaml-language-server
 * schema validation) run here too, so the editor and the CLI report exactly the same things.
 * A rule that throws is reported once as a finding of that rule and never stops the others.
 */
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { ValidationCode, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileModel } from '../languages/dockerfile/model';
import { isMap } from 'yaml';
import { getPath, KubernetesModel, type KubeObject } from '../languages/kubernetes/model';
import type { KubernetesYamlService } from '../languages/kubernetes/yamlService';
import { effectiveSeverity, rulesFor } from './registry';
import { EMPTY_WORKSPACE, formatMessage, toFixes, type ModelOf, type Rule, type RuleContext, type StaleDigestInfo, type WorkspaceView } from './rule';
import { DEFAULT_SETTINGS, type EngineSettings } from './settings';
import { Suppressions, type SuppressionScope } from './suppressions';
import type { Finding, Language, Position, Severity } from './types';
import { LineIndex } from './text';

export interface LintInput {
  text: string;
  language: Language;
  settings?: EngineSettings;
  /** Used by library-backed checks; a fresh one is made when absent. */
  uri?: string;
  /** Long-lived services (the server and CLI keep one of each). */
  services?: { yaml?: KubernetesYamlService; staleDigest?: (reference: string) => StaleDigestInfo | undefined };
  /** Only run these rule ids (the CLI's `fix --rule`). */
  only?: ReadonlySet<string>;
  /** The other files' Kubernetes objects, for rules about references between objects. */
  workspace?: WorkspaceView;
}

export interface LintResult {
  language: Language;
  findings: Finding[];
  /** The parsed model, for code actions that need it. */
  model: DockerfileModel | KubernetesModel;
}

const dockerfileService = DockerfileLanguageServiceFactory.createLanguageService();

/**
 * dockerfile-utils checks that Shipshape rules own (with fixes, peer ids and their own severity):
 * turned off in the library so nothing is reported twice. The object replaces the library's
 * defaults, so the checks that stay on are listed too.
 */
const DOCKERFILE_VALIDATOR_SETTINGS: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.IGNORE, // dockerfile/no-maintainer
  emptyContinuationLine: ValidationSeverity.IGNORE, // dockerfile/no-empty-continuation
  instructionCasing: ValidationSeverity.IGNORE, // dockerfile/consistent-instruction-casing
  instructionCmdMultiple: ValidationSeverity.IGNORE, // dockerfile/no-duplicate-instructions
  instructionEntrypointMultiple: ValidationSeverity.IGNORE,
  instructionHealthcheckMultiple: ValidationSeverity.IGNORE,
  instructionWorkdirRelative: ValidationSeverity.IGNORE, // dockerfile/workdir-absolute
  directiveCasing: ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
};

/** dockerfile-utils problem codes that a Shipshape rule reports instead. */
const OWNED_VALIDATION_CODES = new Set<unknown>([
  ValidationCode.DUPLICATE_BUILD_STAGE_NAME, // dockerfile/unique-stage-names
  ValidationCode.NO_SOURCE_IMAGE, // dockerfile/valid-first-instruction
  ValidationCode.INVALID_DESTINATION, // dockerfile/copy-destination-slash
  ValidationCode.ONBUILD_CHAINING_DISALLOWED, // dockerfile/valid-onbuild
  ValidationCode.ONBUILD_TRIGGER_DISALLOWED,
]);
const LSP_SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function parseModel(language: Language, text: string): DockerfileModel | KubernetesModel {
  return language === 'dockerfile' ? new DockerfileModel(text) : new KubernetesModel(text);
}

/** Maps each line of a multi-line instruction to the instruction's first line. */
function instructionStarts(model: DockerfileModel): (line: number) => number {
  const starts = new Map<number, number>();
  for (const i of model.ast.getInstructions()) {
    const r = i.getRange();
    for (let l = r.start.line + 1; l <= r.end.line; l++) starts.set(l, r.start.line);
  }
  return (line) => starts.get(line) ?? line;
}

/** Id of the single finding reported for a file Shipshape does not check (too large, binary). */
export const SKIPPED_FILE_ID = 'shipshape/skipped-file';

function skipReason(text: string, settings: EngineSettings): string | undefined {
  const max = settings.limits.maxFileBytes;
  if (text.length > max) {
    return `Shipshape did not check this file: it is ${(text.length / 1024 / 1024).toFixed(1)} MB, over the ${(max / 1024 / 1024).toFixed(1)} MB limit (setting shipshape.limits.maxFileSizeMB).`;
  }
  if (text.includes('\u0000')) return 'Shipshape did not check this file: it contains NUL bytes, so it is not a text file.';
  return undefined;
}

export async function lint(input: LintInput): Promise<LintResult> {
  const settings = input.settings ?? DEFAULT_SETTINGS;
  const skipped = skipReason(input.text, settings);
  if (skipped) {
    const model = parseModel(input.language, '');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { language: input.language, model, findings: [{ ruleId: SKIPPED_FILE_ID, messageId: 'skipped', message: skipped, severity: 'info', range, fixes: [] }] };
  }
  const model = parseModel(input.language, input.text);
  const findings: Finding[] = [];
  const rules = rulesFor(input.language).filter((r) => !input.only || input.only.has(r.id));

  for (const rule of rules) {
    const severity = effectiveSeverity(rule, settings);
    if (severity === 'off') continue;
    const explicit = settings.rules[rule.id] !== undefined;
    if (rule.provider) {
      findings.push(...(await runProvider(rule, input, settings, severity, explicit)));
      continue;
    }
    const error = runCheck(rule, model as ModelOf[Language], settings, input, severity, findings);
    if (error !== undefined) findings.push(ruleFailure(rule, error));
  }

  const suppressions = model instanceof KubernetesModel
    ? new Suppressions(model.lines, input.language, annotationScopes(model.objects))
    : new Suppressions(model.lines, input.language, [], instructionStarts(model));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const kept = findings.filter((f) => !suppressions.isSuppressed(f, byId.get(f.ruleId)));
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return { language: input.language, findings: kept, model };
}

/**
 * Runs one (non-provider) rule's check on `model`, adding what it reports to `findings`. Returns
 * what the rule threw, if it threw (what it reported before that stays in `findings`).
 */
export function runCheck(rule: Rule, model: ModelOf[Language], settings: EngineSettings, input: LintInput, severity: Severity, findings: Finding[]): unknown {
  const ctx: RuleContext<Language> = {
    model,
    settings,
    workspace: input.workspace ?? EMPTY_WORKSPACE,
    staleDigest: input.services?.staleDigest,
    report(r) {
      findings.push({
        ruleId: rule.id,
        messageId: r.messageId,
        message: formatMessage(rule.messages[r.messageId] ?? r.messageId, r.data),
        severity,
        range: r.range,
        fixes: toFixes(r.fix),
        ...(r.tags?.length ? { tags: r.tags } : {}),
      });
    },
  };
  try {
    rule.check!(ctx as never);
    return undefined;
  } catch (err) {
    return err ?? new Error('unknown error');
  }
}

/** The warning that takes the place of a rule that failed on a file. */
export function ruleFailure(rule: Rule, err: unknown): Finding {
  return {
    ruleId: rule.id,
    messageId: 'internal',
    message: `Shipshape rule ${rule.id} failed on this file and was skipped: ${(err as Error)?.message ?? err}`,
    severity: 'warning',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fixes: [],
  };
}

async function runProvider(rule: Rule, input: LintInput, settings: EngineSettings, severity: Severity, explicit: boolean): Promise<Finding[]> {
  // dockerfile-utils grades its findings (a deprecated MAINTAINER is a warning); keep that unless the
  // user set a severity. yaml-language-server reports every schema problem as a warning, so the
  // rule's severity is used for it.
  const keepLibrarySeverity = rule.provider === 'dockerfile-utils' && !explicit;
  // The libraries' ranges can end a character past the end of a line; keep them inside the text.
  const lines = new LineIndex(input.text);
  const clamp = (p: Position): Position => lines.positionAt(lines.offsetAt(p));
  const toFinding = (d: { message: string; range: Finding['range']; severity?: number }): Finding => ({
    ruleId: rule.id,
    messageId: 'problem',
    message: d.message,
    severity: keepLibrarySeverity ? LSP_SEVERITY[d.severity ?? 1] ?? severity : severity,
    range: { start: clamp(d.range.start), end: clamp(d.range.end) },
    fixes: [],
  });
  if (rule.provider === 'dockerfile-utils') {
    if (!settings.providers.dockerfileSyntax) return [];
    return dockerfileService.validate(input.text, DOCKERFILE_VALIDATOR_SETTINGS).filter((d) => !OWNED_VALIDATION_CODES.has(d.code)).map(toFinding);
  }
  if (!settings.providers.kubernetesSchema || !input.services?.yaml) return [];
  const doc = TextDocument.create(input.uri ?? 'file:///shipshape/untitled.yaml', 'yaml', nextVersion(), input.text);
  const diagnostics = await input.services.yaml.validate(doc);
  return diagnostics.map(toFinding);
}

let version = 0;
/** yaml-language-server caches parses by uri and version; every validation gets a new version. */
function nextVersion(): number {
  return ++version;
}

/**
 * `metadata.annotations` suppressions: `shipshape.io/ignore: id,id`, and for rules mapped to peers,
 * kube-linter's `ignore-check.kube-linter.io/<check>`, kube-score's `kube-score/ignore: check,check`
 * and Polaris' `polaris.fairwinds.com/<check>-exempt: "true"`.
 */
export function annotationScopes(objects: readonly KubeObject[]): SuppressionScope[] {
  const scopes: SuppressionScope[] = [];
  // The object's own annotations, and those of its pod template (kube-score reads both).
  const paths = [['metadata'], ['spec', 'template', 'metadata'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']];
  for (const obj of objects) {
    const ids = new Set<string>();
    for (const p of paths) {
      const annotations = getPath(obj.map, [...p, 'annotations']);
      const json = isMap(annotations) ? (annotations.toJSON() as Record<string, unknown>) : undefined;
      for (const [key, value] of Object.entries(json ?? {})) {
        if (key === 'shipshape.io/ignore' && typeof value === 'string') value.split(/[,\s]+/).filter(Boolean).forEach((id) => ids.add(id));
        const kl = /^ignore-check\.kube-linter\.io\/(.+)$/.exec(key);
        if (kl) ids.add('kube-linter:' + kl[1]);
        if (key === 'kube-score/ignore' && typeof value === 'string') value.split(/[,\s]+/).filter(Boolean).forEach((id) => ids.add('kube-score:' + id));
        const polaris = /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(key);
        if (polaris && String(value) === 'true') ids.add('polaris:' + polaris[1]);
      }
    }
    if (ids.size) scopes.push({ range: obj.range, ruleIds: ids });
  }
  return scopes;
}
