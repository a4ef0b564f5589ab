import { isScalar, type Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode } from '../../languages/kubernetes/model';
import { replaceScalar } from '../../languages/kubernetes/migrate';
import { containerPorts, isSidecar } from '../../languages/kubernetes/workloads';

const PROBES = [
  { key: 'livenessProbe', label: 'liveness probe', tag: 'liveness' },
  { key: 'readinessProbe', label: 'readiness probe', tag: 'readiness' },
  { key: 'startupProbe', label: 'startup probe', tag: 'startup' },
] as const;

export default defineRule({
  id: 'kubernetes/valid-probe-port',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Point HTTP, TCP and gRPC probes at a TCP port the container declares.',
  rationale:
    'A probe on a port name the container does not declare can never succeed: the pod never becomes ready, or its liveness ' +
    'probe restarts it forever. A probe on a number other than every declared port usually means the app moved to a new ' +
    'port and the probe did not follow. A numbered probe on a container that declares no ports at all is left alone.',
  fixable: true,
  sources: [
    { tool: 'kube-linter', id: 'liveness-port', tags: ['liveness'] },
    { tool: 'kube-linter', id: 'readiness-port', tags: ['readiness'] },
    { tool: 'kube-linter', id: 'startup-port', tags: ['startup'] },
  ],
  messages: {
    unknownName: 'The {{probe}} of container "{{name}}" uses port name "{{port}}", which the container does not declare, so the probe always fails. Declare the port or use the right name.',
    undeclaredNumber: 'The {{probe}} of container "{{name}}" checks port {{port}}, but the container declares {{declared}}. Point the probe at the port the app listens on.',
    notTcp: 'The {{probe}} of container "{{name}}" checks port {{port}}, which is declared as {{protocol}}; an HTTP, TCP or gRPC probe cannot check it.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: http\n          containerPort: 8080\n      readinessProbe:\n        httpGet: {path: /ready, port: http}\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: web\n          containerPort: 8080\n      readinessProbe:\n        httpGet: {path: /ready, port: http}\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers(['containers', 'initContainers'])) {
      if (c.field === 'initContainers' && !isSidecar(c)) continue;
      const declared = containerPorts(c.map);
      const tcp = declared.filter((p) => p.protocol === 'TCP');
      for (const probe of PROBES) {
        const p = getMap(c.map, probe.key);
        const node = getNode(getMap(p, 'httpGet'), 'port') ?? getNode(getMap(p, 'tcpSocket'), 'port') ?? getNode(getMap(p, 'grpc'), 'port');
        if (!isScalar(node)) continue;
        const raw = node.value;
        if (typeof raw !== 'number' && typeof raw !== 'string') continue;
        const text = String(raw);
        if (text.includes('{{')) continue;
        const byNumber = typeof raw === 'number' || /^\d+$/.test(text);
        const matches = (d: (typeof declared)[number]) => (byNumber ? d.port === Number(text) : d.name === text);
        if (tcp.some(matches)) continue;
        if (byNumber && declared.length === 0) continue;
        const other = declared.find(matches);
        const data = { probe: probe.label, name: c.name, port: text };
        // With a single TCP port there is one obvious target; otherwise the user has to choose.
        const only = tcp.length === 1 ? tcp[0] : undefined;
        const target = only && (byNumber || other ? only.port : only.name ?? only.port);
        const edit = target === undefined || String(target) === text ? undefined
          : typeof target === 'number' ? { range: ctx.model.rangeOf(node), newText: String(target) } : replaceScalar(ctx.model, node as Node, target);
        const fix = edit ? { title: `Probe port ${target}`, edits: [edit], safe: false } : undefined;
        const range = ctx.model.rangeOf(node);
        if (other) {
          ctx.report({ range, messageId: 'notTcp', data: { ...data, protocol: other.protocol }, tags: [probe.tag], fix });
        } else if (byNumber) {
          const list = tcp.map((d) => (d.name ? `${d.port} (${d.name})` : String(d.port))).join(', ') || 'no TCP port';
          ctx.report({ range, messageId: 'undeclaredNumber', data: { ...data, declared: list }, tags: [probe.tag], fix });
        } else {
          ctx.report({ range, messageId: 'unknownName', data, tags: [probe.tag], fix });
        }
      }
    }
  },
});
