import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import { getMap, getNode, getScalar } from '../../languages/kubernetes/model';
import { replaceScalar } from '../../languages/kubernetes/migrate';
import { appendToMap } from '../../languages/kubernetes/yamlEdit';
import {
  declaredPorts, knownObjects, POD_MAKING_KINDS, podLabelsOf, podTemplate, selectedWorkloads, viewOf,
} from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/valid-service-target-port',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Point every Service targetPort at a port its pods declare.',
  rationale:
    'A targetPort name that no selected container declares leaves the Service without endpoints for that port; a number the ' +
    'pods do not declare usually means the app moved to another port and the Service did not follow, and traffic is ' +
    'refused. Numbers are only checked when the selected pods declare their ports at all.',
  fixable: true,
  // selectedWorkloads() and declaredPorts().
  dependsOn: {
    kinds: POD_MAKING_KINDS,
    fields: (j) => {
      const tpl = typeof j.kind === 'string' && typeof j.apiVersion === 'string' ? podTemplate({ kind: j.kind, apiVersion: j.apiVersion, json: j }) : undefined;
      return [...podLabelsOf(j), tpl ? declaredPorts(tpl.spec) : null];
    },
  },
  sources: [],
  messages: {
    unknownName: 'Service "{{name}}" targets port "{{target}}", but no selected pod declares a {{protocol}} port with that name ({{declared}}), so it gets no endpoints. Use a declared port.',
    undeclaredNumber: 'Service "{{name}}" targets port {{target}}, but the selected pods declare {{declared}}. Point targetPort at the port the app listens on.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: http\n          containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: web\n          containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    for (const o of ctx.model.objects) {
      if (o.kind !== 'Service') continue;
      const v = viewOf(views, o);
      const selected = v && selectedWorkloads(v, views);
      if (!selected || !selected.workloads.length) continue;
      const declared = selected.workloads.flatMap((w) => declaredPorts(podTemplate(w)!.spec));
      const ports = getNode(getMap(o.map, 'spec'), 'ports');
      for (const item of isSeq(ports) ? ports.items : []) {
        if (!isMap(item)) continue;
        const targetNode = getNode(item, 'targetPort') ?? getNode(item, 'port');
        if (!isScalar(targetNode)) continue;
        const raw = targetNode.value;
        if (typeof raw !== 'number' && typeof raw !== 'string') continue;
        const target = String(raw);
        if (target.includes('{{')) continue;
        const protocol = String(getScalar(item, 'protocol') ?? 'TCP').toUpperCase();
        const same = declared.filter((d) => d.protocol === protocol);
        const byNumber = typeof raw === 'number' || /^\d+$/.test(target);
        if (byNumber ? same.some((d) => d.port === Number(target)) || declared.length === 0 : same.some((d) => d.name === target)) continue;
        const numbers = [...new Set(same.filter((d) => d.port !== undefined).map((d) => d.port))];
        const list = same.map((d) => (d.name ? `${d.port} (${d.name})` : String(d.port))).filter((s, i, a) => a.indexOf(s) === i).join(', ') || `no ${protocol} port`;
        // One declared port is the obvious target; with several the user has to choose.
        const only = numbers.length === 1 ? same.find((d) => d.port === numbers[0]) : undefined;
        const newTarget = only && (!byNumber && only.name ? only.name : only.port);
        let edit: TextEdit | undefined;
        if (newTarget !== undefined) {
          if (!getNode(item, 'targetPort')) edit = appendToMap(ctx.model, item, { targetPort: newTarget });
          else edit = typeof newTarget === 'number' ? { range: ctx.model.rangeOf(targetNode), newText: String(newTarget) } : replaceScalar(ctx.model, targetNode as Node, newTarget);
        }
        ctx.report({
          range: ctx.model.rangeOf(targetNode),
          messageId: byNumber ? 'undeclaredNumber' : 'unknownName',
          data: { name: o.name ?? '(unnamed)', target, protocol, declared: list },
          fix: edit ? { title: `Target port ${newTarget}`, edits: [edit], safe: false } : undefined,
        });
      }
    }
  },
});
