import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getNode, getPair, scalarValue, type ContainerRef } from '../../languages/kubernetes/model';
import { isSidecar } from '../../languages/kubernetes/workloads';

/** Why a port name is invalid (IANA_SVC_NAME, as the API server checks it), if it is. */
export function portNameProblem(name: string): 'long' | 'syntax' | undefined {
  if (name.length > 15) return 'long';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) || name.includes('--') || !/[a-z]/.test(name)) return 'syntax';
  return undefined;
}

interface Declared {
  container: ContainerRef;
  key: string;
}

export default defineRule({
  id: 'kubernetes/valid-container-ports',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Give every container port a number and a unique, valid name, and declare each port once per pod.',
  rationale:
    'Port names are IANA service names: at most 15 lower-case letters, digits and single hyphens. The API server rejects a ' +
    'pod whose port lacks containerPort, has a longer or malformed name, or repeats a name within one container, and the ' +
    'error only shows at deploy time. Containers of a pod share one network namespace, so the same port declared twice ' +
    '(a copy-paste slip, or two containers that both listen on 8080) means one process cannot bind it.',
  fixable: false,
  sources: [{ tool: 'kube-score', id: 'container-ports-check' }],
  messages: {
    missingPort: 'A port of container "{{name}}" has no containerPort, which the API server rejects. Set the port number the process listens on.',
    invalidPort: 'containerPort {{port}} of container "{{name}}" is not a port number (1-65535).',
    nameTooLong: 'Port name "{{port}}" of container "{{name}}" is longer than 15 characters, which the API server rejects. Shorten it.',
    invalidName: 'Port name "{{port}}" of container "{{name}}" is not a valid port name (lower-case letters, digits and single hyphens, with at least one letter), which the API server rejects.',
    duplicateName: 'Container "{{name}}" has two ports named "{{port}}", which the API server rejects. Give each port its own name.',
    duplicatePort:
      'Port {{port}}/{{protocol}} of container "{{name}}" is already declared by container "{{other}}"; containers of a pod share one network, so only one process can listen on it. Remove the repeat or use another port.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: http\n          containerPort: 8080\n        - name: metrics\n          containerPort: 9090\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: http-application-port\n          containerPort: 8080\n',
    ],
  },
  check(ctx) {
    // Ports that exist at the same time, per pod: app containers and native sidecars (plain init containers have exited).
    const running = new Map<YAMLMap, Declared[]>();
    for (const c of ctx.model.containers(['initContainers', 'containers'])) {
      const ports = getNode(c.map, 'ports');
      if (!isSeq(ports)) continue;
      const names = new Set<string>();
      const own: Declared[] = [];
      for (const p of ports.items) {
        if (!isMap(p)) continue;
        const data = { name: c.name };
        const nameNode = getNode(p, 'name');
        const name = scalarValue(nameNode);
        if (typeof name === 'string' && name !== '' && !name.includes('{{')) {
          const problem = portNameProblem(name);
          if (problem) ctx.report({ range: ctx.model.rangeOf(nameNode), messageId: problem === 'long' ? 'nameTooLong' : 'invalidName', data: { ...data, port: name } });
          else if (names.has(name)) ctx.report({ range: ctx.model.rangeOf(nameNode), messageId: 'duplicateName', data: { ...data, port: name } });
          names.add(name);
        }
        const portPair = getPair(p, 'containerPort') as Pair<Node, Node | null> | undefined;
        const port = scalarValue(portPair?.value);
        if (port === undefined || port === null || port === '' || port === 0) {
          const first = p.items[0] as Pair<Node, Node> | undefined;
          ctx.report({ range: ctx.model.rangeOf(portPair?.key ?? first?.key ?? p), messageId: 'missingPort', data });
          continue;
        }
        if (typeof port !== 'number') continue; // a template placeholder or a string: the schema check's business
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          ctx.report({ range: ctx.model.rangeOf(portPair?.value), messageId: 'invalidPort', data: { ...data, port } });
          continue;
        }
        const protocol = scalarValue(getNode(p, 'protocol'));
        const proto = typeof protocol === 'string' && protocol ? protocol.toUpperCase() : 'TCP';
        const hostIP = scalarValue(getNode(p, 'hostIP'));
        const hostPort = scalarValue(getNode(p, 'hostPort'));
        const key = `${port}/${proto}/${typeof hostIP === 'string' ? hostIP : ''}/${typeof hostPort === 'number' ? hostPort : 0}`;
        // The same key twice (in one container, or in two that run together) is the API server's "duplicate port definition".
        const together = c.field === 'containers' || isSidecar(c) ? running.get(c.podSpec) ?? [] : [];
        const clash = [...together, ...own].find((d) => d.key === key);
        if (clash) {
          ctx.report({ range: ctx.model.rangeOf(portPair?.value), messageId: 'duplicatePort', data: { ...data, port, protocol: proto, other: clash.container.name } });
        }
        own.push({ container: c, key });
      }
      if (c.field === 'containers' || isSidecar(c)) running.set(c.podSpec, [...(running.get(c.podSpec) ?? []), ...own]);
    }
  },
});
