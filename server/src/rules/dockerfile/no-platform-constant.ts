import { defineRule } from '../../engine/rule';

const OS = new Set(['linux', 'windows', 'darwin', 'freebsd']);
/** Architecture spellings normalized as containerd does (`x86_64` is `amd64`). */
const ARCH: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', i686: '386' };
const TARGETPLATFORM = /^\$(TARGETPLATFORM|\{TARGETPLATFORM\})$/;

export default defineRule({
  id: 'dockerfile/no-platform-constant',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not pin FROM --platform to a constant, and drop --platform=$TARGETPLATFORM, which is the default.',
  rationale:
    'A constant platform (`FROM --platform=linux/amd64`) makes every build produce that architecture: on an ARM laptop or ' +
    'in a multi-platform build you silently get an emulated, wrong-architecture image. Choose the platform at build time ' +
    '(`docker build --platform`) or use `$BUILDPLATFORM` for cross-compiling build stages. `--platform=$TARGETPLATFORM` is ' +
    'what FROM does anyway, so it only adds noise. A stage whose name mentions the platform (`AS build-amd64`) is taken as ' +
    'deliberate.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3029' },
    { tool: 'hadolint', id: 'DL3065' },
    { tool: 'buildkit', id: 'FromPlatformFlagConstDisallowed' },
    { tool: 'buildkit', id: 'RedundantTargetPlatform' },
  ],
  messages: {
    constant: 'FROM --platform={{platform}} pins the platform for every build. Pass --platform to docker build, or use $BUILDPLATFORM for build stages.',
    redundant: '--platform={{platform}} is the default for FROM. Remove it.',
  },
  examples: {
    valid: ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM alpine:3.20\n', 'FROM --platform=linux/amd64 alpine:3.20 AS runtime-amd64\n'],
    invalid: ['FROM --platform=linux/amd64 alpine:3.20\n', 'FROM --platform=$TARGETPLATFORM alpine:3.20\n'],
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const from = stage.from;
      const flag = from.getPlatformFlag();
      const value = flag?.getValue();
      const valueRange = flag?.getValueRange();
      if (!flag || !value || !valueRange) continue;
      if (TARGETPLATFORM.test(value)) {
        // The flag and the blanks after it, up to the next flag or the image.
        const next = [...from.getFlags().map((f) => f.getRange().start), ...from.getArguments().map((a) => a.getRange().start)]
          .filter((p) => p.line > flag.getRange().end.line || (p.line === flag.getRange().end.line && p.character >= flag.getRange().end.character))
          .sort((a, b) => a.line - b.line || a.character - b.character)[0];
        const end = next && next.line === flag.getRange().end.line ? next : flag.getRange().end;
        ctx.report({
          range: flag.getRange(),
          messageId: 'redundant',
          data: { platform: value },
          fix: { title: 'Remove --platform', edits: [{ range: { start: flag.getRange().start, end }, newText: '' }] },
        });
        continue;
      }
      if (value.includes('$') || value.includes(',')) continue;
      const parts = value.toLowerCase().split('/');
      const os = parts.length > 1 || OS.has(parts[0]) ? parts[0] : 'linux';
      const rawArch = parts.length > 1 ? parts[1] : OS.has(parts[0]) ? '' : parts[0];
      const arch = ARCH[rawArch] ?? rawArch;
      const name = stage.name ?? '';
      if (name && (name.includes(os) || (arch && name.includes(arch)))) continue;
      ctx.report({ range: flag.getRange(), messageId: 'constant', data: { platform: value } });
    }
  },
});
