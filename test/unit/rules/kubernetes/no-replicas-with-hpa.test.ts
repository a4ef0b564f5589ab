import rule from '../../../../server/src/rules/kubernetes/no-replicas-with-hpa';
import { run } from '../../../helpers/ruleTester';

const deploy = (replicas: string, kind = 'Deployment', name = 'web') =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${replicas}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: app:1.0\n`;
const hpa = (kind = 'Deployment', name = 'web') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: ${kind}\n    name: ${name}\n  minReplicas: 2\n  maxReplicas: 10\n`;

run(rule, {
  valid: [
    deploy('') + '---\n' + hpa(),
    { name: 'no autoscaler', code: deploy('  replicas: 3\n') },
    { name: 'an autoscaler for another workload', code: deploy('  replicas: 3\n') + '---\n' + hpa('Deployment', 'api') },
    { name: 'an autoscaler for another kind', code: deploy('  replicas: 3\n') + '---\n' + hpa('StatefulSet') },
  ],
  invalid: [
    {
      code: deploy('  replicas: [|3|] # peak traffic\n') + '---\n' + hpa(),
      errors: ['replicas'],
      fixTitles: ['Remove replicas'],
      output: deploy('') + '---\n' + hpa(),
    },
    {
      name: 'StatefulSet, HPA first, four-space indentation',
      code: hpa('StatefulSet', 'db') + '---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n    name: db\nspec:\n    serviceName: db\n    replicas: [|3|]\n    template:\n        spec:\n            containers: []\n',
      errors: ['replicas'],
      output: hpa('StatefulSet', 'db') + '---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n    name: db\nspec:\n    serviceName: db\n    template:\n        spec:\n            containers: []\n',
    },
    {
      name: 'a KEDA ScaledObject (kind defaults to Deployment)',
      code: deploy('  replicas: [|1|]\n') + '---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n  minReplicaCount: 1\n  maxReplicaCount: 5\n',
      errors: ['replicas'],
      output: deploy('') + '---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n  minReplicaCount: 1\n  maxReplicaCount: 5\n',
    },
    {
      name: 'flow-style spec: no fix',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: [|2|], template: {spec: {containers: []}}}\n---\n' + hpa(),
      errors: ['replicas'],
    },
  ],
});
