import rule from '../../../../server/src/rules/kubernetes/valid-service-target-port';
import { run } from '../../../helpers/ruleTester';

const pods = (ports: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n${ports}`;
const httpPort = '          ports:\n            - name: http\n              containerPort: 8080\n';
const service = (ports: string) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n${ports}`;

run(rule, {
  valid: [
    pods(httpPort) + service('    - port: 80\n      targetPort: http\n'),
    { name: 'by number', code: pods(httpPort) + service('    - port: 80\n      targetPort: 8080\n') },
    { name: 'targetPort defaults to port', code: pods(httpPort) + service('    - port: 8080\n') },
    { name: 'pods declare no ports: numbers are not checked', code: pods('') + service('    - port: 80\n      targetPort: 9000\n') },
    { name: 'Service selecting nothing is another rule\'s business', code: pods(httpPort) + service('    - port: 80\n      targetPort: nope\n').replace('app: web', 'app: api') },
    { name: 'a port declared by any selected workload counts', code: pods(httpPort) + '---\n' + pods('          ports:\n            - name: metrics\n              containerPort: 9090\n').replace('name: web', 'name: web-canary') + service('    - port: 9090\n      targetPort: metrics\n') },
  ],
  invalid: [
    {
      name: 'named targetPort not declared: the only port is offered',
      code: pods(httpPort) + service('    - name: web\n      port: 80\n      targetPort: [|web|] # renamed?\n'),
      errors: ['unknownName'],
      fixTitles: ['Target port http'],
      output: pods(httpPort) + service('    - name: web\n      port: 80\n      targetPort: http # renamed?\n'),
    },
    {
      name: 'number the pods do not declare',
      code: pods(httpPort) + service('    - port: 80\n      targetPort: [|80|]\n'),
      errors: ['undeclaredNumber'],
      output: pods(httpPort) + service('    - port: 80\n      targetPort: 8080\n'),
    },
    {
      name: 'no targetPort: port is used, fix adds targetPort',
      code: pods(httpPort) + service('    - port: [|80|]\n      name: web\n'),
      errors: ['undeclaredNumber'],
      output: pods(httpPort) + service('    - port: 80\n      name: web\n      targetPort: 8080\n'),
    },
    {
      name: 'protocol must match: the only UDP port is offered',
      code: pods('          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n            - name: dns-tcp\n              containerPort: 53\n            - name: metrics\n              containerPort: 9153\n') + service('    - port: 53\n      protocol: UDP\n      targetPort: [|dns-tcp|]\n'),
      errors: ['unknownName'],
      output: pods('          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n            - name: dns-tcp\n              containerPort: 53\n            - name: metrics\n              containerPort: 9153\n') + service('    - port: 53\n      protocol: UDP\n      targetPort: dns\n'),
    },
    {
      name: 'several candidate ports: no fix',
      code: pods('          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n') + service('    - port: 80\n      targetPort: [|web|]\n'),
      errors: ['unknownName'],
    },
  ],
});
