import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';
import { isWindowsPod, replaceScalar, scalar, securityFixes, setContainerField } from '../../languages/kubernetes/hardening';
import { containerRange } from '../../languages/kubernetes/workloads';

const TITLE = 'Set readOnlyRootFilesystem: true';

export default defineRule({
  id: 'kubernetes/require-read-only-root-filesystem',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Set readOnlyRootFilesystem: true on every container and give it volumes for what it must write.',
  rationale:
    'A writable root filesystem lets an intruder drop tools, rewrite binaries and configuration, and persist until the pod ' +
    'is replaced. A read-only one also makes the container\'s real writes explicit: mount an emptyDir at /tmp, cache or data ' +
    'directories, and the container behaves the same on every restart.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'notReadOnlyRootFilesystem' },
    { tool: 'kube-linter', id: 'no-read-only-root-fs' },
    { tool: 'kube-score', id: 'container-security-context-readonlyrootfilesystem' },
    { tool: 'trivy', id: 'KSV-0014' },
  ],
  messages: {
    missing: 'Container "{{name}}" has a writable root filesystem. Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write.',
    writable: 'Container "{{name}}" sets readOnlyRootFilesystem: false. Set it to true and mount an emptyDir where it must write.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: true\n'],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: false\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      if (isWindowsPod(c.podSpec)) continue;
      const node = getNode(getMap(c.map, 'securityContext'), 'readOnlyRootFilesystem');
      const value = scalarValue(node);
      if (value === true) continue;
      // The image may need to write somewhere: every fix is a proposal to try, not applied by fix-all.
      if (node && value === false) {
        ctx.report({
          range: model.rangeOf(node),
          messageId: 'writable',
          data: { name: c.name },
          fix: securityFixes(model, c.object, replaceScalar(model, node, TITLE, 'true')),
        });
        continue;
      }
      ctx.report({
        range: containerRange(model, c),
        messageId: 'missing',
        data: { name: c.name },
        fix: securityFixes(model, c.object, setContainerField(model, c, TITLE, 'readOnlyRootFilesystem', scalar(true))),
      });
    }
  },
});
