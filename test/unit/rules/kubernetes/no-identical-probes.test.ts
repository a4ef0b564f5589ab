import rule from '../../../../server/src/rules/kubernetes/no-identical-probes';
import { run } from '../../../helpers/ruleTester';

const pod = (probes: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n${probes}`;

run(rule, {
  valid: [
    pod('      readinessProbe:\n        httpGet: {path: /ready, port: 8080}\n      livenessProbe:\n        httpGet: {path: /live, port: 8080}\n'),
    { name: 'same path on another port', code: pod('      readinessProbe:\n        httpGet: {path: /health, port: 8080}\n      livenessProbe:\n        httpGet: {path: /health, port: 9090}\n') },
    { name: 'different handler types', code: pod('      readinessProbe:\n        httpGet: {path: /health, port: 8080}\n      livenessProbe:\n        tcpSocket: {port: 8080}\n') },
    { name: 'different exec commands', code: pod('      readinessProbe:\n        exec: {command: [check, --ready]}\n      livenessProbe:\n        exec: {command: [check, --live]}\n') },
    { name: 'only one probe', code: pod('      readinessProbe:\n        httpGet: {path: /health, port: 8080}\n') },
    { name: 'different gRPC services', code: pod('      readinessProbe:\n        grpc: {port: 9000, service: ready}\n      livenessProbe:\n        grpc: {port: 9000}\n') },
  ],
  invalid: [
    {
      name: 'same HTTP check, timings differ',
      code: pod('      readinessProbe:\n        httpGet:\n          path: /health\n          port: http\n        periodSeconds: 5\n      [|livenessProbe|]:\n        httpGet:\n          port: http\n          path: /health\n        failureThreshold: 6\n'),
      errors: ['identical'],
    },
    {
      name: 'path defaults to / and scheme to HTTP',
      code: pod('      [|livenessProbe|]:\n        httpGet: {port: 8080}\n      readinessProbe:\n        httpGet: {port: 8080, path: /, scheme: HTTP}\n'),
      errors: ['identical'],
    },
    { name: 'TCP', code: pod('      readinessProbe:\n        tcpSocket: {port: 5432}\n      [|livenessProbe|]:\n        tcpSocket: {port: 5432}\n'), errors: ['identical'] },
    { name: 'exec', code: pod('      readinessProbe:\n        exec:\n          command: [pg_isready, -U, app]\n      [|livenessProbe|]:\n        exec:\n          command: ["pg_isready", "-U", "app"]\n'), errors: ['identical'] },
    {
      name: 'Deployment container, gRPC',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n          [|livenessProbe|]:\n            grpc: {port: 9000}\n          readinessProbe:\n            grpc: {port: 9000}\n',
      errors: ['identical'],
    },
  ],
});
