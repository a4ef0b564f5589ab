import { defineRule } from '../../engine/rule';
import { getMap, getNode, getScalar, scalarValue } from '../../languages/kubernetes/model';
import { replaceScalar } from '../../languages/kubernetes/migrate';

export default defineRule({
  id: 'kubernetes/no-unmasked-proc-mount',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Keep the default /proc masking of containers (procMount: Default).',
  rationale:
    'Container runtimes hide or make read-only the parts of /proc that reach into the host kernel (kcore, keys, sysrq-trigger, ' +
    'timer lists). `procMount: Unmasked` exposes them, which helps an attacker inside the container read host memory or ' +
    'reconfigure the kernel; the baseline Pod Security profile rejects it. Only nested container runtimes in a user-' +
    'namespaced pod (`hostUsers: false`) need it, and such pods are not reported.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'procMount' },
    { tool: 'kube-linter', id: 'unsafe-proc-mount' },
    { tool: 'trivy', id: 'KSV-0027' },
  ],
  messages: {
    unmasked: 'Container "{{name}}" sets procMount: {{value}}, which exposes host kernel interfaces in /proc. Remove it or set procMount: Default.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n        procMount: Default\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n        procMount: Unmasked\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const node = getNode(getMap(c.map, 'securityContext'), 'procMount');
      const value = scalarValue(node);
      if (!node || value === null || value === undefined || value === 'Default') continue;
      if (typeof value === 'string' && value.includes('{{')) continue;
      // With user namespaces, "unmasked" is the pod's own /proc, not the host's: the intended use (nested builds).
      if (value === 'Unmasked' && getScalar(c.podSpec, 'hostUsers') === false) continue;
      const edit = replaceScalar(ctx.model, node, 'Default');
      ctx.report({
        range: ctx.model.rangeOf(node),
        messageId: 'unmasked',
        data: { name: c.name, value: String(value) },
        // Nested container runtimes stop working with masked /proc: the owner decides.
        fix: edit ? { title: 'Set procMount: Default', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
