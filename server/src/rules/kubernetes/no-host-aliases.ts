import { isMap, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getNode, getPair } from '../../languages/kubernetes/model';

export default defineRule({
  id: 'kubernetes/no-host-aliases',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Reach other systems through Services or DNS, not hostAliases entries in /etc/hosts.',
  rationale:
    '`hostAliases` is the Kubernetes form of editing /etc/hosts on a VM, a habit that moves with the app: every pod then ' +
    'resolves the name to a fixed IP, bypassing DNS, so when the database or API behind it moves, fails over or changes ' +
    'address, the pods keep calling the old one until someone redeploys them. A Service of type ExternalName, a Service ' +
    'without selector with an EndpointSlice, or a real DNS record can be changed in one place.',
  fixable: false,
  sources: [{ tool: 'trivy', id: 'KSV-0007' }],
  messages: {
    hostAliases: '{{kind}} "{{name}}" pins {{hosts}} to a fixed IP in /etc/hosts with hostAliases, which breaks when the target moves. Use a Service (ExternalName, or one with an EndpointSlice) or DNS instead.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Service\nmetadata: {name: legacy-db}\nspec:\n  type: ExternalName\n  externalName: db.corp.example.com\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostAliases:\n    - ip: 10.20.0.5\n      hostnames: [legacy-db]\n  containers:\n    - name: app\n      image: app:1.0\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      const podSpec = ctx.model.podSpec(o);
      const pair = podSpec && getPair(podSpec, 'hostAliases');
      if (!pair || !isSeq(pair.value) || pair.value.items.length === 0) continue;
      const hosts = pair.value.items.flatMap((a) => {
        const names = isMap(a) ? getNode(a, 'hostnames') : undefined;
        return isSeq(names) ? names.items.map((n) => String((n as { value?: unknown }).value ?? '')).filter(Boolean) : [];
      });
      const shown = hosts.length ? hosts.slice(0, 3).join(', ') + (hosts.length > 3 ? `, and ${hosts.length - 3} more` : '') : 'host names';
      ctx.report({ range: ctx.model.rangeOf(pair.key), messageId: 'hostAliases', data: { kind: o.kind, name: o.name ?? '(unnamed)', hosts: shown } });
    }
  },
});
