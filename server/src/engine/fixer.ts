/**
 * Applying fixes to a whole file: the safe fixes (or, when asked, every fix of named rules),
 * without overlapping edits, re-linting until nothing more changes. Used by "fix all" in the
 * editor, by `shipshape fix`, and by the soundness tests.
 */
import { applyEdits, EditError, rangesOverlap } from './text';
import type { Finding, TextEdit } from './types';

export interface FixSelection {
  /** Apply non-safe fixes (their first alternative) of these rules too. */
  rules?: ReadonlySet<string>;
}

/** Picks a non-overlapping set of edits from the findings' fixes, in file order. */
export function collectFixEdits(findings: readonly Finding[], selection: FixSelection = {}): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const f of findings) {
    const named = selection.rules?.has(f.ruleId) ?? false;
    if (selection.rules && !named) continue;
    const fix = f.fixes.find((x) => x.safe) ?? (named ? f.fixes[0] : undefined);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((e) => chosen.some((c) => rangesOverlap(c.range, e.range)))) continue;
    chosen.push(...fix.edits);
  }
  return chosen;
}

/**
 * Lints, applies, and lints again until a pass changes nothing (at most `maxPasses`).
 * Returns the final text; the input is returned unchanged when no fix applies.
 */
export async function fixText(
  text: string,
  lintFn: (text: string) => Promise<readonly Finding[]>,
  selection: FixSelection = {},
  maxPasses = 10,
): Promise<{ text: string; applied: number }> {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const edits = collectFixEdits(await lintFn(current), selection);
    if (edits.length === 0) break;
    let next: string;
    try {
      next = applyEdits(current, edits);
    } catch (err) {
      if (err instanceof EditError) break;
      throw err;
    }
    if (next === current) break;
    applied += edits.length;
    current = next;
  }
  return { text: current, applied };
}
