import type { Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getPair } from '../../languages/kubernetes/model';
import {
  canJudgeMissing, formatLabels, knownObjects, POD_MAKING_KINDS, podLabelsOf, selectedWorkloads, viewOf,
} from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/service-selects-pods',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Make every Service\'s selector match the pods of a workload.',
  rationale:
    'A Service whose selector matches no pod has no endpoints: clients get connection refused or time out while every ' +
    'object looks healthy. It is usually a typo or a label renamed on one side only. Services without a selector (managed ' +
    'endpoints) and ExternalName Services are not checked; pods are looked for in this file and, once the workspace is ' +
    'indexed, in every other manifest.',
  fixable: false,
  // selectedWorkloads(): pod template labels and namespaces.
  dependsOn: { kinds: POD_MAKING_KINDS, fields: podLabelsOf },
  sources: [
    { tool: 'kube-linter', id: 'dangling-service' },
    { tool: 'kube-score', id: 'service-targets-pod' },
  ],
  messages: {
    noPods: 'Service "{{name}}" selects {{selector}}, but no workload has pods with those labels, so it has no endpoints. Fix the selector or the pod labels.',
  },
  examples: {
    valid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: frontend}\n  ports:\n    - port: 80\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    const judge = canJudgeMissing(ctx, POD_MAKING_KINDS);
    if (!judge) return;
    for (const o of ctx.model.objects) {
      if (o.kind !== 'Service') continue;
      const v = viewOf(views, o);
      const selected = v && selectedWorkloads(v, views);
      if (!selected || selected.workloads.length) continue;
      const pair = getPair(getMap(o.map, 'spec'), 'selector');
      ctx.report({
        range: pair ? ctx.model.rangeOf(pair.key as Node) : ctx.model.keyRange(o.map, 'kind'),
        messageId: 'noPods',
        data: { name: o.name ?? '(unnamed)', selector: formatLabels(selected.selector) },
      });
    }
  },
});
