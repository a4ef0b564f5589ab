import { defineRule } from '../../engine/rule';
import type { Stage } from '../../languages/dockerfile/model';

/** `/x`, `\x`, `C:\x`, `C:/x`: absolute on Linux or Windows. */
const ABSOLUTE = /^([/\\]|[A-Za-z]:[/\\])/;

export default defineRule({
  id: 'dockerfile/workdir-absolute',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Give the first WORKDIR of a stage an absolute path.',
  rationale:
    'A relative WORKDIR is resolved against the base image\'s working directory, which the Dockerfile does not show and which ' +
    'can change when the base image is updated: files then land in a different folder and CMD no longer finds them. Once one ' +
    'absolute WORKDIR is set, later relative ones are predictable and not reported. Paths that start with a variable ' +
    '(`$HOME`, `${APP_DIR}`) are not checked.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3000' },
    { tool: 'buildkit', id: 'WorkdirRelativePath' },
    { tool: 'trivy', id: 'DS-0009' },
  ],
  messages: {
    relative: 'WORKDIR "{{path}}" is relative to the base image\'s working directory, which can change. Use an absolute path, e.g. "/{{path}}".',
  },
  examples: {
    valid: ['FROM alpine:3.20\nWORKDIR /app\n', 'FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app\n', 'FROM alpine:3.20\nWORKDIR $HOME\n'],
    invalid: ['FROM alpine:3.20\nWORKDIR app\n'],
  },
  check(ctx) {
    const model = ctx.model;
    // Whether a stage (through its `FROM <stage>` chain) has set a WORKDIR already.
    const setBy = new Map<Stage, boolean>();
    for (const stage of model.stages) {
      let set = stage.parentStage ? setBy.get(stage.parentStage) ?? false : false;
      for (const instr of model.instructionsOf(stage, 'WORKDIR')) {
        const args = instr.getArguments();
        if (args.length === 0) continue;
        if (!set) {
          const raw = args[0].getValue();
          const quote = /^["']/.test(raw) ? 1 : 0;
          const path = raw.slice(quote);
          if (path && !path.startsWith('$') && !ABSOLUTE.test(path)) {
            const start = args[0].getRange().start;
            const at = { line: start.line, character: start.character + quote };
            const range = { start: args[0].getRange().start, end: args[args.length - 1].getRange().end };
            const shown = (instr.getArgumentsContent() ?? path).replace(/^["']|["']$/g, '');
            ctx.report({
              range,
              messageId: 'relative',
              data: { path: shown },
              fix: { title: `Make the path absolute (/${shown})`, edits: [{ range: { start: at, end: at }, newText: '/' }] },
            });
          }
        }
        // BuildKit reports only the first WORKDIR: later relative ones build on it, and fixing it fixes them.
        set = true;
      }
      setBy.set(stage, set);
    }
  },
});
