/**
 * Dockerfile variables as Docker itself sees them: `$NAME` and `${NAME…}` references found the way
 * BuildKit expands them (not inside single quotes, not after the escape character, nested
 * `${A:-$B}` included), the names ARG declares, the platform arguments, and the edit distance that
 * "did you mean" suggestions use.
 */
import type { Instruction, Property } from 'dockerfile-ast';
import type { Range } from '../../engine/types';

export interface VariableReference {
  name: string;
  /** Offsets of `$NAME` / `${…}` in the scanned text. */
  start: number;
  end: number;
  /** `${NAME:-x}` and friends: the author handles the unset case. */
  guarded: boolean;
}

/** Set automatically for FROM lines; a stage sees them only after `ARG <name>`. */
export const PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);

/**
 * Variable references as Docker expands them: not inside single quotes, not after the escape
 * character. A reference inside another one's modifier (`$B` in `${A:-$B}`) follows it.
 */
export function scanVariables(text: string, escape: string): VariableReference[] {
  return scan(text, escape, 0, []);
}

function scan(text: string, escape: string, base: number, out: VariableReference[]): VariableReference[] {
  let single = false;
  let double = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (single) {
      if (c === "'") single = false;
      continue;
    }
    if (c === escape) {
      i++;
      continue;
    }
    if (c === "'" && !double) single = true;
    else if (c === '"') double = !double;
    else if (c === '$') {
      const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (bare) {
        out.push({ name: bare[0], start: base + i, end: base + i + 1 + bare[0].length, guarded: false });
        i += bare[0].length;
        continue;
      }
      if (text[i + 1] !== '{') continue;
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 2));
      if (!name) continue;
      // Find the closing brace, nested expansions included.
      let depth = 1;
      let j = i + 2 + name[0].length;
      const wordStart = j;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === escape) j++;
        else if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      const modifier = text.slice(wordStart, j - 1);
      out.push({ name: name[0], start: base + i, end: base + j, guarded: /^:?[-+?]/.test(modifier) });
      // `${A:-$B}`: B is expanded too.
      if (modifier) scan(modifier, escape, base + wordStart, out);
      i = j - 1;
    }
  }
  return out;
}

export interface ArgDeclaration {
  name: string;
  /** The default as written (quotes kept); null without `=`. */
  value: string | null;
  /** Where the default stands; null without `=`. */
  valueRange: Range | null;
}

/**
 * The names an ARG declares, with their defaults. dockerfile-ast reads `ARG A B` as "A with the
 * value B"; Docker declares both, without defaults, so then the words are read one by one.
 */
export function argDeclarations(instr: Instruction): ArgDeclaration[] {
  const ps = (instr as unknown as { getProperties(): Property[] }).getProperties();
  if (ps.every((p) => p.getAssignmentOperator() !== null)) return ps.map((p) => ({ name: p.getName(), value: p.getValue(), valueRange: p.getValueRange() }));
  return instr.getArguments().map((a) => {
    const v = a.getValue();
    const eq = v.indexOf('=');
    const r = a.getRange();
    return {
      name: eq >= 0 ? v.slice(0, eq) : v,
      value: eq >= 0 ? v.slice(eq + 1) : null,
      valueRange: eq >= 0 ? { start: { line: r.start.line, character: r.start.character + eq + 1 }, end: r.end } : null,
    };
  });
}

/** Levenshtein distance, for "did you mean" suggestions of variable and stage names. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
