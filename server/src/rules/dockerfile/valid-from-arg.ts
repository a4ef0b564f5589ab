import { defineRule } from '../../engine/rule';
import { argDeclarations, PLATFORM_ARGS, scanVariables } from '../../languages/dockerfile/variables';

/** Docker's image reference grammar (distribution/reference), names lower-case. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:localhost|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** Whether a reference with a registry part parses: the first component is a domain only if it looks like one. */
function validReference(ref: string): boolean {
  if (!REFERENCE.test(ref)) return false;
  const slash = ref.indexOf('/');
  const first = slash > 0 ? ref.slice(0, slash) : '';
  const isDomain = first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[');
  // An upper-case first component that is not a domain is an invalid repository name.
  return isDomain || first === first.toLowerCase();
}

/** Expands `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}` with the given values (undeclared = unset). */
function expand(text: string, values: Map<string, string | undefined>, escape: string): string {
  let out = '';
  let last = 0;
  for (const ref of scanVariables(text, escape).filter((r, i, all) => !all.some((o, j) => j !== i && o.start < r.start && o.end >= r.end))) {
    out += text.slice(last, ref.start);
    const raw = text.slice(ref.start, ref.end);
    const value = values.get(ref.name);
    const m = /^\$\{\w+(:?)([-+?])(.*)\}$/s.exec(raw);
    if (!m) out += value ?? '';
    else {
      const set = m[1] ? !!value : value !== undefined;
      const word = expand(m[3], values, escape);
      out += m[2] === '-' ? (set ? value! : word) : m[2] === '+' ? (set ? word : '') : value ?? '';
    }
    last = ref.end;
  }
  return out + text.slice(last);
}

export default defineRule({
  id: 'dockerfile/valid-from-arg',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Give global ARGs used in FROM a default that makes a valid image reference.',
  rationale:
    'When FROM is built from ARGs, `docker build` without `--build-arg` uses their defaults. An ARG without a default (or with ' +
    'an empty or malformed one) turns `FROM alpine:$TAG` into `FROM alpine:` and the build fails with "invalid reference ' +
    'format" for anyone who does not know which arguments to pass, CI and IDE tooling included. A working default documents ' +
    'the expected value and keeps the file buildable as is.',
  fixable: false,
  sources: [{ tool: 'buildkit', id: 'InvalidDefaultArgInFrom' }],
  messages: {
    empty: 'With the default value of {{args}}, this FROM names no image at all. Give {{args}} a default (ARG {{first}}=…).',
    invalid: 'With the default value of {{args}}, this FROM becomes "{{image}}", which is not a valid image reference. Fix the default.',
  },
  examples: {
    valid: ['ARG TAG=3.20\nFROM alpine:${TAG}\n', 'ARG BASE=node:20-slim\nFROM ${BASE}\n', 'ARG TAG\nFROM alpine:${TAG:-3.20}\n'],
    invalid: ['ARG TAG\nFROM alpine:$TAG\n', 'ARG BASE\nFROM $BASE\n', 'ARG IMAGE=Alpine:3.20\nFROM $IMAGE\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const escape = model.ast.getEscapeCharacter();
    const values = new Map<string, string | undefined>();
    for (const arg of model.ast.getInitialARGs()) {
      for (const { name, value: v } of argDeclarations(arg)) values.set(name, v === null ? undefined : expand(v.replace(/^(["'])(.*)\1$/s, '$2'), values, escape));
    }
    const stageNames: string[] = [];
    for (const stage of model.stages) {
      const image = stage.from.getImage();
      const range = stage.from.getImageRange();
      if (stage.name) stageNames.push(stage.name);
      if (!image || !range || !image.includes('$')) continue;
      const refs = scanVariables(image, escape);
      // Undeclared names are dockerfile/undefined-variable's; platform values are only known at build time.
      if (refs.length === 0 || refs.some((r) => !values.has(r.name) || PLATFORM_ARGS.has(r.name))) continue;
      const result = expand(image, values, escape);
      const args = [...new Set(refs.map((r) => r.name))];
      const data = { args: args.join(', '), first: args[0], image: result };
      if (result === '') ctx.report({ range, messageId: 'empty', data });
      else if (result.toLowerCase() !== 'scratch' && !stageNames.includes(result.toLowerCase()) && !validReference(result)) {
        ctx.report({ range, messageId: 'invalid', data });
      }
    }
  },
});
