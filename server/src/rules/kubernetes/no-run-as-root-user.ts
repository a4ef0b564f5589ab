import { isSeq, type Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';
import { containersOf, isWindowsPod } from '../../languages/kubernetes/hardening';

const USER_FIELDS = [
  { key: 'runAsUser', messageId: 'rootUser', tag: 'user' },
  { key: 'runAsGroup', messageId: 'rootGroup', tag: 'group' },
] as const;

export default defineRule({
  id: 'kubernetes/no-run-as-root-user',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Do not set runAsUser, runAsGroup, fsGroup or supplementalGroups to 0 (root).',
  rationale:
    'An explicit UID 0 runs the container as root whatever its image says, so any escape or mounted volume is root\'s; ' +
    'GID 0 gives the processes the root group, which owns many host files and devices. Pick a dedicated non-zero UID ' +
    'and GID (above 10000 avoids clashing with users on the node).',
  fixable: false,
  sources: [
    { tool: 'polaris', id: 'runAsRootAllowed', tags: ['user'] },
    { tool: 'kube-linter', id: 'run-as-non-root', tags: ['user', 'group'] },
    { tool: 'trivy', id: 'KSV-0012', tags: ['user'] },
    { tool: 'trivy', id: 'KSV-0105', tags: ['user'] },
    { tool: 'trivy', id: 'KSV-0116', tags: ['group', 'supplemental-group'] },
  ],
  messages: {
    rootUser: '{{where}} sets runAsUser: 0, so it runs as root. Use a non-zero user ID and runAsNonRoot: true.',
    rootGroup: '{{where}} sets runAsGroup: 0, so its processes run with the root group. Use a non-zero group ID.',
    rootFsGroup: 'Pod of {{object}} sets fsGroup: 0, so its volumes belong to the root group and every process joins it. Use a non-zero group ID.',
    rootSupplementalGroup: 'Pod of {{object}} adds the root group (0) to supplementalGroups. Remove it.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    for (const object of model.objects) {
      const podSpec = model.podSpec(object);
      if (!podSpec || isWindowsPod(podSpec)) continue;
      const containers = containersOf(model, object);
      const podSc = getMap(podSpec, 'securityContext');
      const objectName = `${object.kind} "${object.name ?? '?'}"`;
      for (const f of USER_FIELDS) {
        const node = getNode(podSc, f.key);
        // A pod-level value matters when some container inherits it (or there is no container yet).
        const inherited = containers.length === 0 || containers.some((c) => scalarValue(getNode(getMap(c.map, 'securityContext'), f.key)) == null);
        if (scalarValue(node) === 0 && inherited) {
          ctx.report({ range: model.rangeOf(node), messageId: f.messageId, data: { where: `Pod of ${objectName}` }, tags: [f.tag] });
        }
      }
      const fsGroup = getNode(podSc, 'fsGroup');
      if (scalarValue(fsGroup) === 0) {
        ctx.report({ range: model.rangeOf(fsGroup), messageId: 'rootFsGroup', data: { object: objectName }, tags: ['supplemental-group'] });
      }
      const groups = getNode(podSc, 'supplementalGroups');
      if (isSeq(groups)) {
        for (const g of groups.items as Node[]) {
          if (scalarValue(g) === 0) ctx.report({ range: model.rangeOf(g), messageId: 'rootSupplementalGroup', data: { object: objectName }, tags: ['supplemental-group'] });
        }
      }
      for (const c of containers) {
        const sc = getMap(c.map, 'securityContext');
        for (const f of USER_FIELDS) {
          const node = getNode(sc, f.key);
          if (scalarValue(node) === 0) {
            ctx.report({ range: model.rangeOf(node), messageId: f.messageId, data: { where: `Container "${c.name}"` }, tags: [f.tag] });
          }
        }
      }
    }
  },
});
