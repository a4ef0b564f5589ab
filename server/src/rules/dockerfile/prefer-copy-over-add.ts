import { defineRule } from '../../engine/rule';
import type { DockerfileModel } from '../../languages/dockerfile/model';

/** ADD's extra powers: remote URLs, git repositories and local archives it unpacks. */
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|gz|bz2|xz|zst)$/i;
/** Flags only ADD understands; their presence means ADD is intended. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

function resolve(model: DockerfileModel, text: string, line: number): string | undefined {
  if (!text.includes('$')) return text;
  const vars = new Map<string, string | undefined>();
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const value = model.ast.resolveVariable(m[1], line);
    vars.set(m[1], value ?? undefined);
  }
  return model.substitute(text, vars);
}

export default defineRule({
  id: 'dockerfile/prefer-copy-over-add',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Use COPY for local files and folders; keep ADD for URLs and archives it should unpack.',
  rationale:
    'ADD also downloads URLs and unpacks archives, so `ADD . /app` can silently turn a tarball in your context into a folder. ' +
    'COPY does exactly one thing, which makes the Dockerfile say what it means and the build predictable.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3020' },
    { tool: 'trivy', id: 'DS-0005' },
  ],
  messages: { useCopy: 'ADD copies only local files here. Use COPY, which does not unpack archives or fetch URLs.' },
  examples: {
    valid: ['FROM alpine:3.20\nCOPY . /app\n', 'FROM alpine:3.20\nADD https://example.com/a.tar.gz /tmp/\n', 'FROM alpine:3.20\nADD rootfs.tar.gz /\n'],
    invalid: ['FROM alpine:3.20\nADD . /app\n', 'FROM alpine:3.20\nADD --chown=1000:1000 src/ /app/src/\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'ADD') continue;
      const add = instr as unknown as { getFlags(): { getName(): string }[] };
      if (add.getFlags().some((f) => ADD_ONLY_FLAGS.has(f.getName().toLowerCase()))) continue;
      const args = instr.getArguments().map((a) => a.getValue().replace(/^(["'])(.*)\1$/, '$2'));
      const raw = instr.getRawArgumentsContent() ?? '';
      if (args.length < 2 || raw.includes('<<')) continue; // heredoc sources are inline files, fine either way
      const line = instr.getRange().start.line;
      // Variables are resolved from their ARG/ENV defaults (`ADD ${JAR_FILE} app.jar`); a source
      // that stays unknown may be a URL or an archive, so it is left alone.
      const sources = args.slice(0, -1).filter((a) => !a.startsWith('--')).map((a) => resolve(ctx.model, a, line));
      if (sources.some((s) => s === undefined || REMOTE.test(s) || ARCHIVE.test(s))) continue;
      const range = instr.getInstructionRange();
      ctx.report({ range, messageId: 'useCopy', fix: { title: 'Replace ADD with COPY', edits: [{ range, newText: 'COPY' }] } });
    }
  },
});
