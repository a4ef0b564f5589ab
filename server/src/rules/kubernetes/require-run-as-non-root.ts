import { defineRule } from '../../engine/rule';
import { effectiveSetting, effectiveUser, isWindowsPod, replaceScalar, runsAsNonRoot, scalar, securityFixes, setContainerField } from '../../languages/kubernetes/hardening';
import { containerRange } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/require-run-as-non-root',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Make every container run as a non-root user: runAsNonRoot: true or a non-zero runAsUser, on the container or the pod.',
  rationale:
    'Most images still default to root, and root in a container is root on the node as soon as a kernel or runtime bug ' +
    'lets it out; it can also read and write every file of every volume it mounts. With runAsNonRoot: true the kubelet ' +
    'refuses to start a container whose image would run as UID 0, so the mistake shows up at deploy time, not in an incident.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'runAsRootAllowed' },
    { tool: 'kube-linter', id: 'run-as-non-root' },
    { tool: 'trivy', id: 'KSV-0012' },
  ],
  messages: {
    missing: 'Container "{{name}}" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser. Set securityContext.runAsNonRoot: true.',
    allowsRoot: 'Container "{{name}}" sets runAsNonRoot: false, so its image may run it as root. Set runAsNonRoot: true and run as a non-root user.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 10001\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsNonRoot: false\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      if (isWindowsPod(c.podSpec) || runsAsNonRoot(c)) continue;
      // An explicit runAsUser: 0 is kubernetes/no-run-as-root-user's finding.
      if (effectiveUser(c) === 0) continue;
      const setting = effectiveSetting(c, 'runAsNonRoot');
      if (setting?.level === 'container' && setting.value === false) {
        ctx.report({
          range: model.rangeOf(setting.node),
          messageId: 'allowsRoot',
          data: { name: c.name },
          fix: securityFixes(model, c.object, replaceScalar(model, setting.node, 'Set runAsNonRoot: true', 'true')),
        });
        continue;
      }
      ctx.report({
        range: containerRange(model, c),
        messageId: 'missing',
        data: { name: c.name },
        // Images that only work as root stop starting, so both fixes need a look first.
        fix: securityFixes(model, c.object, setContainerField(model, c, 'Set runAsNonRoot: true', 'runAsNonRoot', scalar(true))),
      });
    }
  },
});
