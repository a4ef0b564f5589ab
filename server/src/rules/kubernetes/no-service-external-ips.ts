import { isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getPair } from '../../languages/kubernetes/model';

export default defineRule({
  id: 'kubernetes/no-service-external-ips',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Expose Services with a LoadBalancer, an Ingress or a Gateway rather than externalIPs.',
  rationale:
    '`externalIPs` makes every node capture traffic for addresses Kubernetes does not manage: routing them to a node is ' +
    'left to you, nothing checks that the address is yours, and any user who can create Services can use it to intercept ' +
    'traffic meant for another address (CVE-2020-8554). Many clusters therefore reject it with the DenyServiceExternalIPs ' +
    'admission plugin or a policy. A LoadBalancer Service, an Ingress or a Gateway gives the service an address the cluster owns.',
  fixable: false,
  sources: [{ tool: 'trivy', id: 'KSV-0108' }],
  messages: {
    externalIPs: 'Service "{{name}}" sets externalIPs, which routes traffic for addresses the cluster does not manage and is rejected by many clusters. Use type LoadBalancer, an Ingress or a Gateway.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: 8080\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: 8080\n  externalIPs:\n    - 192.168.0.106\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      if (o.kind !== 'Service') continue;
      const spec = getMap(o.map, 'spec');
      const pair = spec && getPair(spec, 'externalIPs');
      if (!pair || !isSeq(pair.value) || pair.value.items.length === 0) continue;
      ctx.report({ range: ctx.model.rangeOf(pair.key), messageId: 'externalIPs', data: { name: o.name ?? '(unnamed)' } });
    }
  },
});
