import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';
import { isWindowsPod, mustAllowEscalation, replaceScalar, scalar, securityFixes, setContainerField } from '../../languages/kubernetes/hardening';
import { containerRange } from '../../languages/kubernetes/workloads';

const TITLE = 'Set allowPrivilegeEscalation: false';

export default defineRule({
  id: 'kubernetes/no-privilege-escalation',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Set allowPrivilegeEscalation: false on every container.',
  rationale:
    'Unless it is false, a process in the container can gain more privileges than it started with, through setuid ' +
    'binaries such as su, sudo or ping, or file capabilities; a compromised app user becomes root in one step. ' +
    'Setting it to false sets the kernel\'s no_new_privs flag, which almost no application needs off.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'privilegeEscalationAllowed' },
    { tool: 'kube-linter', id: 'privilege-escalation-container' },
    { tool: 'trivy', id: 'KSV-0001' },
  ],
  messages: {
    missing: 'Container "{{name}}" does not set allowPrivilegeEscalation: false, so its processes can gain privileges through setuid binaries. Set it to false.',
    allowed: 'Container "{{name}}" sets allowPrivilegeEscalation: true, so its processes can gain privileges through setuid binaries. Set it to false.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n'],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: true\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      if (isWindowsPod(c.podSpec)) continue;
      const node = getNode(getMap(c.map, 'securityContext'), 'allowPrivilegeEscalation');
      const value = scalarValue(node);
      if (value === false) continue;
      // Privileged containers and those adding SYS_ADMIN always may escalate: the API rejects false there.
      const canFix = !mustAllowEscalation(c);
      if (node && value === true) {
        ctx.report({
          range: model.rangeOf(node),
          messageId: 'allowed',
          data: { name: c.name },
          // A fix that cannot resolve the finding is not offered: privileged mode must go first.
          fix: canFix ? securityFixes(model, c.object, replaceScalar(model, node, TITLE, 'false')) : undefined,
        });
        continue;
      }
      ctx.report({
        range: containerRange(model, c),
        messageId: 'missing',
        data: { name: c.name },
        fix: canFix ? securityFixes(model, c.object, setContainerField(model, c, TITLE, 'allowPrivilegeEscalation', scalar(false))) : undefined,
      });
    }
  },
});
