import { defineRule } from '../../engine/rule';

/** What dockerfile-utils (dockerfile/valid-syntax) accepts as a port; anything else it reports itself. */
const SYNTAX = /^([0-9])+(-[0-9]+)?(:([0-9])+(-[0-9]*)?)?(\/(\w*))?(\/\w*)*$/;
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const MAX_PORT = 65535;

export default defineRule({
  id: 'dockerfile/valid-expose',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'EXPOSE container ports in 0-65535 (or low-high ranges), with a lower-case protocol and no host mapping.',
  rationale:
    'A port above 65535 or a reversed range fails the build when EXPOSE is reached. EXPOSE only documents which ports the ' +
    'container listens on: a host port (`8080:80`) is ignored, since publishing happens at run time (`docker run -p 8080:80`, ' +
    'a Kubernetes Service), and writing one suggests a mapping that never happens. Protocols are matched in lower case ' +
    '(`80/tcp`). Ports given as variables are not checked; words that are not ports at all are reported by dockerfile/valid-syntax.',
  fixable: true,
  sources: [
    { tool: 'hadolint', id: 'DL3011' },
    { tool: 'buildkit', id: 'ExposeProtoCasing' },
    { tool: 'buildkit', id: 'ExposeInvalidFormat' },
    { tool: 'trivy', id: 'DS-0008' },
  ],
  messages: {
    outOfRange: 'Port {{port}} is outside 0-65535, so the build fails here. Use a valid port number.',
    reversedRange: 'Port range {{range}} ends before it starts, so the build fails here. Write it as {{fixed}}.',
    hostMapping: 'EXPOSE "{{value}}" names a host port, which EXPOSE ignores. Expose the container port ({{port}}) and publish it at run time (docker run -p).',
    protoCasing: 'Protocol "{{proto}}" should be lower case: "{{lower}}".',
  },
  examples: {
    valid: ['FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 8000-8010\n', 'FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT\n'],
    invalid: ['FROM alpine:3.13\nEXPOSE 65536 8080\n', 'FROM nginx:1.27\nEXPOSE 80/TCP\n', 'FROM nginx:1.27\nEXPOSE 8080:80\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'EXPOSE') continue;
      for (const arg of instr.getArguments()) {
        const raw = arg.getValue();
        const quote = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? 1 : 0;
        const value = raw.slice(quote, raw.length - quote);
        if (value.includes('$') || !SYNTAX.test(value)) continue;
        const slash = value.indexOf('/');
        const ports = slash >= 0 ? value.slice(0, slash) : value;
        const proto = slash >= 0 ? value.slice(slash + 1).split('/')[0] : '';
        if (proto && !PROTOCOLS.has(proto.toLowerCase())) continue; // valid-syntax reports it
        const start = arg.getRange().start;
        const at = (from: number, to: number) => ({
          start: { line: start.line, character: start.character + quote + from },
          end: { line: start.line, character: start.character + quote + to },
        });
        const valueRange = at(0, value.length);
        const colon = ports.lastIndexOf(':');
        const container = ports.slice(colon + 1);
        const [low, high] = container.split('-');
        if (Number(low) > MAX_PORT || (high !== undefined && Number(high) > MAX_PORT)) {
          ctx.report({ range: valueRange, messageId: 'outOfRange', data: { port: Number(low) > MAX_PORT ? low : high } });
          continue;
        }
        if (high !== undefined && Number(high) < Number(low)) {
          const fixed = `${high}-${low}`;
          ctx.report({ range: valueRange, messageId: 'reversedRange', data: { range: container, fixed } });
          continue;
        }
        if (colon >= 0) {
          // BuildKit exposes only the container port; keeping just that part changes nothing but the text.
          const keep = container + (slash >= 0 ? value.slice(slash) : '');
          ctx.report({
            range: valueRange,
            messageId: 'hostMapping',
            data: { value, port: container },
            fix: { title: `Keep only the container port (${keep})`, edits: [{ range: at(0, colon + 1), newText: '' }] },
          });
        }
        if (proto && proto !== proto.toLowerCase()) {
          const lower = proto.toLowerCase();
          const range = at(slash + 1, slash + 1 + proto.length);
          ctx.report({ range, messageId: 'protoCasing', data: { proto, lower }, fix: { title: `Write the protocol as ${lower}`, edits: [{ range, newText: lower }] } });
        }
      }
    }
  },
});
