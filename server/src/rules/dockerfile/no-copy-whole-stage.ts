import { defineRule } from '../../engine/rule';
import { copyFromFlag, copyOperands } from '../../languages/dockerfile/copy';

/** Sources that mean "everything": the root folder itself or all of its entries. */
const WHOLE_ROOT = new Set(['/', '/.', '/./', '/*']);

export default defineRule({
  id: 'dockerfile/no-copy-whole-stage',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Copy only the files you need from another stage, not its whole root filesystem.',
  rationale:
    'A multi-stage build exists to leave compilers, package caches and build secrets behind. `COPY --from=build / /` brings ' +
    'all of it back: the final image is as large as the build stage, carries its vulnerabilities and any credentials left in ' +
    'it, and overwrites the base image\'s own files. Copy the build output (`COPY --from=build /app/bin/server /server`). ' +
    'If flattening an image on purpose, silence the rule on that line.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3067' }],
  messages: {
    wholeRoot: 'This copies the whole filesystem of "{{from}}", build tools and caches included. Copy only the paths you need.',
  },
  examples: {
    valid: ['FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /server\n'],
    invalid: ['FROM golang:1.22 AS build\nRUN go build -o /out/server .\nFROM debian:bookworm-slim\nCOPY --from=build / /\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const instr of model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'COPY') continue;
      const from = copyFromFlag(instr)?.getValue();
      if (!from) continue;
      const ops = copyOperands(model, instr);
      for (const src of ops.slice(0, -1)) {
        if (WHOLE_ROOT.has(src.value)) ctx.report({ range: src.range, messageId: 'wholeRoot', data: { from } });
      }
    }
  },
});
