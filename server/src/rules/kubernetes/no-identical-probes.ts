import { isMap, type YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getPair } from '../../languages/kubernetes/model';
import { containerRange } from '../../languages/kubernetes/workloads';

/** What a probe checks (its handler), ignoring timings: two probes with the same key check the same thing. */
function handlerKey(probe: YAMLMap | undefined): string | undefined {
  if (!probe) return undefined;
  const json = probe.toJSON() as Record<string, unknown>;
  const port = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const http = json.httpGet as Record<string, unknown> | undefined;
  if (http && typeof http === 'object') {
    const headers = JSON.stringify(http.httpHeaders ?? []);
    return `http|${String(http.scheme ?? 'HTTP').toUpperCase()}|${http.host ?? ''}|${port(http.port)}|${http.path ?? '/'}|${headers}`;
  }
  const tcp = json.tcpSocket as Record<string, unknown> | undefined;
  if (tcp && typeof tcp === 'object') return `tcp|${tcp.host ?? ''}|${port(tcp.port)}`;
  const grpc = json.grpc as Record<string, unknown> | undefined;
  if (grpc && typeof grpc === 'object') return `grpc|${port(grpc.port)}|${grpc.service ?? ''}`;
  const exec = json.exec as Record<string, unknown> | undefined;
  if (exec && typeof exec === 'object') return `exec|${JSON.stringify(exec.command ?? [])}`;
  return undefined;
}

export default defineRule({
  id: 'kubernetes/no-identical-probes',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Do not use the same check for a container\'s liveness and readiness probes.',
  rationale:
    'Readiness answers "can this pod take traffic now?" and may fail while a dependency is down; liveness answers "is this ' +
    'process hung?" and restarts the container when it fails. With the same check, a database outage or a traffic spike ' +
    'makes Kubernetes restart every replica at once instead of just taking them out of rotation. Give liveness a cheap ' +
    'endpoint that checks only the process, or leave it out.',
  fixable: false,
  sources: [{ tool: 'kube-score', id: 'pod-probes-identical' }],
  messages: {
    identical: 'Container "{{name}}" uses the same check for liveness and readiness, so a failing dependency restarts every replica. Point liveness at a check of the process itself, or drop it.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      readinessProbe:\n        httpGet: {path: /ready, port: 8080}\n      livenessProbe:\n        httpGet: {path: /live, port: 8080}\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      readinessProbe:\n        httpGet: {path: /health, port: 8080}\n      livenessProbe:\n        httpGet: {path: /health, port: 8080}\n        failureThreshold: 5\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers(['containers', 'initContainers'])) {
      const liveness = getMap(c.map, 'livenessProbe');
      const readiness = getMap(c.map, 'readinessProbe');
      if (!isMap(liveness) || !isMap(readiness)) continue;
      const key = handlerKey(liveness);
      if (key === undefined || key !== handlerKey(readiness)) continue;
      const pair = getPair(c.map, 'livenessProbe');
      ctx.report({
        range: pair ? ctx.model.rangeOf(pair.key as never) : containerRange(ctx.model, c),
        messageId: 'identical',
        data: { name: c.name },
      });
    }
  },
});
