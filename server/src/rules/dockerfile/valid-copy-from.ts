import { defineRule } from '../../engine/rule';
import { copyFromFlag } from '../../languages/dockerfile/copy';
import { editDistance } from '../../languages/dockerfile/variables';

/** `nginx:1.27`, `ghcr.io/org/tool`, `alpine@sha256:…`: clearly an image, not a stage alias. */
const IMAGE_LIKE = /[:/@.]/;

export default defineRule({
  id: 'dockerfile/valid-copy-from',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'Point COPY --from at an earlier stage of this Dockerfile or at a full image reference.',
  rationale:
    'COPY --from=<name> takes a stage name, a stage number or an image. A misspelt stage name is read as an image name, so the ' +
    'build tries to pull an image that does not exist (or, worse, one that does) instead of using your stage. A stage cannot ' +
    'copy from itself, and a stage number must name an earlier stage. Images are best written with a tag (`nginx:1.27`), which ' +
    'also tells readers it is not a stage.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3022' },
    { tool: 'hadolint', id: 'DL3023' },
    { tool: 'trivy', id: 'DS-0006' },
  ],
  messages: {
    self: 'COPY --from={{from}} names the stage it is in; a stage cannot copy from itself. Copy from an earlier stage.',
    undefined: '"{{from}}" is not a stage of this Dockerfile, so it would be pulled as an image. Define the stage with FROM … AS {{from}}, or write a full image reference with a tag.',
    undefinedSuggest: '"{{from}}" is not a stage of this Dockerfile, so it would be pulled as an image. Did you mean the stage "{{suggestion}}"?',
    badIndex: 'COPY --from={{from}} must name an earlier stage by number (0-{{max}} here).',
    firstStage: 'COPY --from={{from}} is in the first stage, which has no earlier stage to copy from.',
  },
  examples: {
    valid: [
      'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
      'FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/nginx.conf\n',
      'FROM golang:1.22\nFROM alpine:3.20\nCOPY --from=0 /go/bin/app /app\n',
    ],
    invalid: ['FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=biuld /app /app\n', 'FROM golang:1.7.3 AS dep\nCOPY --from=dep /binary /\n'],
  },
  check(ctx) {
    const stages = ctx.model.stages;
    const names = stages.map((s) => s.name).filter((n): n is string => !!n);
    for (const stage of stages) {
      for (const instr of stage.instructions) {
        if (instr.getKeyword() !== 'COPY') continue;
        const flag = copyFromFlag(instr);
        const from = flag?.getValue();
        const range = flag?.getValueRange();
        if (!flag || !from || !range || from.includes('$')) continue;
        if (/^[0-9]+$/.test(from)) {
          const index = Number(from);
          if (index === stage.index) ctx.report({ range, messageId: 'self', data: { from } });
          else if (index > stage.index) {
            if (stage.index === 0) ctx.report({ range, messageId: 'firstStage', data: { from } });
            else ctx.report({ range, messageId: 'badIndex', data: { from, max: stage.index - 1 } });
          }
          continue;
        }
        const lower = from.toLowerCase();
        if (lower === stage.name) {
          ctx.report({ range, messageId: 'self', data: { from } });
          continue;
        }
        if (names.includes(lower) || IMAGE_LIKE.test(from)) continue;
        const suggestion = names
          .filter((n) => n !== stage.name)
          .map((n) => ({ n, d: editDistance(lower, n) }))
          .filter((x) => x.d <= 2 && x.d < Math.max(lower.length, x.n.length))
          .sort((a, b) => a.d - b.d)[0]?.n;
        if (suggestion) ctx.report({ range, messageId: 'undefinedSuggest', data: { from, suggestion } });
        else ctx.report({ range, messageId: 'undefined', data: { from } });
      }
    }
  },
});
