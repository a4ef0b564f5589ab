import { isScalar, isSeq, type Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getNode, getPair } from '../../languages/kubernetes/model';

/** More containers than this in one pod is a sign several services were packed together. */
export const MAX_CONTAINERS = 5;

/** Process supervisors and init systems: one container running several services. */
const SUPERVISOR = /(^|[\s/;&|'"(])(supervisord|supervisorctl|s6-svscan|runsvdir|runit|systemd|my_init|circusd|pm2-runtime|forego|honcho)(?=$|[\s;&|'")])|(^|[\s;&|'"(])(\/sbin\/init|\/init|\/usr\/sbin\/init|\/lib\/systemd\/systemd)(?=$|[\s;&|'")])/;

/** The supervisor a command or argument starts, if any. */
export function supervisorIn(text: string): string | undefined {
  const m = SUPERVISOR.exec(text);
  return m ? (m[2] ?? m[4]) : undefined;
}

export default defineRule({
  id: 'kubernetes/no-god-pod',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: `Keep one service per container and no more than ${MAX_CONTAINERS} containers per pod.`,
  rationale:
    'Kubernetes restarts, probes, scales, limits and logs per container and per pod. A process supervisor (supervisord, s6, ' +
    'runit, systemd) inside a container hides crashes from Kubernetes and mixes every service\'s logs and resources; a pod ' +
    'with many containers can only be scaled and rescheduled as a whole. Give each service its own container, and each ' +
    'independently scaled service its own workload.',
  fixable: false,
  sources: [],
  messages: {
    supervisor: 'Container "{{name}}" runs the process supervisor {{supervisor}}, so Kubernetes cannot see or restart the services it starts. Run one service per container.',
    tooMany: 'This pod has {{count}} containers (more than {{max}}); it can only be scaled and rescheduled as a whole. Split independent services into their own workloads.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      command: ["/app/server"]\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      command: ["/usr/bin/supervisord", "-c", "/etc/supervisord.conf"]\n'],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      const podSpec = ctx.model.podSpec(o);
      const list = getNode(podSpec, 'containers');
      if (podSpec && isSeq(list) && list.items.length > MAX_CONTAINERS) {
        const pair = getPair(podSpec, 'containers');
        ctx.report({ range: ctx.model.rangeOf((pair?.key ?? list) as Node), messageId: 'tooMany', data: { count: list.items.length, max: MAX_CONTAINERS } });
      }
    }
    for (const c of ctx.model.containers(['containers'])) {
      for (const key of ['command', 'args']) {
        const seq = getNode(c.map, key);
        const items = isSeq(seq) ? seq.items : isScalar(seq) ? [seq] : [];
        const hit = items.find((i) => isScalar(i) && typeof i.value === 'string' && supervisorIn(i.value));
        if (!hit || !isScalar(hit)) continue;
        ctx.report({ range: ctx.model.rangeOf(hit), messageId: 'supervisor', data: { name: c.name, supervisor: supervisorIn(String(hit.value))! } });
        break;
      }
    }
  },
});
