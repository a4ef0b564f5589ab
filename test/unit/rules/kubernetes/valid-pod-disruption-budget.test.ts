import rule from '../../../../server/src/rules/kubernetes/valid-pod-disruption-budget';
import { run } from '../../../helpers/ruleTester';

const pdb = (spec: string, name = 'web') =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n${spec}  selector:\n    matchLabels:\n      app: web\n`;
const deploy = (replicas: string, kind = 'Deployment') =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n${replicas}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: app:1.0\n`;
const hpa = (min: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${min}  maxReplicas: 10\n`;

run(rule, {
  valid: [
    pdb('  maxUnavailable: 1\n'),
    pdb('  maxUnavailable: 10%\n'),
    { name: 'minAvailable below the replica count', code: deploy('  replicas: 3\n') + '---\n' + pdb('  minAvailable: 2\n') },
    { name: 'a percentage that leaves room', code: deploy('  replicas: 4\n') + '---\n' + pdb('  minAvailable: 50%\n') },
    { name: 'minAvailable without a known workload', code: pdb('  minAvailable: 5\n') },
    { name: 'an HPA minimum above the budget', code: deploy('  replicas: 1\n') + '---\n' + hpa('  minReplicas: 3\n') + '---\n' + pdb('  minAvailable: 2\n') },
    { name: 'a workload in another namespace', code: deploy('  replicas: 1\n').replace('  name: web\n', '  name: web\n  namespace: a\n') + '---\n' + pdb('  minAvailable: 1\n').replace('  name: web\n', '  name: web\n  namespace: b\n') },
    { name: 'a workload the selector does not pick', code: deploy('  replicas: 1\n') + '---\n' + pdb('  minAvailable: 1\n').replace('app: web', 'app: api') },
    {
      name: 'a KEDA ScaledObject that may scale to zero',
      code: deploy('  replicas: 1\n') + '---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n  maxReplicaCount: 5\n---\n' + pdb('  minAvailable: 1\n'),
    },
    { name: 'templated values', code: pdb('  minAvailable: "{{ .Values.pdb.minAvailable }}"\n') },
  ],
  invalid: [
    {
      name: 'maxUnavailable 0',
      code: pdb('  maxUnavailable: [|0|] # never touch the database\n'),
      errors: ['maxZero'],
      fixTitles: ['Allow one eviction at a time (maxUnavailable: 1)'],
      output: pdb('  maxUnavailable: 1 # never touch the database\n'),
    },
    {
      name: 'maxUnavailable 0%, quoted',
      code: pdb('  maxUnavailable: [|"0%"|]\n'),
      errors: ['maxZero'],
      output: pdb('  maxUnavailable: 1\n'),
    },
    {
      name: 'minAvailable 100%',
      code: pdb('  minAvailable: [|100%|]\n'),
      errors: ['minAll'],
      fixTitles: ['Use maxUnavailable: 1'],
      output: pdb('  maxUnavailable: 1\n'),
    },
    {
      name: 'minAvailable equal to a single replica (the default count)',
      code: deploy('') + '---\n' + pdb('  minAvailable: [|1|]\n'),
      errors: ['minReplicas'],
      output: deploy('') + '---\n' + pdb('  maxUnavailable: 1\n'),
    },
    {
      name: 'minAvailable at the HPA minimum, StatefulSet too, four-space budget',
      code: deploy('  replicas: 5\n') + '---\n' + hpa('  minReplicas: 2\n') + '---\n' + deploy('  replicas: 2\n', 'StatefulSet').replace('name: web\nspec', 'name: web-db\nspec') +
        '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n    name: web\nspec:\n    minAvailable: [|[|2|]|]\n    selector:\n        matchLabels:\n            app: web\n',
      errors: ['minReplicas', 'minReplicas'],
      output: deploy('  replicas: 5\n') + '---\n' + hpa('  minReplicas: 2\n') + '---\n' + deploy('  replicas: 2\n', 'StatefulSet').replace('name: web\nspec', 'name: web-db\nspec') +
        '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n    name: web\nspec:\n    maxUnavailable: 1\n    selector:\n        matchLabels:\n            app: web\n',
    },
    {
      name: 'a percentage that rounds up to every pod',
      code: deploy('  replicas: 3\n') + '---\n' + pdb('  minAvailable: [|70%|]\n'),
      errors: ['minReplicas'],
      output: deploy('  replicas: 3\n') + '---\n' + pdb('  maxUnavailable: 1\n'),
    },
    {
      name: 'a workload without a pod template still has its selector (kube-linter)',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n---\n' + pdb('  minAvailable: [|1|]\n'),
      errors: ['minReplicas'],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n---\n' + pdb('  maxUnavailable: 1\n'),
    },
    {
      name: 'both set (rejected) with minAvailable 100%: no fix that would leave both',
      code: pdb('  minAvailable: [|100%|]\n  [|maxUnavailable|]: 5\n'),
      errors: ['minAll', 'both'],
    },
    {
      name: 'flow style: findings without fixes',
      code: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db}\nspec: {minAvailable: [|100%|], selector: {matchLabels: {app: db}}}\n',
      errors: ['minAll'],
    },
  ],
});
