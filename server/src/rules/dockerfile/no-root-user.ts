import { defineRule, type FixSpec } from '../../engine/rule';
import { guessDistro, imageBaseName, isWindowsImage, runsAsNonRootByDefault } from '../../languages/image';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';

const ROOT = /^(root|0)(:.*)?$/i;

/** The lines that create (if needed) and switch to a non-root user on this stage's base. */
function userLines(model: DockerfileModel, stage: Stage): { lines: string[]; how: string } {
  const base = model.baseImageOf(stage);
  const distro = guessDistro(base);
  // The official node images (Debian and Alpine variants) ship a "node" user.
  if (base && imageBaseName(base) === 'node') return { lines: ['USER node'], how: 'the image\'s "node" user' };
  switch (distro) {
    case 'alpine':
      return { lines: ['RUN addgroup -S app && adduser -S -D -H -G app app', 'USER app'], how: 'an "app" user (adduser)' };
    case 'debian':
      return { lines: ['RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app', 'USER app'], how: 'an "app" user (useradd)' };
    case 'redhat':
      return { lines: ['RUN groupadd --system app && useradd --system --gid app --no-create-home app', 'USER app'], how: 'an "app" user (useradd)' };
    case 'distroless':
      return { lines: ['USER nonroot:nonroot'], how: 'distroless\'s "nonroot" user' };
    default:
      // scratch and unknown bases: a numeric id needs no /etc/passwd entry.
      return { lines: ['USER 65532:65532'], how: 'a numeric non-root id' };
  }
}

export default defineRule({
  id: 'dockerfile/no-root-user',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Switch the final stage to a non-root USER.',
  rationale:
    'Containers run as root unless the image says otherwise, and root in a container is root on the host\'s kernel: one ' +
    'exploitable bug in the app or a mounted volume becomes a host compromise. A non-root USER costs one line and is what ' +
    'Kubernetes\' runAsNonRoot and restricted Pod Security expect.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3002' },
    { tool: 'trivy', id: 'DS-0002' },
  ],
  messages: {
    noUser: 'The final stage runs as root because it sets no USER. Add a non-root USER before CMD/ENTRYPOINT.',
    rootUser: 'The last USER of the final stage is root. Switch to a non-root user after the steps that need root.',
  },
  examples: {
    valid: ['FROM node:20-slim\nUSER node\nCMD ["node", "server.js"]\n', 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\nUSER nonroot\n'],
    invalid: ['FROM alpine:3.20\nCMD ["sh"]\n', 'FROM debian:bookworm-slim\nUSER app\nRUN apt-get update\nUSER root\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const stage = model.finalStage;
    if (!stage) return;
    const users = model.instructionsOf(stage, 'USER');
    const last = users[users.length - 1];
    // Bases that already run as a non-root user (or, on Windows, have no root) need no USER line.
    const base = model.baseImageOf(stage);
    if (isWindowsImage(base) || (!last && runsAsNonRootByDefault(base))) return;
    const { lines, how } = userLines(model, stage);
    const eol = model.lines.eol;
    if (last) {
      const arg = last.getArgumentsContent() ?? '';
      if (!ROOT.test(arg.trim())) return;
      // Replace `USER root` with the non-root user (creating it first when the base needs that).
      const fix: FixSpec = { title: `Switch to ${how}`, edits: [{ range: last.getRange(), newText: lines.join(eol) }], safe: false };
      ctx.report({ range: last.getRange(), messageId: 'rootUser', fix });
      return;
    }
    // Insert before the first CMD/ENTRYPOINT of the stage, or at its end.
    const runtime = stage.instructions.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
    let edit;
    if (runtime) {
      const at = { line: runtime.getRange().start.line, character: 0 };
      edit = { range: { start: at, end: at }, newText: lines.join(eol) + eol };
    } else {
      const lastInstr = stage.instructions[stage.instructions.length - 1] ?? stage.from;
      const end = lastInstr.getRange().end;
      const lineEnd = { line: end.line, character: model.lines.lineText(end.line).length };
      edit = { range: { start: lineEnd, end: lineEnd }, newText: eol + lines.join(eol) };
    }
    ctx.report({
      range: stage.from.getRange(),
      messageId: 'noUser',
      // Changing the user can break file permissions at run time, so this is not applied by fix-all.
      fix: { title: `Add a non-root USER (${how})`, edits: [edit], safe: false },
    });
  },
});
