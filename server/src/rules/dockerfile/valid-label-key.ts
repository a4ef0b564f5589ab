import type { Property } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';

const RESERVED = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/** Why a label key breaks Docker's key format, or undefined when it is fine. */
function problem(key: string): string | undefined {
  if (/[A-Z]/.test(key) && /^[A-Za-z0-9.-]+$/.test(key)) return 'has upper-case letters';
  if (/[^a-z0-9.-]/.test(key)) return 'has characters other than a-z, 0-9, "." and "-"';
  if (!/^[a-z]/.test(key)) return 'does not start with a letter';
  if (!/[a-z0-9]$/.test(key)) return 'does not end with a letter or digit';
  if (key.includes('..') || key.includes('--')) return 'has consecutive "." or "-"';
  return undefined;
}

export default defineRule({
  id: 'dockerfile/valid-label-key',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Use lower-case label keys made of letters, digits, dots and dashes, outside the namespaces Docker reserves.',
  rationale:
    'Docker\'s label guidelines ask for lower-case keys in reverse-DNS form (`org.opencontainers.image.source`, ' +
    '`com.example.team`): tools that filter on labels (`docker ps --filter label=…`, registries, Kubernetes tooling) compare ' +
    'keys exactly, so `Maintainer` and `maintainer` become two labels. The `com.docker.`, `io.docker.` and ' +
    '`org.dockerproject.` prefixes belong to Docker itself.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3048' }],
  messages: {
    invalid: 'Label key "{{key}}" {{problem}}. Use lower-case letters, digits, "." and "-", e.g. "{{suggestion}}".',
    reserved: 'Label key "{{key}}" uses the "{{prefix}}" namespace, which is reserved for Docker. Use your own reverse-DNS prefix.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nLABEL org.opencontainers.image.source="https://github.com/example/app" maintainer="team@example.com"\n'],
    invalid: ['FROM alpine:3.20\nLABEL Description="My app"\n', 'FROM alpine:3.20\nLABEL com.docker.compose.project=app\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'LABEL') continue;
      for (const prop of (instr as unknown as { getProperties(): Property[] }).getProperties()) {
        const key = prop.getName();
        if (!key || key.includes('$')) continue;
        const range = prop.getNameRange();
        const prefix = RESERVED.find((p) => key.toLowerCase().startsWith(p));
        if (prefix) {
          ctx.report({ range, messageId: 'reserved', data: { key, prefix } });
          continue;
        }
        const why = problem(key);
        if (!why) continue;
        const suggestion = key.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/([.-])[.-]+/g, '$1').replace(/^[^a-z]+|[^a-z0-9]+$/g, '') || 'com.example.key';
        ctx.report({ range, messageId: 'invalid', data: { key, problem: why, suggestion } });
      }
    }
  },
});
