import { defineRule, type FixSpec } from '../../engine/rule';
import { guessDistro } from '../../languages/image';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { runScripts, type ShellCommand } from '../../languages/dockerfile/shell';

const ROOT = /^(root|0)(:.*)?$/i;

/** The stage and the stages it builds on, oldest first. */
function chain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length < 100; s = s.parentStage) out.unshift(s);
  return out;
}

/**
 * Who runs a RUN on `line` of `stage`: 'root' when the last USER before it is root, or when there is
 * no USER and the base is an official distribution image (those run as root); 'other' for a non-root
 * USER; 'unknown' when only the base image knows.
 */
function buildUser(model: DockerfileModel, stage: Stage, line: number): 'root' | 'other' | 'unknown' {
  let last: string | undefined;
  for (const s of chain(stage)) {
    for (const i of s.instructions) {
      if (i.getKeyword() === 'USER' && i.getRange().start.line < line) last = (i.getArgumentsContent() ?? '').trim();
    }
  }
  if (last !== undefined) return ROOT.test(last) ? 'root' : 'other';
  const base = model.baseImageOf(stage);
  if (base && !(base.tag ?? '').includes('nonroot') && ['debian', 'alpine', 'redhat'].includes(guessDistro(base))) return 'root';
  return 'unknown';
}

export default defineRule({
  id: 'dockerfile/no-sudo',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'Do not use sudo in RUN; switch USER around the steps that need root instead.',
  rationale:
    'A build step already runs as root, or as the USER you chose, so sudo adds nothing but a setuid-root binary in the image ' +
    'that any process in the container can try to abuse, plus TTY and environment quirks (sudo resets PATH and variables). ' +
    'When a step needs root after a non-root USER, write `USER root` before it and switch back after.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3004' },
    { tool: 'trivy', id: 'DS-0010' },
  ],
  messages: {
    sudo: 'sudo in RUN: the step already runs as the build user, and sudo leaves a setuid-root binary in the image. Remove it, or use USER root for this step.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', 'FROM alpine:3.20\nRUN apk add --no-cache sudo\n'],
    invalid: ['FROM alpine:3.20\nRUN sudo pip install --upgrade pip\n', 'FROM debian:bookworm-slim\nUSER app\nRUN sudo -E apt-get update\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const script of runScripts(model)) {
      const line = script.instruction.getRange().start.line;
      const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
      for (const cmd of script.commands) {
        if (cmd.name !== 'sudo') continue;
        ctx.report({ range: cmd.nameWord.range, messageId: 'sudo', fix: script.execForm || !stage ? undefined : removeSudo(model, stage, line, cmd) });
      }
    }
  },
});

/** Deletes `sudo ` when it carries no options and the step runs as root anyway (or may: then not safe). */
function removeSudo(model: DockerfileModel, stage: Stage, line: number, cmd: ShellCommand): FixSpec | undefined {
  const next = cmd.args[0];
  // `sudo -u postgres …` and friends change who runs the command: that needs a USER, not an edit.
  if (!next || next.value.startsWith('-')) return undefined;
  const user = buildUser(model, stage, line);
  if (user === 'other') return undefined;
  return {
    title: 'Remove sudo',
    edits: [{ range: { start: cmd.nameWord.range.start, end: next.range.start }, newText: '' }],
    // Only when the build user is known to be root does removing sudo keep the step working.
    safe: user === 'root',
  };
}
