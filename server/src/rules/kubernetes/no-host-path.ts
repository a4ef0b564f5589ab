import { isMap, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, getPair, getScalar } from '../../languages/kubernetes/model';
import { runtimeSocket } from './no-container-runtime-socket';

export default defineRule({
  id: 'kubernetes/no-host-path',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Do not mount directories or files of the node into pods (hostPath volumes).',
  rationale:
    'A hostPath volume ties the pod to one node\'s disk and opens that disk to the container: a writable mount of /, /etc, ' +
    '/var/lib/kubelet or a runtime socket is root on the node, and even a read-only one can leak credentials and logs of ' +
    'other pods. Use emptyDir, a PersistentVolumeClaim, a ConfigMap or a CSI volume; keep hostPath for node agents.',
  fixable: false,
  // Container runtime sockets are reported (as errors) by kubernetes/no-container-runtime-socket
  // instead, so that rule is mapped to the same peer checks.
  sources: [
    { tool: 'polaris', id: 'hostPathSet' },
    { tool: 'trivy', id: 'KSV-0023' },
  ],
  messages: {
    hostPath: '{{object}} mounts "{{path}}" from the node (hostPath volume "{{volume}}"). Use emptyDir, a PersistentVolumeClaim or a ConfigMap unless this is a node agent.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: cache\n      emptyDir: {}\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const object of model.objects) {
      const volumes = getNode(model.podSpec(object), 'volumes');
      if (!isSeq(volumes)) continue;
      for (const v of volumes.items) {
        if (!isMap(v)) continue;
        const pair = getPair(v, 'hostPath');
        if (!pair) continue;
        const path = getScalar(getMap(v, 'hostPath'), 'path');
        if (runtimeSocket(path)) continue;
        const volume = getScalar(v, 'name');
        ctx.report({
          range: model.rangeOf(pair.key),
          messageId: 'hostPath',
          data: { object: `${object.kind} "${object.name ?? '?'}"`, path: typeof path === 'string' ? path : '?', volume: typeof volume === 'string' ? volume : '?' },
        });
      }
    }
  },
});
