import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import { getMap, getNode, getPair, type KubernetesModel } from '../../languages/kubernetes/model';
import { insertBeforePair, workloadSelectorEdits } from '../../languages/kubernetes/migrate';
import { appendToMap, fillEmptyFlowMap } from '../../languages/kubernetes/yamlEdit';
import { formatLabels, isObj, labelSelectorMatches, mapSelectorMatches, objectRange, stringMap } from '../../languages/kubernetes/workloads';

/** Kinds whose selector is a metav1.LabelSelector, and those whose selector is a plain map. */
const LABEL_SELECTOR = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const MAP_SELECTOR = new Set(['ReplicationController', 'DeploymentConfig']);

/** Edits that add `labels` to the pod template's labels, creating the maps as needed. */
function addTemplateLabels(model: KubernetesModel, spec: YAMLMap, labels: Record<string, string>): TextEdit | undefined {
  const template = getMap(spec, 'template');
  if (!template) return undefined;
  const metadataPair = getPair(template, 'metadata') as Pair<Node, Node> | undefined;
  if (!metadataPair) {
    const specPair = getPair(template, 'spec') as Pair<Node, Node> | undefined;
    return specPair ? insertBeforePair(model, template, specPair, { metadata: { labels } }) : appendToMap(model, template, { metadata: { labels } });
  }
  const metadata = metadataPair.value;
  if (!isMap(metadata)) return undefined;
  if (metadata.flow) return fillEmptyFlowMap(model, template, metadataPair, { labels });
  const labelsPair = getPair(metadata, 'labels') as Pair<Node, Node> | undefined;
  if (!labelsPair) return appendToMap(model, metadata, { labels });
  const current = labelsPair.value;
  if (!isMap(current)) return undefined;
  return current.flow ? fillEmptyFlowMap(model, metadata, labelsPair, labels) : appendToMap(model, current, labels);
}

export default defineRule({
  id: 'kubernetes/valid-selector',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Make a workload\'s selector match the labels of its own pod template.',
  rationale:
    'A controller manages the pods its selector matches. When the pod template\'s labels do not match, the API server rejects ' +
    'the object (apps/v1), or the controller keeps creating pods it never sees and never stops. apps/v1 also requires a ' +
    'selector, where older versions defaulted it from the template. The selector cannot be changed after creation, so ' +
    'select on stable labels (app, component), never on a version.',
  fixable: true,
  sources: [
    { tool: 'kube-linter', id: 'mismatching-selector' },
    { tool: 'kube-score', id: 'statefulset-pod-selector-labels-match-template-metadata-labels' },
  ],
  messages: {
    missing: '{{kind}} "{{name}}" has no selector, which {{apiVersion}} requires. Select the pods by the template\'s stable labels.',
    mismatch: 'The selector of {{kind}} "{{name}}" ({{selector}}) does not match its pod template labels ({{labels}}), so it never sees the pods it creates. Make them agree.',
  },
  examples: {
    valid: ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web, tier: frontend}\n    spec:\n      containers: []\n'],
    invalid: ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: frontend}\n    spec:\n      containers: []\n'],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      if (!LABEL_SELECTOR.has(o.kind) && !MAP_SELECTOR.has(o.kind)) continue;
      const spec = getMap(o.map, 'spec');
      if (!spec || !getNode(spec, 'template')) continue;
      const json = spec.toJSON() as Record<string, unknown>;
      const labels = stringMap((json.template as { metadata?: { labels?: unknown } } | null)?.metadata?.labels);
      const selector = json.selector;
      const name = o.name ?? '(unnamed)';
      if (JSON.stringify([selector, labels]).includes('{{')) continue;
      if (LABEL_SELECTOR.has(o.kind)) {
        const sel = isObj(selector) ? selector : undefined;
        const empty = !sel || (!Object.keys(stringMap(sel.matchLabels)).length && !(Array.isArray(sel.matchExpressions) && sel.matchExpressions.length));
        if (empty) {
          if (o.apiVersion !== 'apps/v1') continue; // older versions defaulted it (no-deprecated-api-version reports them)
          const edits = workloadSelectorEdits(ctx.model, o);
          ctx.report({
            range: getPair(spec, 'selector') ? ctx.model.rangeOf(getPair(spec, 'selector')!.key as Node) : objectRange(ctx.model, o),
            messageId: 'missing',
            data: { kind: o.kind, name, apiVersion: o.apiVersion },
            // Which labels are stable is the user's call (the selector is immutable).
            fix: edits?.length ? { title: 'Select the pod template\'s labels', edits, safe: false } : undefined,
          });
          continue;
        }
        if (labelSelectorMatches(sel, labels)) continue;
        const matchLabels = stringMap(sel!.matchLabels);
        const conflict = Object.entries(matchLabels).some(([k, v]) => k in labels && labels[k] !== v);
        const missing = Object.fromEntries(Object.entries(matchLabels).filter(([k]) => !(k in labels)));
        const canFix = !conflict && !(Array.isArray(sel!.matchExpressions) && sel!.matchExpressions.length) && Object.keys(missing).length > 0;
        const edit = canFix ? addTemplateLabels(ctx.model, spec, missing) : undefined;
        const text = [formatLabels(matchLabels), ...(Array.isArray(sel!.matchExpressions) && sel!.matchExpressions.length ? ['matchExpressions'] : [])].filter(Boolean).join(', ');
        ctx.report({
          range: ctx.model.rangeOf(getPair(spec, 'selector')!.key as Node),
          messageId: 'mismatch',
          data: { kind: o.kind, name, selector: text, labels: formatLabels(labels) || 'none' },
          fix: edit ? { title: 'Add the selector\'s labels to the pod template', edits: [edit], safe: false } : undefined,
        });
      } else {
        // ReplicationController and DeploymentConfig default an absent selector to the template labels.
        const sel = stringMap(selector);
        if (!Object.keys(sel).length || mapSelectorMatches(sel, labels)) continue;
        const conflict = Object.entries(sel).some(([k, v]) => k in labels && labels[k] !== v);
        const missing = Object.fromEntries(Object.entries(sel).filter(([k]) => !(k in labels)));
        const edit = !conflict ? addTemplateLabels(ctx.model, spec, missing) : undefined;
        ctx.report({
          range: ctx.model.rangeOf(getPair(spec, 'selector')!.key as Node),
          messageId: 'mismatch',
          data: { kind: o.kind, name, selector: formatLabels(sel), labels: formatLabels(labels) || 'none' },
          fix: edit ? { title: 'Add the selector\'s labels to the pod template', edits: [edit], safe: false } : undefined,
        });
      }
    }
  },
});
