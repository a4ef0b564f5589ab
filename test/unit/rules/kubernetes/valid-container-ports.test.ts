import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { portNameProblem } from '../../../../server/src/rules/kubernetes/valid-container-ports';
import { run } from '../../../helpers/ruleTester';

const deploy = (ports: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n          ports:\n${ports}`;

test('portNameProblem', () => {
  assert.equal(portNameProblem('http'), undefined);
  assert.equal(portNameProblem('grpc-web2'), undefined);
  assert.equal(portNameProblem('a-very-long-name'), 'long');
  assert.equal(portNameProblem('HTTP'), 'syntax');
  assert.equal(portNameProblem('8080'), 'syntax');
  assert.equal(portNameProblem('http--alt'), 'syntax');
  assert.equal(portNameProblem('-http'), 'syntax');
  assert.equal(portNameProblem('http_alt'), 'syntax');
});

run(rule, {
  valid: [
    deploy('            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n'),
    { name: 'unnamed ports, same number over TCP and UDP', code: deploy('            - containerPort: 53\n            - containerPort: 53\n              protocol: UDP\n') },
    { name: 'same container port on two host IPs', code: deploy('            - {containerPort: 80, hostPort: 80, hostIP: 10.0.0.1}\n            - {containerPort: 80, hostPort: 80, hostIP: 10.0.0.2}\n') },
    {
      name: 'an init container that has exited may have used the port',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: warmup\n      image: app:1.0\n      ports: [{containerPort: 8080}]\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080}]\n',
    },
    { name: 'the same name in two containers is allowed', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{name: metrics, containerPort: 9090}]\n    - name: proxy\n      image: proxy:1.0\n      ports: [{name: metrics, containerPort: 9091}]\n' },
    { name: 'templated values are left to the template', code: deploy('            - name: "{{ .Values.portName }}"\n              containerPort: "{{ .Values.port }}"\n') },
  ],
  invalid: [
    {
      name: 'missing containerPort (kube-score)',
      code: deploy('            - name: app\n              containerPort: 80\n            - name: smtp\n              [|containerPort|]:\n              protocol: TCP\n            - [|protocol|]: UDP\n'),
      errors: ['missingPort', 'missingPort'],
    },
    {
      name: 'long, malformed and repeated names',
      code: deploy('            - name: [|my-very-long-port-name|]\n              containerPort: 80\n            - name: [|HTTP_ALT|]\n              containerPort: 8080\n            - name: app\n              containerPort: 8081\n            - name: [|app|] # copied\n              containerPort: 8082\n'),
      errors: ['nameTooLong', 'invalidName', 'duplicateName'],
    },
    {
      name: 'out of range',
      code: deploy('            - containerPort: [|70000|]\n'),
      errors: ['invalidPort'],
    },
    {
      name: 'the same port twice in one container, and in a sidecar',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: proxy\n      image: proxy:1.0\n      restartPolicy: Always\n      ports:\n        - containerPort: 8080\n  containers:\n    - name: app\n      image: app:1.0\n      ports:\n        - name: http\n          containerPort: [|8080|]\n        - name: http-again\n          containerPort: 9000\n        - containerPort: [|9000|]\n          protocol: tcp\n',
      errors: ['duplicatePort', 'duplicatePort'],
    },
    {
      name: 'CronJob with four-space indentation',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: c\nspec:\n    schedule: "@hourly"\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: OnFailure\n                    containers:\n                        -   name: job\n                            image: job:1.0\n                            ports:\n                                -   name: [|prometheus-metrics|]\n                                    containerPort: 9090\n',
      errors: ['nameTooLong'],
    },
  ],
});
