import { defineRule } from '../../engine/rule';

const SINGLE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'] as const;

export default defineRule({
  id: 'dockerfile/no-duplicate-instructions',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Keep at most one CMD, one ENTRYPOINT and one HEALTHCHECK per stage.',
  rationale:
    'Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect; the earlier ones are silently ignored. A reader who ' +
    'sees the first one believes the container starts (or is checked) that way, and edits to it change nothing. Removing the ' +
    'earlier ones leaves the image exactly as it was.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL4003' },
    { tool: 'hadolint', id: 'DL4004' },
    { tool: 'hadolint', id: 'DL3012' },
    { tool: 'buildkit', id: 'MultipleInstructionsDisallowed' },
    { tool: 'trivy', id: 'DS-0016' },
    { tool: 'trivy', id: 'DS-0007' },
    { tool: 'trivy', id: 'DS-0023' },
  ],
  messages: {
    overridden: 'This {{keyword}} has no effect: the {{keyword}} on line {{line}} overrides it. Remove this one.',
  },
  examples: {
    valid: ['FROM golang:1.22 AS build\nCMD ["go", "test"]\nFROM alpine:3.20\nCMD ["/app"]\n'],
    invalid: ['FROM alpine:3.20\nCMD ["./app"]\nCMD ["./apps"]\n', 'FROM busybox:1.36\nHEALTHCHECK CMD curl -f http://localhost:8080/\nHEALTHCHECK CMD /bin/healthcheck\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      for (const keyword of SINGLE) {
        const all = model.instructionsOf(stage, keyword);
        const last = all[all.length - 1];
        for (const instr of all.slice(0, -1)) {
          const range = instr.getRange();
          // Whole lines, continuation lines included, so nothing of the dead instruction is left behind.
          const remove = { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } };
          ctx.report({
            range: instr.getInstructionRange(),
            messageId: 'overridden',
            data: { keyword, line: last.getRange().start.line + 1 },
            fix: { title: `Remove the overridden ${keyword}`, edits: [{ range: remove, newText: '' }] },
          });
        }
      }
    }
  },
});
