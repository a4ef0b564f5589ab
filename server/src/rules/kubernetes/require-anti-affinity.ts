import { isMap, type Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, getPair } from '../../languages/kubernetes/model';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import {
  arr, at, effectiveReplicas, isObj, knownObjects, labelSelectorMatches, objectRange, obj, podTemplate, stringMap, viewOf,
  type PodTemplateView,
} from '../../languages/kubernetes/workloads';

/** Whether an anti-affinity term keeps this workload's own pods apart. */
function separatesOwnPods(term: unknown, tpl: PodTemplateView): boolean {
  if (!isObj(term) || typeof term.topologyKey !== 'string' || !term.topologyKey) return false;
  const namespaces = arr(term.namespaces).map(String);
  if (namespaces.length && tpl.namespace && !namespaces.includes(tpl.namespace)) return false;
  // A term without a labelSelector selects no pods.
  return isObj(term.labelSelector) && labelSelectorMatches(term.labelSelector, tpl.labels);
}

export default defineRule({
  id: 'kubernetes/require-anti-affinity',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Spread the replicas of a Deployment or StatefulSet across nodes with pod anti-affinity or topology spread constraints.',
  rationale:
    'The scheduler is free to put every replica on the same node, and then one node failure or drain takes the whole service ' +
    'down despite its replica count. A preferred podAntiAffinity on kubernetes.io/hostname (or topologySpreadConstraints) ' +
    'asks it to spread them. An anti-affinity term whose selector does not match the workload\'s own pods spreads nothing.',
  fixable: true,
  dependsOn: { kinds: ['HorizontalPodAutoscaler'] },
  sources: [
    { tool: 'kube-score', id: 'deployment-has-host-podantiaffinity' },
    { tool: 'kube-linter', id: 'no-anti-affinity' },
  ],
  messages: {
    missing: '{{kind}} "{{name}}" runs {{replicas}} replicas with nothing spreading them across nodes, so one node can take them all down. Add a preferred podAntiAffinity on kubernetes.io/hostname or topologySpreadConstraints.',
    ineffective: 'The podAntiAffinity of {{kind}} "{{name}}" does not select its own pods (check its labelSelector and namespaces), so it does not spread the replicas.',
  },
  examples: {
    valid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels: {app: web}\n      containers: []\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: []\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    for (const o of ctx.model.objects) {
      if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
      const v = viewOf(views, o);
      const tpl = v && podTemplate(v);
      if (!v || !tpl) continue;
      const { replicas } = effectiveReplicas(v, views);
      if (replicas === undefined || replicas < 2) continue;
      if (arr(tpl.spec.topologySpreadConstraints).length) continue;
      const anti = obj(at(tpl.spec, ['affinity', 'podAntiAffinity']));
      const terms = [
        ...arr(anti.requiredDuringSchedulingIgnoredDuringExecution),
        ...arr(anti.preferredDuringSchedulingIgnoredDuringExecution).map((p) => obj(p).podAffinityTerm),
      ];
      if (terms.some((t) => separatesOwnPods(t, tpl))) continue;
      const data = { kind: o.kind, name: o.name ?? '(unnamed)', replicas };
      if (isObj(at(tpl.spec, ['affinity', 'podAntiAffinity']))) {
        const affinityMap = getMap(ctx.model.podSpec(o), 'affinity');
        const pair = affinityMap && getPair(affinityMap, 'podAntiAffinity');
        ctx.report({ range: pair ? ctx.model.rangeOf(pair.key as Node) : objectRange(ctx.model, o), messageId: 'ineffective', data });
        continue;
      }
      const matchLabels = stringMap(at(v.json, ['spec', 'selector', 'matchLabels']));
      const labels = Object.keys(matchLabels).length ? matchLabels : tpl.labels;
      const podAntiAffinity = {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      };
      const podSpec = ctx.model.podSpec(o);
      const affinity = getNode(podSpec, 'affinity');
      const edit = !Object.keys(labels).length || !podSpec ? undefined
        : affinity === undefined ? appendToMap(ctx.model, podSpec, { affinity: { podAntiAffinity } })
          : isMap(affinity) && getNode(affinity, 'podAntiAffinity') === undefined ? appendToMap(ctx.model, affinity, { podAntiAffinity }) : undefined;
      ctx.report({
        range: objectRange(ctx.model, o),
        messageId: 'missing',
        data,
        // Preferred, not required: a required rule can leave replicas unschedulable on small clusters.
        fix: edit ? { title: 'Add a preferred podAntiAffinity on kubernetes.io/hostname', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
