import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/no-ssh-port',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not expose port 22; get a shell with `docker exec` or `kubectl exec` instead of running sshd.',
  rationale:
    'An SSH server in a container is a second way in, with its own keys and passwords that nobody rotates and a daemon that ' +
    'nobody patches, and it needs a process supervisor next to the app. `docker exec` and `kubectl exec` give the same ' +
    'shell through the runtime\'s access control and audit log, without anything listening on the network.',
  fixable: false,
  sources: [{ tool: 'trivy', id: 'DS-0004' }],
  messages: {
    ssh: 'Port 22 (SSH) is exposed. Remove the SSH server and use `docker exec` / `kubectl exec` to get a shell.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nEXPOSE 8080\n', 'FROM alpine:3.20\nEXPOSE 2222\n'],
    invalid: ['FROM alpine:3.20\nEXPOSE 22\n', 'FROM alpine:3.20\nEXPOSE 80 22/tcp\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      if (instr.getKeyword() !== 'EXPOSE') continue;
      for (const arg of instr.getArguments()) {
        const value = arg.getValue().replace(/^"(.*)"$/, '$1');
        const [ports, proto] = value.split('/');
        // The container side of a (mis-written) `host:container` mapping is what gets exposed.
        const container = ports.slice(ports.lastIndexOf(':') + 1);
        if (container === '22' && (proto || 'tcp').toLowerCase() === 'tcp') ctx.report({ range: arg.getRange(), messageId: 'ssh' });
      }
    }
  },
});
