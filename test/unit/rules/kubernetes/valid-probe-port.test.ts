import rule from '../../../../server/src/rules/kubernetes/valid-probe-port';
import { run } from '../../../helpers/ruleTester';

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n${container}`;
const ports = '      ports:\n        - name: http\n          containerPort: 8080\n';

run(rule, {
  valid: [
    pod(ports + '      livenessProbe:\n        httpGet: {path: /, port: http}\n      readinessProbe:\n        httpGet: {path: /, port: 8080}\n      startupProbe:\n        tcpSocket: {port: "8080"}\n'),
    { name: 'numbered probe and no declared ports', code: pod('      livenessProbe:\n        tcpSocket: {port: 8080}\n') },
    { name: 'exec probes have no port', code: pod(ports + '      livenessProbe:\n        exec: {command: [true]}\n') },
    { name: 'gRPC on a declared port', code: pod('      ports:\n        - containerPort: 9000\n          protocol: TCP\n      readinessProbe:\n        grpc: {port: 9000}\n') },
    { name: 'Helm placeholder', code: pod(ports + '      livenessProbe:\n        httpGet: {path: /, port: "{{ .Values.port }}"}\n') },
  ],
  invalid: [
    {
      name: 'named port not declared; fix uses the only declared port name',
      code: pod('      ports:\n        - name: web\n          containerPort: 8080\n      readinessProbe:\n        httpGet:\n          path: /ready\n          port: [|http|] # the web port\n'),
      errors: ['unknownName'],
      fixTitles: ['Probe port web'],
      output: pod('      ports:\n        - name: web\n          containerPort: 8080\n      readinessProbe:\n        httpGet:\n          path: /ready\n          port: web # the web port\n'),
    },
    {
      name: 'named port and no ports at all: no fix',
      code: pod('      livenessProbe:\n        httpGet: {path: /, port: [|http|]}\n'),
      errors: ['unknownName'],
    },
    {
      name: 'number other than the declared one',
      code: pod(ports + '      livenessProbe:\n        tcpSocket:\n          port: [|9090|]\n'),
      errors: ['undeclaredNumber'],
      output: pod(ports + '      livenessProbe:\n        tcpSocket:\n          port: 8080\n'),
    },
    {
      name: 'UDP port cannot be probed over TCP; several ports: no fix',
      code: pod('      ports:\n        - name: dns\n          containerPort: 53\n          protocol: UDP\n        - name: metrics\n          containerPort: 9153\n        - name: health\n          containerPort: 8080\n      livenessProbe:\n        tcpSocket: {port: [|dns|]}\n      startupProbe:\n        httpGet: {path: /, port: [|"8181"|]}\n'),
      errors: ['notTcp', 'undeclaredNumber'],
    },
    {
      name: 'sidecar init container is checked, plain init container is not',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: proxy\n      image: proxy:1.0\n      restartPolicy: Always\n      ports:\n        - containerPort: 15000\n      readinessProbe:\n        tcpSocket: {port: [|15001|]}\n    - name: migrate\n      image: app:1.0\n      ports:\n        - containerPort: 1\n      readinessProbe:\n        tcpSocket: {port: 2}\n  containers:\n    - name: app\n      image: app:1.0\n',
      errors: ['undeclaredNumber'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: proxy\n      image: proxy:1.0\n      restartPolicy: Always\n      ports:\n        - containerPort: 15000\n      readinessProbe:\n        tcpSocket: {port: 15000}\n    - name: migrate\n      image: app:1.0\n      ports:\n        - containerPort: 1\n      readinessProbe:\n        tcpSocket: {port: 2}\n  containers:\n    - name: app\n      image: app:1.0\n',
    },
    {
      name: 'CronJob nesting, quoted name replaced keeping quotes',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: job:1.0\n              ports:\n                - name: admin\n                  containerPort: 9000\n              livenessProbe:\n                httpGet:\n                  path: /\n                  port: [|"adm"|]\n',
      errors: ['unknownName'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: job:1.0\n              ports:\n                - name: admin\n                  containerPort: 9000\n              livenessProbe:\n                httpGet:\n                  path: /\n                  port: "admin"\n',
    },
  ],
});
