import { defineRule } from '../../engine/rule';
import { getNode, scalarValue } from '../../languages/kubernetes/model';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export default defineRule({
  id: 'kubernetes/no-host-namespaces',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Do not share the node\'s network, process or IPC namespace with a pod (hostNetwork, hostPID, hostIPC).',
  rationale:
    'hostNetwork puts the pod on the node\'s network stack: it can bind any node port, see the node\'s traffic and reach ' +
    'services that listen only on localhost. hostPID shows it every process on the node and, with enough rights, lets it ' +
    'signal or trace them and read their environment; hostIPC lets it reach other processes\' shared memory. Only node ' +
    'agents need them.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'hostNetworkSet', tags: ['hostNetwork'] },
    { tool: 'polaris', id: 'hostPIDSet', tags: ['hostPID'] },
    { tool: 'polaris', id: 'hostIPCSet', tags: ['hostIPC'] },
    { tool: 'kube-linter', id: 'host-network', tags: ['hostNetwork'] },
    { tool: 'kube-linter', id: 'host-pid', tags: ['hostPID'] },
    { tool: 'kube-linter', id: 'host-ipc', tags: ['hostIPC'] },
    { tool: 'trivy', id: 'KSV-0009', tags: ['hostNetwork'] },
    { tool: 'trivy', id: 'KSV-0010', tags: ['hostPID'] },
    { tool: 'trivy', id: 'KSV-0008', tags: ['hostIPC'] },
  ],
  messages: {
    hostNetwork: '{{object}} uses the node\'s network namespace (hostNetwork: true), so it can reach and bind everything the node can. Remove it unless this is a node agent.',
    hostPID: '{{object}} shares the node\'s process namespace (hostPID: true), so it can see every process on the node. Remove it unless this is a node agent.',
    hostIPC: '{{object}} shares the node\'s IPC namespace (hostIPC: true), so it can reach other processes\' shared memory. Remove it unless this is a node agent.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const object of model.objects) {
      const podSpec = model.podSpec(object);
      for (const field of FIELDS) {
        const node = getNode(podSpec, field);
        if (!node || scalarValue(node) !== true) continue;
        const range = model.rangeOf(node);
        ctx.report({
          range,
          messageId: field,
          data: { object: `${object.kind} "${object.name ?? '?'}"` },
          tags: [field],
          // Node agents (CNI, monitoring) need these: turning them off is the user's call.
          fix: { title: `Set ${field}: false`, edits: [{ range, newText: 'false' }], safe: false },
        });
      }
    }
  },
});
