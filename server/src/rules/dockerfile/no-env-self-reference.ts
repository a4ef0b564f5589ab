import type { Property } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../languages/dockerfile/model';

interface VarRef {
  name: string;
  /** Offsets of `$NAME` / `${…}` in the scanned text. */
  start: number;
  end: number;
  /** `${NAME:-x}` and friends: the author handles the unset case. */
  guarded: boolean;
}

/** Variable references as Docker expands them: not inside single quotes, not after the escape character. */
function scanVariables(text: string, escape: string, base = 0, out: VarRef[] = []): VarRef[] {
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
      if (modifier) scanVariables(modifier, escape, base + wordStart, out);
      i = j - 1;
    }
  }
  return out;
}

const props = (i: unknown): Property[] => (i as { getProperties(): Property[] }).getProperties();

export default defineRule({
  id: 'dockerfile/no-env-self-reference',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not use a variable in the same ENV instruction that sets it; set it in an earlier ENV.',
  rationale:
    'Docker expands every value of an ENV instruction before it sets any of them, so in `ENV APP=/app BIN=$APP/bin` the ' +
    '`$APP` is still empty (or the base image\'s old value) and BIN becomes "/bin". The line reads as if it worked, and the ' +
    'mistake shows up only at run time. Split it: `ENV APP=/app` and then `ENV BIN=$APP/bin`. Extending a variable with its ' +
    'own old value (`ENV PATH=/app/bin:$PATH`) is fine.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3044' }],
  messages: {
    sameEnv: '${{name}} is expanded before this ENV sets {{name}}, so it gets its old value (empty here unless the base image sets it). Set {{name}} in an earlier ENV.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nENV APP=/app\nENV BIN=$APP/bin PATH=/app/bin:$PATH\n'],
    invalid: ['FROM alpine:3.20\nENV APP=/app BIN=$APP/bin\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const escape = model.ast.getEscapeCharacter();
    const envAtEnd = new Map<Stage, Set<string>>();
    for (const stage of model.stages) {
      const inherited = stage.parentStage ? envAtEnd.get(stage.parentStage) ?? new Set<string>() : new Set<string>();
      const env = new Set(inherited);
      const defined = new Set(inherited);
      for (const instr of stage.instructions) {
        const keyword = instr.getKeyword();
        // `ARG A B=1` declares A and B (dockerfile-ast would read it as A with the value B).
        if (keyword === 'ARG') instr.getArguments().forEach((a) => defined.add(a.getValue().split('=')[0]));
        if (keyword !== 'ENV') continue;
        const all = props(instr);
        const names = all.map((p) => p.getName());
        all.forEach((p, index) => {
          const vr = p.getValueRange();
          if (!vr) return;
          const start = model.lines.offsetAt(vr.start);
          const text = model.text.slice(start, model.lines.offsetAt(vr.end));
          for (const ref of scanVariables(text, escape)) {
            // Its own old value (`PATH=…:$PATH`) is intended; a name set earlier in the stage has a value to give.
            const setHere = names.some((n, i) => n === ref.name && i !== index);
            if (!setHere || defined.has(ref.name)) continue;
            ctx.report({ range: model.lines.range(start + ref.start, start + ref.end), messageId: 'sameEnv', data: { name: ref.name } });
          }
        });
        names.forEach((n) => {
          defined.add(n);
          env.add(n);
        });
      }
      envAtEnd.set(stage, env);
    }
  },
});
