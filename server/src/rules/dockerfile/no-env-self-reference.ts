import type { Property } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../languages/dockerfile/model';
import { scanVariables } from '../../languages/dockerfile/variables';

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
