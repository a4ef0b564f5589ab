import { defineRule } from '../../engine/rule';
import { getNode, getScalar, scalarValue } from '../../languages/kubernetes/model';
import { objectRange } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/no-default-service-account',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Give each workload its own ServiceAccount instead of the namespace\'s "default" one.',
  rationale:
    'Every pod that names no ServiceAccount runs as "default", so any permission granted to it for one app (often by a ' +
    'Helm chart) silently extends to every other pod of the namespace, and audit logs cannot tell them apart. A dedicated ' +
    'account per workload keeps RBAC least-privilege and attributable. Pods that do not mount a token are not reported.',
  fixable: false,
  sources: [{ tool: 'kube-linter', id: 'default-service-account' }],
  messages: {
    missing: '{{object}} names no ServiceAccount, so it runs as the namespace\'s "default" one and shares its permissions with every such pod. Set serviceAccountName to a dedicated account.',
    explicit: '{{object}} runs as the namespace\'s "default" ServiceAccount and shares its permissions with every such pod. Use a dedicated account.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const object of model.objects) {
      const podSpec = model.podSpec(object);
      // Without a mounted token the account's permissions are out of the pod's reach.
      if (!podSpec || getScalar(podSpec, 'automountServiceAccountToken') === false) continue;
      // serviceAccount is the deprecated spelling; an empty serviceAccountName defers to it.
      const node = ['serviceAccountName', 'serviceAccount'].map((k) => getNode(podSpec, k)).find((n) => typeof scalarValue(n) === 'string' && scalarValue(n) !== '');
      const name = scalarValue(node);
      if (typeof name === 'string' && name !== '' && name !== 'default') continue;
      const explicit = node && name === 'default';
      ctx.report({
        range: explicit ? model.rangeOf(node) : objectRange(model, object),
        messageId: explicit ? 'explicit' : 'missing',
        data: { object: `${object.kind} "${object.name ?? '?'}"` },
      });
    }
  },
});
