import type { YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';
import { isWindowsPod } from '../../languages/kubernetes/hardening';

/** The SELinux types the baseline Pod Security profile allows (container_engine_t since Kubernetes 1.31). */
const ALLOWED_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export default defineRule({
  id: 'kubernetes/no-custom-selinux-options',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Do not set a custom SELinux type, user or role for pods or containers.',
  rationale:
    'On SELinux nodes the runtime confines every container with the `container_t` type. Another type (such as `spc_t`, the ' +
    '"super privileged container") or a custom SELinux user or role lifts that confinement and lets the process reach host ' +
    'files and devices; the baseline Pod Security profile rejects it. Setting only `level` (the MCS categories) is fine.',
  fixable: false,
  sources: [{ tool: 'trivy', id: 'KSV-0025' }],
  messages: {
    type: '{{where}} sets SELinux type {{value}}, which escapes the container_t confinement. Remove it, or use container_t or container_init_t.',
    userRole: '{{where}} sets a custom SELinux {{field}} ({{value}}), which changes what the process may access on the host. Remove it.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seLinuxOptions:\n      level: "s0:c123,c456"\n  containers:\n    - name: app\n      image: app:1.0\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n        seLinuxOptions:\n          type: spc_t\n',
    ],
  },
  check(ctx) {
    const inspect = (holder: YAMLMap | undefined, where: string) => {
      const options = getMap(getMap(holder, 'securityContext'), 'seLinuxOptions');
      for (const field of ['type', 'user', 'role']) {
        const node = getNode(options, field);
        const value = scalarValue(node);
        if (value === null || value === undefined || value === '' || (typeof value === 'string' && value.includes('{{'))) continue;
        if (field === 'type' && ALLOWED_TYPES.has(String(value))) continue;
        ctx.report({
          range: ctx.model.rangeOf(node),
          messageId: field === 'type' ? 'type' : 'userRole',
          data: { where, field, value: String(value) },
        });
      }
    };
    for (const o of ctx.model.objects) {
      const podSpec = ctx.model.podSpec(o);
      if (!podSpec || isWindowsPod(podSpec)) continue;
      inspect(podSpec, `${o.kind} "${o.name ?? '(unnamed)'}"`);
    }
    for (const c of ctx.model.containers()) {
      if (!isWindowsPod(c.podSpec)) inspect(c.map, `Container "${c.name}"`);
    }
  },
});
