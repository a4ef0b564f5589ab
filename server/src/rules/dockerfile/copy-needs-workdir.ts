import { defineRule } from '../../engine/rule';
import { copyOperands } from '../../languages/dockerfile/copy';
import type { Stage } from '../../languages/dockerfile/model';

/** `/x`, `\\x`, `C:\\x`, `C:/x`, or a variable (not guessed). */
const NOT_RELATIVE = /^([/\\$]|[A-Za-z]:[/\\])/;

export default defineRule({
  id: 'dockerfile/copy-needs-workdir',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Set a WORKDIR before COPY or ADD to a relative destination.',
  rationale:
    'A relative destination such as `COPY . .` lands in the working directory, and without a WORKDIR in the stage that is ' +
    'whatever the base image set: `/` for most images, something else for others, and it can change with a new base image ' +
    'version. The files then end up scattered over the root filesystem or somewhere CMD does not look. A WORKDIR (or an ' +
    'absolute destination) says where they go.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3045' }],
  messages: {
    noWorkdir: '{{keyword}} to a relative path while this stage sets no WORKDIR: where the files land depends on the base image. Add a WORKDIR before it or use an absolute path.',
  },
  examples: {
    valid: ['FROM node:20-slim\nWORKDIR /app\nCOPY . .\n', 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n'],
    invalid: ['FROM node:20-slim\nCOPY . .\n', 'FROM alpine:3.20\nCOPY app.conf etc/\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const hasWorkdir = new Map<Stage, boolean>();
    for (const stage of model.stages) {
      let set = stage.parentStage ? hasWorkdir.get(stage.parentStage) ?? false : false;
      for (const instr of stage.instructions) {
        const keyword = instr.getKeyword();
        if (keyword === 'WORKDIR') set = true;
        if (set || (keyword !== 'COPY' && keyword !== 'ADD')) continue;
        const ops = copyOperands(model, instr);
        if (ops.length < 2) continue;
        const dest = ops[ops.length - 1];
        if (!dest.value || NOT_RELATIVE.test(dest.value)) continue;
        ctx.report({ range: dest.range, messageId: 'noWorkdir', data: { keyword } });
      }
      hasWorkdir.set(stage, set);
    }
  },
});
