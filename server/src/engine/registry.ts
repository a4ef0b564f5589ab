/**
 * The rule registry: lookup by id and language, effective severity under the user's settings,
 * and where each rule's documentation lives.
 */
import { allRules } from '../rules/index';
import type { Rule } from './rule';
import type { EngineSettings } from './settings';
import type { Language, SeveritySetting } from './types';

const byId = new Map<string, Rule>(allRules.map((r) => [r.id, r]));
if (byId.size !== allRules.length) throw new Error('duplicate rule id in rules/index.ts');

/** Base of the published rule pages; `<id>.md` is appended. */
export const DOCS_BASE_URL = 'https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/';

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}

export function rulesFor(language: Language): Rule[] {
  return allRules.filter((r) => r.language === language);
}

export function effectiveSeverity(rule: Rule, settings: EngineSettings): SeveritySetting {
  return settings.rules[rule.id] ?? rule.defaultSeverity;
}

export function docsUrl(ruleId: string): string {
  return DOCS_BASE_URL + ruleId + '.md';
}

export { allRules };
