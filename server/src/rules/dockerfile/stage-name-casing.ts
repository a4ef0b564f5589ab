import type { Flag, Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Range, TextEdit } from '../../engine/types';

const flagsOf = (i: Instruction): Flag[] => (i as unknown as { getFlags?(): Flag[] }).getFlags?.() ?? [];

export default defineRule({
  id: 'dockerfile/stage-name-casing',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Write stage names in lower case, and write AS in the same case as FROM.',
  rationale:
    'Stage names are case-insensitive: `AS Builder`, `--from=builder` and `--target BUILDER` all mean the same stage, so mixed ' +
    'case only makes references look different from what they point at and makes searching the file harder. Lower-case names ' +
    'and `FROM … AS` (or `from … as`) keep the file uniform, as BuildKit\'s checks expect.',
  fixable: true,
  sources: [
    { tool: 'buildkit', id: 'StageNameCasing' },
    { tool: 'buildkit', id: 'FromAsCasing' },
  ],
  messages: {
    nameCasing: 'Stage name "{{name}}" should be lower case: "{{lower}}".',
    asCasing: '"{{as}}" does not match the casing of "{{from}}"; write "{{expected}}".',
  },
  examples: {
    valid: ['FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /app /app\n', 'from golang:1.22 as build\n'],
    invalid: ['FROM golang:1.22 AS Build\nFROM alpine:3.20\nCOPY --from=Build /app /app\n', 'FROM golang:1.22 as build\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const all = model.ast.getInstructions();
    for (const stage of model.stages) {
      const from = stage.from;
      const name = from.getBuildStage();
      const nameRange = from.getBuildStageRange();
      if (!name || !nameRange) continue;

      // `AS` is the argument right before the name.
      const args = from.getArguments();
      const asArg = args[args.length - 2];
      const keyword = from.getInstruction();
      const expected = keyword === keyword.toUpperCase() ? 'AS' : keyword === keyword.toLowerCase() ? 'as' : undefined;
      if (asArg && asArg.getValue().toLowerCase() === 'as' && expected && asArg.getValue() !== expected) {
        const range = asArg.getRange();
        ctx.report({
          range,
          messageId: 'asCasing',
          data: { as: asArg.getValue(), from: keyword, expected },
          fix: { title: `Write "${expected}"`, edits: [{ range, newText: expected }] },
        });
      }

      const lower = name.toLowerCase();
      if (name === lower) continue;
      const edits: TextEdit[] = [{ range: nameRange, newText: lower }];
      const rename = (value: string | null, range: Range | null) => {
        if (value && range && value !== lower && value.toLowerCase() === lower) edits.push({ range, newText: lower });
      };
      // Every place that refers to the stage by name: FROM <stage>, COPY --from=<stage>, RUN --mount=from=<stage>.
      for (const s of model.stages) if (s.parentStage === stage) rename(s.from.getImage(), s.from.getImageRange());
      for (const instr of all) {
        const keywordOf = instr.getKeyword();
        if (keywordOf === 'COPY') {
          const flag = flagsOf(instr).find((f) => f.getName().toLowerCase() === 'from');
          rename(flag?.getValue() ?? null, flag?.getValueRange() ?? null);
        } else if (keywordOf === 'RUN') {
          for (const flag of flagsOf(instr)) {
            if (flag.getName() !== 'mount') continue;
            for (const opt of flag.getOptions()) if (opt.getName() === 'from') rename(opt.getValue(), opt.getValueRange());
          }
        }
      }
      ctx.report({
        range: nameRange,
        messageId: 'nameCasing',
        data: { name, lower },
        fix: { title: `Rename the stage to "${lower}" everywhere`, edits: dedupe(edits) },
      });
    }
  },
});

/** Two stages may share a name; keep each range once. */
function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.range.start.line}:${e.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

