import rule from '../../../../server/src/rules/kubernetes/require-liveness-probe';
import { run } from '../../../helpers/ruleTester';

const deployment = (containers: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n' + containers;

run(rule, {
  valid: [
    deployment('        - name: app\n          image: nginx:1.27\n          livenessProbe:\n            tcpSocket:\n              port: 80\n'),
    { name: 'Job runs to completion', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: task\n          image: busybox:1.36\n' },
    { name: 'CronJob runs to completion', code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: task\n              image: busybox:1.36\n' },
    { name: 'bare Pod with restartPolicy Never', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n  containers:\n    - name: once\n      image: busybox:1.36\n' },
    { name: 'init containers are not checked', code: deployment('        - name: app\n          image: nginx:1.27\n          livenessProbe:\n            exec:\n              command: [cat, /tmp/healthy]\n').replace('      containers:\n', '      initContainers:\n        - name: migrate\n          image: app:1.0\n      containers:\n') },
    { name: 'null probe is still a (template) probe, left alone', code: deployment('        - name: app\n          image: nginx:1.27\n          livenessProbe:\n') },
  ],
  invalid: [
    {
      name: 'probe skeleton on a named http port (comments kept)',
      code: deployment('        - name: [|app|]\n          image: nginx:1.27 # pinned\n          ports:\n            - name: http\n              containerPort: 8080\n'),
      errors: ['missing'],
      fixTitles: ['Add a liveness probe on the first declared port'],
      output: deployment('        - name: app\n          image: nginx:1.27 # pinned\n          ports:\n            - name: http\n              containerPort: 8080\n          livenessProbe:\n            httpGet:\n              path: /\n              port: http\n            initialDelaySeconds: 10\n            periodSeconds: 10\n'),
    },
    {
      name: 'tcpSocket on a numbered port, skipping a UDP one',
      code: deployment('        - name: [|dns|]\n          image: coredns/coredns:1.11.1\n          ports:\n            - containerPort: 53\n              protocol: UDP\n            - containerPort: 9153\n'),
      errors: ['missing'],
      output: deployment('        - name: dns\n          image: coredns/coredns:1.11.1\n          ports:\n            - containerPort: 53\n              protocol: UDP\n            - containerPort: 9153\n          livenessProbe:\n            tcpSocket:\n              port: 9153\n            initialDelaySeconds: 10\n            periodSeconds: 10\n'),
    },
    {
      name: 'https port gets scheme HTTPS; four-space indentation',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: [|app|]\n            image: app:1.0\n            ports:\n                -   name: https\n                    containerPort: 8443\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: app\n            image: app:1.0\n            ports:\n                -   name: https\n                    containerPort: 8443\n            livenessProbe:\n                httpGet:\n                    path: /\n                    port: https\n                    scheme: HTTPS\n                initialDelaySeconds: 10\n                periodSeconds: 10\n',
    },
    { name: 'no declared port: finding without a fix', code: deployment('        - name: [|worker|]\n          image: app:1.0\n'), errors: ['missing'] },
    { name: 'flow-style container: no fix', code: deployment('        - {name: [|app|], image: "app:1.0", ports: [{containerPort: 80}]}\n'), errors: ['missing'] },
    {
      name: 'every long-running kind, several containers, second document',
      code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n          livenessProbe:\n            exec:\n              command: [pg_isready]\n        - name: [|exporter|]\n          image: exporter:1.0\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: [|agent|]\n          image: agent:1.0\n',
      errors: ['missing', 'missing'],
    },
  ],
});
