import rule from '../../../../server/src/rules/kubernetes/require-readiness-probe';
import { run } from '../../../helpers/ruleTester';

const pod = (containers: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${extra}  containers:\n${containers}`;

run(rule, {
  valid: [
    pod('    - name: app\n      image: nginx:1.27\n      readinessProbe:\n        httpGet:\n          path: /ready\n          port: 80\n'),
    { name: 'Pod that runs once', code: pod('    - name: once\n      image: busybox:1.36\n', '  restartPolicy: OnFailure\n') },
    { name: 'ephemeral containers cannot have probes', code: pod('    - name: app\n      image: nginx:1.27\n      readinessProbe:\n        tcpSocket: {port: 80}\n') + '  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n' },
    { name: 'not a workload', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {}\n' },
  ],
  invalid: [
    {
      name: 'bare Pod (restartPolicy Always by default)',
      code: pod('    - name: [|app|]\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          name: web\n'),
      errors: ['missing'],
      fixTitles: ['Add a readiness probe on the first declared port'],
      output: pod('    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          name: web\n      readinessProbe:\n        tcpSocket:\n          port: web\n        periodSeconds: 5\n'),
    },
    {
      name: 'ReplicationController with an explicit restartPolicy Always and a sidecar-style second container',
      code: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers:\n        - name: app\n          image: app:1.0\n          readinessProbe:\n            httpGet: {path: /, port: 8080}\n        - name: [|proxy|]\n          image: envoy:1.30\n          ports:\n            - name: http-proxy\n              containerPort: 15001\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers:\n        - name: app\n          image: app:1.0\n          readinessProbe:\n            httpGet: {path: /, port: 8080}\n        - name: proxy\n          image: envoy:1.30\n          ports:\n            - name: http-proxy\n              containerPort: 15001\n          readinessProbe:\n            httpGet:\n              path: /\n              port: http-proxy\n            periodSeconds: 5\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: [|app|]\r\n      image: app:1.0\r\n      ports:\r\n        - containerPort: 9000\r\n',
      errors: ['missing'],
      output: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: app\r\n      image: app:1.0\r\n      ports:\r\n        - containerPort: 9000\r\n      readinessProbe:\r\n        tcpSocket:\r\n          port: 9000\r\n        periodSeconds: 5\r\n',
    },
    { name: 'unnamed container is named by position', code: pod('    - [|image: app:1.0|]\n'), errors: ['missing'] },
  ],
});
