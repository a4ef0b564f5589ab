import rule from '../../../../server/src/rules/kubernetes/no-service-external-ips';
import { run } from '../../../helpers/ruleTester';

const svc = (extra: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n${extra}`;

run(rule, {
  valid: [
    svc(''),
    svc('  type: LoadBalancer\n'),
    { name: 'an empty list', code: svc('  externalIPs: []\n') },
    { name: 'externalIPs outside a Service spec', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {externalIPs: "1.2.3.4"}\n' },
  ],
  invalid: [
    { code: svc('  [|externalIPs|]: # the old VIP\n    - 192.168.0.106\n'), errors: ['externalIPs'] },
    {
      name: 'flow style, second document',
      code: svc('') + '---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}, ports: [{port: 80}], [|externalIPs|]: [10.0.0.10]}\n',
      errors: ['externalIPs'],
    },
  ],
});
