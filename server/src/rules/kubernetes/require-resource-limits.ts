import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { EngineSettings } from '../../engine/settings';
import type { TextEdit } from '../../engine/types';
import { getMap, getPair, getScalar, type KubernetesModel } from '../../languages/kubernetes/model';
import { appendToMap, fillEmptyFlowMap, joinInsertions } from '../../languages/kubernetes/yamlEdit';

type Want = { requests: string[]; limits: string[] };

function wanted(settings: EngineSettings): Want {
  switch (settings.kubernetes.resources.policy) {
    case 'requests':
      return { requests: ['cpu', 'memory'], limits: [] };
    case 'guaranteed':
      return { requests: ['cpu', 'memory'], limits: ['cpu', 'memory'] };
    default:
      return { requests: ['cpu', 'memory'], limits: ['memory'] };
  }
}

/** Multiplies a Kubernetes quantity ("128Mi" x 2 = "256Mi"); undefined when it cannot. */
export function scaleQuantity(q: string, factor: number): string | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * factor;
  return `${Number.isInteger(n) ? n : Number(n.toFixed(3))}${m[2]}`;
}

/** The edits that add the missing keys, or undefined when the YAML layout cannot be edited safely. */
function completeResources(model: KubernetesModel, container: YAMLMap, missing: Want, values: Record<string, Record<string, string>>): TextEdit[] | undefined {
  const pick = (section: 'requests' | 'limits') => Object.fromEntries(missing[section].map((k) => [k, values[section][k]]));
  const resourcesPair = getPair(container, 'resources') as Pair<Node, Node> | undefined;
  const wantAll: Record<string, unknown> = {};
  if (missing.requests.length) wantAll.requests = pick('requests');
  if (missing.limits.length) wantAll.limits = pick('limits');
  if (!resourcesPair || resourcesPair.value === null) {
    if (resourcesPair) return undefined; // `resources:` with no value: leave it to the user
    const e = appendToMap(model, container, { resources: wantAll });
    return e && [e];
  }
  const resources = resourcesPair.value;
  if (!isMap(resources)) return undefined;
  if (resources.flow) {
    const e = fillEmptyFlowMap(model, container, resourcesPair, wantAll);
    return e && [e];
  }
  const edits: TextEdit[] = [];
  const outer: Record<string, unknown> = {};
  for (const section of ['requests', 'limits'] as const) {
    if (!missing[section].length) continue;
    const sectionPair = getPair(resources, section);
    if (!sectionPair) {
      outer[section] = pick(section);
      continue;
    }
    const sectionMap = sectionPair.value;
    if (!isMap(sectionMap)) return undefined;
    const e = sectionMap.flow ? fillEmptyFlowMap(model, resources, sectionPair as Pair<Node, Node>, pick(section)) : appendToMap(model, sectionMap, pick(section));
    if (!e) return undefined;
    edits.push(e);
  }
  if (Object.keys(outer).length) {
    const e = appendToMap(model, resources, outer);
    if (!e) return undefined;
    edits.push(e);
  }
  return joinInsertions(edits);
}

export default defineRule({
  id: 'kubernetes/require-resource-limits',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Set CPU and memory requests and a memory limit on every container.',
  rationale:
    'Without requests the scheduler places pods blind and packs nodes until they fall over; without a memory limit one leaking ' +
    'pod can get its neighbours OOM-killed. CPU limits are left to policy (`shipshape.kubernetes.resources.policy`), because ' +
    'they throttle even when the node is idle.',
  fixable: true,
  // kube-linter's unset-cpu-requirements and kube-score's container-resources also demand CPU
  // limits, which this rule leaves to policy, so they are not mapped.
  sources: [
    { tool: 'kube-linter', id: 'unset-memory-requirements', tags: ['memory-request', 'memory-limit'] },
    { tool: 'polaris', id: 'cpuRequestsMissing', tags: ['cpu-request'] },
    { tool: 'polaris', id: 'memoryRequestsMissing', tags: ['memory-request'] },
    { tool: 'polaris', id: 'memoryLimitsMissing', tags: ['memory-limit'] },
    { tool: 'trivy', id: 'KSV015', tags: ['cpu-request'] },
    { tool: 'trivy', id: 'KSV016', tags: ['memory-request'] },
    { tool: 'trivy', id: 'KSV018', tags: ['memory-limit'] },
  ],
  messages: { missing: 'Container "{{name}}" has no {{what}}. Set them so the scheduler can place the pod and one pod cannot starve the node.' },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n        limits: {memory: 256Mi}\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          resources:\n            requests:\n              cpu: 100m\n',
    ],
  },
  check(ctx) {
    const want = wanted(ctx.settings);
    const cfg = ctx.settings.kubernetes.resources;
    // Ephemeral containers may not set resources (the API rejects them), so they are not checked.
    for (const c of ctx.model.containers(['containers', 'initContainers'])) {
      const resources = getMap(c.map, 'resources');
      const missing: Want = { requests: [], limits: [] };
      const have: Record<string, Record<string, string>> = { requests: {}, limits: {} };
      for (const section of ['requests', 'limits'] as const) {
        const m = getMap(resources, section);
        for (const k of ['cpu', 'memory']) {
          const v = getScalar(m, k);
          if (v !== undefined && v !== null && v !== '') have[section][k] = String(v);
        }
        for (const k of want[section]) if (!(k in have[section])) missing[section].push(k);
      }
      if (!missing.requests.length && !missing.limits.length) continue;
      const requests = { cpu: have.requests.cpu ?? cfg.cpuRequest, memory: have.requests.memory ?? cfg.memoryRequest };
      const limits =
        cfg.policy === 'guaranteed'
          ? { cpu: requests.cpu, memory: requests.memory }
          : { cpu: requests.cpu, memory: scaleQuantity(requests.memory, cfg.memoryLimitFactor) ?? requests.memory };
      const what = [
        ...missing.requests.map((k) => `${k === 'cpu' ? 'CPU' : 'memory'} request`),
        ...missing.limits.map((k) => `${k === 'cpu' ? 'CPU' : 'memory'} limit`),
      ];
      const text = what.length > 1 ? what.slice(0, -1).join(', ') + ' and ' + what[what.length - 1] : what[0];
      const edits = completeResources(ctx.model, c.map, missing, { requests, limits });
      const namePair = getPair(c.map, 'name');
      const range = ctx.model.rangeOf((namePair?.value as Node | undefined) ?? c.map);
      ctx.report({
        range,
        messageId: 'missing',
        data: { name: c.name, what: text },
        tags: [...missing.requests.map((k) => `${k}-request`), ...missing.limits.map((k) => `${k}-limit`)],
        // Values are a choice (defaults from settings), so the fix is offered, not applied by fix-all.
        fix: edits ? { title: 'Add resource requests and limits', edits, safe: false } : undefined,
      });
    }
  },
});
