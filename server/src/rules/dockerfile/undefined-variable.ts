import { DefaultVariables, type Instruction, type Property } from 'dockerfile-ast';
import { defineRule, type FixSpec } from '../../engine/rule';
import type { Range } from '../../engine/types';
import { copyFromFlag } from '../../languages/dockerfile/copy';
import { headerEndLine } from '../../languages/dockerfile/instructions';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { argDeclarations, editDistance, PLATFORM_ARGS, scanVariables, type VariableReference } from '../../languages/dockerfile/variables';

/** References in an instruction's arguments (heredoc bodies and comment lines left out), with document ranges. */
function referencesIn(model: DockerfileModel, instr: Instruction, from: number, to: number): (VariableReference & { range: Range })[] {
  const escape = model.ast.getEscapeCharacter();
  // Comment lines inside a continuation are dropped by Docker: blank them, keeping offsets.
  const text = model.text.slice(from, to).replace(/(\r?\n)([ \t]*#[^\r\n]*)/g, (_m, nl: string, c: string) => nl + ' '.repeat(c.length));
  return scanVariables(text, escape).map((v) => ({ ...v, range: model.lines.range(from + v.start, from + v.end) }));
}

/** The closest known name, if it is likely a typo of `name` (edit distance 2 or less, case ignored). */
function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    if (k === name) continue;
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance && d * 3 <= Math.max(name.length, k.length)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Usable anywhere without a declaration: proxies (dockerfile-ast's DefaultVariables) and BuildKit's own settings. */
const ALWAYS = new Set([...DefaultVariables, 'SOURCE_DATE_EPOCH', 'BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);
/** Base images whose environment is known to hold nothing but PATH, so every other name must come from the Dockerfile. */
const BARE_IMAGES = new Set(['scratch', 'alpine', 'debian', 'ubuntu', 'busybox']);
/** Instructions whose arguments Docker expands (RUN, CMD, ENTRYPOINT, HEALTHCHECK and SHELL are left to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

const props = (i: Instruction): Property[] => (i as unknown as { getProperties(): Property[] }).getProperties();

export default defineRule({
  id: 'dockerfile/undefined-variable',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Declare every variable an instruction uses with ARG or ENV before using it.',
  rationale:
    'Docker replaces an unknown `$NAME` with an empty string without a word, so a typo (`$NODE_VERSON`) or a global ARG that was ' +
    'not redeclared inside the stage (`ARG VERSION` after FROM) silently produces `COPY app /` or `LABEL version=""`. The same ' +
    'holds for TARGETARCH and the other platform arguments, which FROM sees automatically but a stage only after `ARG TARGETARCH`. ' +
    'Variables inside RUN, CMD and ENTRYPOINT belong to the shell and are not checked; `${NAME:-default}` is taken as deliberate. ' +
    'Other names are reported only where the base image is known not to set them (scratch, alpine, debian, ubuntu, busybox).',
  fixable: true,
  sources: [
    { tool: 'buildkit', id: 'UndefinedVar' },
    { tool: 'buildkit', id: 'UndefinedArgInFrom' },
  ],
  messages: {
    undefined: '${{name}} is not defined by an ARG or ENV before this line, so it expands to an empty string.',
    undefinedSuggest: '${{name}} is not defined by an ARG or ENV before this line, so it expands to an empty string. Did you mean ${{suggestion}}?',
    undefinedInFrom: '${{name}} is not declared by an ARG before the first FROM, so it expands to an empty string here.',
    undefinedInFromSuggest: '${{name}} is not declared by an ARG before the first FROM, so it expands to an empty string here. Did you mean ${{suggestion}}?',
    globalNotInStage: '${{name}} is a global ARG, which a stage does not see unless it declares it: add `ARG {{name}}` after FROM.',
    platformNotInStage: '${{name}} is set for FROM lines only; inside a stage it is empty unless declared: add `ARG {{name}}` after FROM.',
  },
  examples: {
    valid: ['ARG VERSION=1.0\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\n', 'FROM alpine:3.20\nRUN echo "$HOME"\n', 'FROM --platform=$BUILDPLATFORM golang:1.22\nARG TARGETARCH\nENV GOARCH=$TARGETARCH\n'],
    invalid: ['ARG VERSION=1.0\nFROM alpine:3.20\nLABEL version=$VERSION\n', 'FROM alpine:3.20\nARG APP_DIR=/app\nWORKDIR $APP_DIRR\n', 'FROM golang:1.22\nENV GOARCH=$TARGETARCH\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const global = new Set<string>();
    for (const arg of model.ast.getInitialARGs()) {
      for (const p of argDeclarations(arg)) {
        // A global ARG default may use the global ARGs above it and the platform arguments.
        const vr = p.valueRange;
        if (vr) {
          for (const ref of referencesIn(model, arg, model.lines.offsetAt(vr.start), model.lines.offsetAt(vr.end))) {
            if (ref.guarded || global.has(ref.name) || ALWAYS.has(ref.name) || PLATFORM_ARGS.has(ref.name)) continue;
            const s = suggest(ref.name, [...global, ...PLATFORM_ARGS]);
            ctx.report({ range: ref.range, messageId: s ? 'undefinedInFromSuggest' : 'undefinedInFrom', data: { name: ref.name, suggestion: s ?? '' } });
          }
        }
        global.add(p.name);
      }
    }
    const fromScope = new Set([...global, ...PLATFORM_ARGS]);

    const envAtEnd = new Map<Stage, Set<string>>();
    for (const stage of model.stages) {
      // FROM sees the global ARGs and the platform arguments.
      const from = stage.from;
      const image = from.getImage() ?? '';
      const start = model.lines.offsetAt(from.getInstructionRange().end);
      const end = model.lines.offsetAt(from.getRange().end);
      for (const ref of referencesIn(model, from, start, end)) {
        if (ref.guarded || fromScope.has(ref.name) || ALWAYS.has(ref.name)) continue;
        const s = suggest(ref.name, fromScope);
        // `FROM $UNDECLARED` alone is already reported by dockerfile/valid-syntax (base name blank); add only a suggestion.
        if (!s && /^\$(\w+|\{\w+\})$/.test(image)) continue;
        ctx.report({ range: ref.range, messageId: s ? 'undefinedInFromSuggest' : 'undefinedInFrom', data: { name: ref.name, suggestion: s ?? '' } });
      }

      let root: Stage = stage;
      for (let guard = 0; root.parentStage && guard < 100; guard++) root = root.parentStage;
      const rootImage = root.image ? root.image.repository.replace(/^library\//, '').toLowerCase() : undefined;
      const known = rootImage !== undefined && !root.image?.registry && BARE_IMAGES.has(rootImage);

      // ENV carries over to stages built FROM this one; ARG does not.
      const defined = new Set<string>(['PATH', ...(stage.parentStage ? envAtEnd.get(stage.parentStage) ?? [] : [])]);
      const env = new Set<string>(stage.parentStage ? envAtEnd.get(stage.parentStage) ?? [] : []);
      const offeredFix = new Set<string>();
      const after = { line: from.getRange().end.line, character: model.lines.lineText(from.getRange().end.line).length };

      const check = (refs: (VariableReference & { range: Range })[], skip: Set<string> = new Set()) => {
        for (const ref of refs) {
          const name = ref.name;
          if (ref.guarded || defined.has(name) || ALWAYS.has(name) || skip.has(name)) continue;
          const declare = global.has(name) ? 'globalNotInStage' : PLATFORM_ARGS.has(name) ? 'platformNotInStage' : undefined;
          if (declare) {
            let fix: FixSpec | undefined;
            if (!offeredFix.has(name)) {
              offeredFix.add(name);
              // Declaring it changes the value from empty to the ARG's, which is the point but still a change: not applied by fix-all.
              fix = { title: `Declare ARG ${name} in this stage`, edits: [{ range: { start: after, end: after }, newText: model.lines.eol + `ARG ${name}` }], safe: false };
            }
            ctx.report({ range: ref.range, messageId: declare, data: { name }, fix });
            continue;
          }
          if (!known) continue;
          const s = suggest(name, [...defined, ...global]);
          ctx.report({ range: ref.range, messageId: s ? 'undefinedSuggest' : 'undefined', data: { name, suggestion: s ?? '' } });
        }
      };

      for (const instr of stage.instructions) {
        const keyword = instr.getKeyword();
        if (keyword === 'ARG') {
          for (const p of argDeclarations(instr)) {
            const vr = p.valueRange;
            if (vr) check(referencesIn(model, instr, model.lines.offsetAt(vr.start), model.lines.offsetAt(vr.end)));
            defined.add(p.name);
          }
          continue;
        }
        if (!EXPANDED.has(keyword)) continue;
        const headerEnd = headerEndLine(model, instr);
        const from = model.lines.offsetAt(instr.getInstructionRange().end);
        const to = headerEnd >= instr.getRange().end.line ? model.lines.offsetAt(instr.getRange().end) : model.lines.lineEnd(headerEnd);
        let refs = referencesIn(model, instr, from, to);
        if (keyword === 'COPY') {
          // BuildKit resolves --from against the global scope, not the stage's variables: dockerfile/valid-copy-from's business.
          const flag = copyFromFlag(instr);
          const fr = flag?.getRange();
          if (fr) refs = refs.filter((r) => r.range.start.line !== fr.start.line || r.range.start.character < fr.start.character || r.range.start.character >= fr.end.character);
        }
        if (keyword === 'ENV') {
          const names = props(instr).map((p) => p.getName());
          // Names this ENV sets are dockerfile/no-env-self-reference's business.
          check(refs, new Set(names));
          for (const n of names) {
            defined.add(n);
            env.add(n);
          }
        } else check(refs);
      }
      envAtEnd.set(stage, env);
    }
  },
});
