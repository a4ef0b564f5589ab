/**
 * Hostile and broken inputs, shared by the engine's test (test/unit/hostile.test.ts) and the
 * language server's (test/lsp/server.test.ts, "hostile files in the workspace").
 */

export const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

/** "Billion laughs": 11 levels of 10 aliases each to the level below. */
export function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'data:', '  a0: &a0 "lol"'];
  for (let i = 1; i < 12; i++) lines.push(`  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** 100 levels of block mappings. */
export function deepBlocks(): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nextra:\n';
  for (let i = 0; i < 100; i++) text += ' '.repeat(2 * (i + 1)) + `k${i}:\n`;
  return text + ' '.repeat(202) + 'v: 1\n';
}

/** 100 levels of flow sequences. */
export function deepFlow(): string {
  return 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: ' + '['.repeat(100) + ']'.repeat(100) + '\n';
}

/** A Pod followed by a comment line that makes the file `mb` MB. */
export function bigFile(mb = 10): string {
  return POD + '# ' + 'x'.repeat(mb * 1024 * 1024) + '\n';
}

/** Bytes 0..255 in a scrambled order, 2,000 of them. */
export function binary(): string {
  return String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
}

/** "FROM " and bytes that are not UTF-8. */
export const INVALID_UTF8 = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xff, 0xfe, 0x0a]);

export const WINDOWS_COPY = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY C:\\\\app\\\\bin C:\\\\app\nWORKDIR C:\\\\app\n';
export const WINDOWS_COPY_BACKTICK = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY C:\\app\\bin C:\\app\n';
export const COMMENTS_ONLY = '# just a comment\n# another\n';
export const DIRECTIVES_ONLY = '# syntax=docker/dockerfile:1\n# escape=\\\n';
export const UNTERMINATED_HEREDOC = 'FROM alpine:3.20\nRUN <<EOF\napk add curl\n';
export const UNTERMINATED_QUOTES = 'FROM alpine:3.20\nRUN echo "unterminated\nCMD ["sh", "-c\n';
export const UNTERMINATED_YAML = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\nspec: {\n';
export const MIXED_ENDINGS = 'FROM alpine:3.20\r\nRUN apk add curl \\\r\n  git\nUSER 1000\r';

/** Files as they would lie in a workspace: name, content (bytes where it is not text) and language. */
/**
 * `skipped`: reported as not checked (too big, or not text). A binary `*.yaml` has no apiVersion and
 * kind, so the server does not take it for Kubernetes and publishes nothing for it.
 */
export function hostileWorkspace(): { name: string; content: string | Buffer; language: 'dockerfile' | 'kubernetes'; skipped?: boolean; notKubernetes?: boolean }[] {
  return [
    { name: 'alias-bomb.yaml', content: aliasBomb(), language: 'kubernetes' },
    { name: 'deep-blocks.yaml', content: deepBlocks(), language: 'kubernetes' },
    { name: 'deep-flow.yaml', content: deepFlow(), language: 'kubernetes' },
    { name: 'ten-megabytes.yaml', content: bigFile(10), language: 'kubernetes', skipped: true },
    { name: 'long-line.Dockerfile', content: 'FROM alpine:3.20\nRUN echo ' + 'a'.repeat(100_000) + '\n', language: 'dockerfile' },
    { name: 'long-line.yaml', content: POD.replace('name: p', 'name: ' + 'p'.repeat(100_000)), language: 'kubernetes' },
    { name: 'binary/Dockerfile', content: Buffer.from(binary(), 'latin1'), language: 'dockerfile', skipped: true },
    { name: 'binary.yaml', content: Buffer.from(binary(), 'latin1'), language: 'kubernetes', notKubernetes: true },
    { name: 'invalid-utf8/Containerfile', content: INVALID_UTF8, language: 'dockerfile' },
    { name: 'bom.Dockerfile', content: '\uFEFFFROM alpine:3.20\nUSER 1000\n', language: 'dockerfile' },
    { name: 'bom.yaml', content: '\uFEFF' + POD, language: 'kubernetes' },
    { name: 'crlf.yaml', content: POD.replace(/\n/g, '\r\n'), language: 'kubernetes' },
    { name: 'mixed-endings.Dockerfile', content: MIXED_ENDINGS, language: 'dockerfile' },
    { name: 'tabs.yaml', content: POD.replace('    - name', '\t- name'), language: 'kubernetes' },
    { name: 'windows.Dockerfile', content: WINDOWS_COPY, language: 'dockerfile' },
    { name: 'windows-backtick.Dockerfile', content: WINDOWS_COPY_BACKTICK, language: 'dockerfile' },
    { name: 'empty/Dockerfile', content: '', language: 'dockerfile' },
    { name: 'empty.yaml', content: '', language: 'kubernetes' },
    { name: 'comments/Dockerfile', content: COMMENTS_ONLY, language: 'dockerfile' },
    { name: 'directives/Dockerfile', content: DIRECTIVES_ONLY, language: 'dockerfile' },
    { name: 'heredoc.Dockerfile', content: UNTERMINATED_HEREDOC, language: 'dockerfile' },
    { name: 'quotes.Dockerfile', content: UNTERMINATED_QUOTES, language: 'dockerfile' },
    { name: 'unterminated.yaml', content: UNTERMINATED_YAML, language: 'kubernetes' },
  ];
}
