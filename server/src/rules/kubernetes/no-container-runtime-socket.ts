import { isMap, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, getScalar } from '../../languages/kubernetes/model';

/** Sockets through which a client controls the node's containers. */
const SOCKET_NAMES = new Set(['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'dockershim.sock', 'podman.sock']);

/** Directories that hold those sockets: mounting one exposes the socket too. */
const SOCKET_DIRS = new Set([
  '/', '/var', '/var/run', '/run', '/var/run/docker', '/run/docker', '/var/run/containerd', '/run/containerd', '/var/run/crio', '/run/crio',
  '/var/run/cri-dockerd', '/run/cri-dockerd', '/var/run/podman', '/run/podman', '/run/k3s/containerd', '/var/run/k3s/containerd',
]);

/** 'socket' or 'directory' when a hostPath path reaches a container runtime's socket. */
export function runtimeSocket(path: unknown): 'socket' | 'directory' | undefined {
  if (typeof path !== 'string') return undefined;
  const p = path.trim().replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  if (SOCKET_NAMES.has(p.slice(p.lastIndexOf('/') + 1))) return 'socket';
  return SOCKET_DIRS.has(p) ? 'directory' : undefined;
}

export default defineRule({
  id: 'kubernetes/no-container-runtime-socket',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Do not mount a container runtime socket (docker.sock, containerd.sock, crio.sock) or its directory into a pod.',
  rationale:
    'Whoever can talk to the runtime socket can start a privileged container with the node\'s root filesystem mounted: ' +
    'mounting it is root on the node for anyone who compromises the pod. Build images with a daemonless builder ' +
    '(BuildKit rootless, Kaniko) and read container metadata through the Kubernetes API instead.',
  fixable: false,
  sources: [
    { tool: 'kube-linter', id: 'docker-sock' },
    { tool: 'trivy', id: 'KSV-0006' },
    // The general hostPath checks count runtime sockets too; kubernetes/no-host-path leaves them to this rule.
    { tool: 'polaris', id: 'hostPathSet' },
    { tool: 'trivy', id: 'KSV-0023' },
  ],
  messages: {
    socket: '{{object}} mounts the container runtime socket "{{path}}", which is root on the node for anyone in the pod. Remove the hostPath volume "{{volume}}".',
    directory: '{{object}} mounts "{{path}}", which holds the container runtime socket: root on the node for anyone in the pod. Remove the hostPath volume "{{volume}}".',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: cache\n      emptyDir: {}\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: docker:27\n  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const object of model.objects) {
      const volumes = getNode(model.podSpec(object), 'volumes');
      if (!isSeq(volumes)) continue;
      for (const v of volumes.items) {
        if (!isMap(v)) continue;
        const pathNode = getNode(getMap(v, 'hostPath'), 'path');
        const path = getScalar(getMap(v, 'hostPath'), 'path');
        const kind = runtimeSocket(path);
        if (!kind) continue;
        const volume = getScalar(v, 'name');
        ctx.report({
          range: model.rangeOf(pathNode),
          messageId: kind,
          data: { object: `${object.kind} "${object.name ?? '?'}"`, path: String(path), volume: typeof volume === 'string' ? volume : '?' },
        });
      }
    }
  },
});
