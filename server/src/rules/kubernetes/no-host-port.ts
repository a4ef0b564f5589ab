import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import { getNode, getPair, scalarValue, type KubernetesModel } from '../../languages/kubernetes/model';

/**
 * An edit that removes `hostPort: N` from a block port entry: its line when it has one to itself,
 * or up to the next key when it opens the entry (`- hostPort: 80` followed by `containerPort: 80`).
 */
function removeHostPort(model: KubernetesModel, port: YAMLMap, pair: Pair<Node, Node>): TextEdit | undefined {
  if (port.flow || port.items.length < 2 || !pair.key?.range || !pair.value?.range) return undefined;
  const index = port.items.indexOf(pair as never);
  const keyPos = model.lines.positionAt(pair.key.range[0]);
  const line = model.lines.lineText(keyPos.line);
  const valueEnd = model.lines.positionAt(pair.value.range[1]);
  if (valueEnd.line !== keyPos.line || /\S/.test(line.slice(valueEnd.character).replace(/#.*$/, ''))) return undefined;
  if (index > 0) {
    if (line.slice(0, keyPos.character).trim() !== '') return undefined;
    // The whole line with its break; the last line of a file without a final break goes with the break before it.
    if (keyPos.line + 1 < model.lines.lineCount) {
      return { range: { start: { line: keyPos.line, character: 0 }, end: { line: keyPos.line + 1, character: 0 } }, newText: '' };
    }
    if (keyPos.line === 0) return undefined;
    return { range: { start: { line: keyPos.line - 1, character: model.lines.lineText(keyPos.line - 1).length }, end: { line: keyPos.line, character: line.length } }, newText: '' };
  }
  const next = port.items[1] as Pair<Node, Node>;
  const nextStart = next.key?.range?.[0];
  if (nextStart === undefined) return undefined;
  const between = model.text.slice(pair.value.range[1], nextStart);
  if (between.includes('#')) return undefined;
  return { range: model.lines.range(pair.key.range[0], nextStart), newText: '' };
}

export default defineRule({
  id: 'kubernetes/no-host-port',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Do not bind container ports to the node\'s ports (hostPort).',
  rationale:
    'A hostPort exposes the container directly on its node\'s address, outside any Service and its load balancing, and ' +
    'limits scheduling to one such pod per node and port: a rollout stalls when no node has the port free. Use a Service ' +
    '(NodePort or LoadBalancer if it must be reachable from outside) instead.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'hostPortSet' },
    { tool: 'trivy', id: 'KSV-0024' },
  ],
  messages: {
    hostPort: 'Container "{{name}}" binds port {{port}} of the node (hostPort), bypassing Services and blocking a second replica on that node. Expose it through a Service instead.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          hostPort: 8080\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      const ports = getNode(c.map, 'ports');
      if (!isSeq(ports)) continue;
      for (const port of ports.items) {
        if (!isMap(port)) continue;
        const pair = getPair(port, 'hostPort');
        const value = scalarValue(pair?.value);
        // 0 and null mean "no host port".
        if (!pair || value === undefined || value === null || value === 0) continue;
        const edit = removeHostPort(model, port, pair);
        ctx.report({
          range: model.rangeOf(pair.value),
          messageId: 'hostPort',
          data: { name: c.name, port: String(value) },
          // Whatever reaches the node port today stops working: a deliberate change.
          fix: edit ? { title: 'Remove hostPort', edits: [edit], safe: false } : undefined,
        });
      }
    }
  },
});
