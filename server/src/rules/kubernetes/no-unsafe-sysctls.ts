import { isMap, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, scalarValue } from '../../languages/kubernetes/model';
import { isWindowsPod } from '../../languages/kubernetes/hardening';

/** The kubelet's safe sysctls, with the Kubernetes minor version that made each one safe. */
const SAFE: Record<string, number> = {
  'kernel.shm_rmid_forced': 0,
  'net.ipv4.ip_local_port_range': 0,
  'net.ipv4.tcp_syncookies': 0,
  'net.ipv4.ping_group_range': 18,
  'net.ipv4.ip_unprivileged_port_start': 22,
  'net.ipv4.ip_local_reserved_ports': 27,
  'net.ipv4.tcp_keepalive_time': 29,
  'net.ipv4.tcp_fin_timeout': 29,
  'net.ipv4.tcp_keepalive_intvl': 29,
  'net.ipv4.tcp_keepalive_probes': 29,
  'net.ipv4.tcp_rmem': 32,
  'net.ipv4.tcp_wmem': 32,
};

/** Sysctls the kernel namespaces per pod, which a node may opt in to with --allowed-unsafe-sysctls. */
const NAMESPACED = /^(kernel\.shm|kernel\.msg|kernel\.sem$|fs\.mqueue\.|net\.)/;

/** `net/ipv4/ip_forward` -> `net.ipv4.ip_forward`, as the kubelet normalizes names written with slashes. */
export function normalizeSysctl(name: string): string {
  const slash = name.indexOf('/');
  const dot = name.indexOf('.');
  if (slash < 0 || (dot >= 0 && dot < slash)) return name;
  return name.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
}

/** The minor version of a `1.30` / `v1.30.2` setting; undefined when unset (newest). */
function minorOf(version: string): number | undefined {
  const m = /^v?1\.(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

export function isSafeSysctl(name: string, minor?: number): boolean {
  const since = SAFE[normalizeSysctl(name)];
  return since !== undefined && (minor === undefined || since <= minor);
}

export default defineRule({
  id: 'kubernetes/no-unsafe-sysctls',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Set only the sysctls Kubernetes considers safe in a pod\'s securityContext.',
  rationale:
    'Only a short list of sysctls is isolated per pod; the rest reach beyond the pod, to its neighbours or the whole node. ' +
    'The kubelet refuses to start a pod with any other sysctl unless the node was configured to allow it ' +
    '(`--allowed-unsafe-sysctls`, namespaced sysctls only), so the pod is scheduled and then fails on most nodes; the baseline ' +
    'Pod Security profile rejects it outright. Tune such settings on the nodes instead.',
  fixable: false,
  sources: [
    { tool: 'kube-linter', id: 'unsafe-sysctls' },
    { tool: 'trivy', id: 'KSV-0026' },
  ],
  messages: {
    unsafe:
      'Sysctl {{sysctl}} is not in Kubernetes\' safe set: the kubelet rejects the pod unless the node allows it with --allowed-unsafe-sysctls, ' +
      'and it can affect other pods on the node. Drop it or tune the node instead.',
    nodeLevel:
      'Sysctl {{sysctl}} is not namespaced: it cannot be set per pod, so the kubelet rejects the pod on every node. Set it on the nodes instead.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.ip_local_port_range\n        value: "1024 65000"\n  containers:\n    - name: app\n      image: app:1.0\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls:\n      - name: net.core.somaxconn\n        value: "1024"\n  containers:\n    - name: app\n      image: app:1.0\n',
    ],
  },
  check(ctx) {
    const minor = minorOf(ctx.settings.kubernetes.version);
    for (const o of ctx.model.objects) {
      const podSpec = ctx.model.podSpec(o);
      if (!podSpec || isWindowsPod(podSpec)) continue;
      const sysctls = getNode(getMap(podSpec, 'securityContext'), 'sysctls');
      if (!isSeq(sysctls)) continue;
      for (const item of sysctls.items) {
        if (!isMap(item)) continue;
        const node = getNode(item, 'name');
        const name = scalarValue(node);
        if (typeof name !== 'string' || !name.trim() || name.includes('{{') || isSafeSysctl(name, minor)) continue;
        const normalized = normalizeSysctl(name);
        ctx.report({
          range: ctx.model.rangeOf(node),
          messageId: NAMESPACED.test(normalized) ? 'unsafe' : 'nodeLevel',
          data: { sysctl: name },
        });
      }
    }
  },
});
