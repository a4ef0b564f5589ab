import { defineRule, type FixSpec } from '../../engine/rule';
import { getNode, getScalar, scalarValue } from '../../languages/kubernetes/model';
import { ensureEntries, scalar } from '../../languages/kubernetes/hardening';
import { knownObjects, objectRange, ofKind, sameNamespace } from '../../languages/kubernetes/workloads';

const TITLE = 'Set automountServiceAccountToken: false';

export default defineRule({
  id: 'kubernetes/no-service-account-token-automount',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Set automountServiceAccountToken: false on pods (or their ServiceAccount) that do not call the Kubernetes API.',
  rationale:
    'By default every pod gets a token for its ServiceAccount mounted into each container; whoever compromises the pod ' +
    'can use it against the API server with all the rights granted to that account. Most applications never call the API, ' +
    'so turn the mount off on the ServiceAccount and opt in only the pods that need it. This is advice rather than a ' +
    'defect, hence the info severity.',
  fixable: true,
  dependsOn: { kinds: ['ServiceAccount'] },
  sources: [{ tool: 'polaris', id: 'automountServiceAccountToken', tags: ['pod'] }],
  messages: {
    missing: '{{object}} gets a token for ServiceAccount "{{account}}" mounted, and neither the pod nor the account turns that off. Set automountServiceAccountToken: false unless it calls the Kubernetes API.',
    podTrue: '{{object}} asks for its ServiceAccount token to be mounted (automountServiceAccountToken: true). Set it to false unless it calls the Kubernetes API.',
    serviceAccount: 'ServiceAccount "{{account}}" lets every pod that uses it mount its token. Set automountServiceAccountToken: false and opt in the pods that call the API.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: app\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const accounts = ofKind(knownObjects(ctx), 'ServiceAccount');
    for (const object of model.objects) {
      const objectName = `${object.kind} "${object.name ?? '?'}"`;
      // Pods needing the API break without the token: every fix here is a deliberate choice.
      if (object.kind === 'ServiceAccount' && object.apiVersion === 'v1') {
        const node = getNode(object.map, 'automountServiceAccountToken');
        const value = scalarValue(node);
        if (value === false) continue;
        const edits = value === true ? [{ range: model.rangeOf(node), newText: 'false' }] : ensureEntries(model, object.map, { automountServiceAccountToken: scalar(false) });
        ctx.report({
          range: objectRange(model, object),
          messageId: 'serviceAccount',
          data: { account: object.name ?? '?' },
          tags: ['service-account'],
          fix: edits?.length ? { title: TITLE, edits, safe: false } : undefined,
        });
        continue;
      }
      const podSpec = model.podSpec(object);
      if (!podSpec) continue;
      const node = getNode(podSpec, 'automountServiceAccountToken');
      const value = scalarValue(node);
      if (value === false) continue;
      if (node && value === true) {
        const range = model.rangeOf(node);
        ctx.report({ range, messageId: 'podTrue', data: { object: objectName }, tags: ['pod'], fix: { title: TITLE, edits: [{ range, newText: 'false' }], safe: false } });
        continue;
      }
      const named = getScalar(podSpec, 'serviceAccountName') ?? getScalar(podSpec, 'serviceAccount');
      const account = typeof named === 'string' && named ? named : 'default';
      const namespace = getScalar(getNode(object.map, 'metadata'), 'namespace');
      const optedOut = accounts.some((a) => a.name === account && sameNamespace(a.namespace, typeof namespace === 'string' ? namespace : undefined) &&
        a.json.automountServiceAccountToken === false);
      if (optedOut) continue;
      const edits = ensureEntries(model, podSpec, { automountServiceAccountToken: scalar(false) });
      const fix: FixSpec | undefined = edits?.length ? { title: TITLE, edits, safe: false } : undefined;
      const accountNode = getNode(podSpec, 'serviceAccountName') ?? getNode(podSpec, 'serviceAccount');
      ctx.report({
        range: accountNode ? model.rangeOf(accountNode) : objectRange(model, object),
        messageId: 'missing',
        data: { object: objectName, account },
        tags: ['pod'],
        fix,
      });
    }
  },
});
