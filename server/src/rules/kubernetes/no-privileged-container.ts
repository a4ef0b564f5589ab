import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';

export default defineRule({
  id: 'kubernetes/no-privileged-container',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Do not run containers in privileged mode.',
  rationale:
    'A privileged container gets every capability and all host devices: it can load kernel modules, mount the host disk and ' +
    'escape to the node. Grant the one capability the workload really needs (e.g. NET_ADMIN) instead.',
  fixable: true,
  sources: [
    { tool: 'kube-linter', id: 'privileged-container' },
    { tool: 'polaris', id: 'runAsPrivileged' },
    { tool: 'kube-score', id: 'container-security-context-privileged' },
    { tool: 'trivy', id: 'KSV017' },
  ],
  messages: { privileged: 'Container "{{name}}" runs privileged, with full access to the host. Remove privileged: true and add only the capabilities it needs.' },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n'],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const node = getNode(getMap(c.map, 'securityContext'), 'privileged');
      if (scalarValue(node) !== true) continue;
      const range = ctx.model.rangeOf(node);
      ctx.report({
        range,
        messageId: 'privileged',
        data: { name: c.name },
        // Dropping privileged mode can break workloads that need it, so it is a deliberate choice.
        fix: { title: 'Set privileged: false', edits: [{ range, newText: 'false' }], safe: false },
      });
    }
  },
});
