import rule from '../../../../server/src/rules/kubernetes/require-anti-affinity';
import { run } from '../../../helpers/ruleTester';

const deployment = (podSpec: string, replicas = '  replicas: 3\n', name = 'web') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n${replicas}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        version: v2\n    spec:\n${podSpec}      containers:\n        - name: app\n          image: app:1.0\n`;
const term = (selector: string, extra = '') =>
  `      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                topologyKey: kubernetes.io/hostname\n                labelSelector:\n${selector}${extra}`;

run(rule, {
  valid: [
    deployment(term('                  matchLabels:\n                    app: web\n')),
    { name: 'required term with matchExpressions and a zone key', code: deployment('      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - topologyKey: topology.kubernetes.io/zone\n              labelSelector:\n                matchExpressions:\n                  - {key: app, operator: In, values: [web]}\n') },
    { name: 'topologySpreadConstraints', code: deployment('      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels: {app: web}\n') },
    { name: 'single replica', code: deployment('', '  replicas: 1\n') },
    { name: 'replicas unset', code: deployment('', '') },
    { name: 'namespaces list names its own namespace', code: deployment(term('                  matchLabels:\n                    app: web\n', '                namespaces: [shop]\n')) },
  ],
  invalid: [
    {
      name: 'nothing spreads the replicas; fix adds a preferred anti-affinity on the selector labels',
      code: deployment('      # scheduling\n      nodeSelector:\n        pool: general\n', '  replicas: 3\n', '[|web|]'),
      errors: ['missing'],
      fixTitles: ['Add a preferred podAntiAffinity on kubernetes.io/hostname'],
      output: deployment('      # scheduling\n      nodeSelector:\n        pool: general\n', '  replicas: 3\n').replace('          image: app:1.0\n', '          image: app:1.0\n      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                labelSelector:\n                  matchLabels:\n                    app: web\n                topologyKey: kubernetes.io/hostname\n'),
    },
    {
      name: 'existing node affinity is completed',
      code: deployment('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions: [{key: pool, operator: In, values: [general]}]\n', '  replicas: 2\n', '[|web|]'),
      errors: ['missing'],
      output: deployment('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions: [{key: pool, operator: In, values: [general]}]\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                labelSelector:\n                  matchLabels:\n                    app: web\n                topologyKey: kubernetes.io/hostname\n', '  replicas: 2\n'),
    },
    {
      name: 'empty podAntiAffinity: reported, not duplicated by a fix',
      code: deployment('      affinity:\n        podAntiAffinity:\n', '  replicas: 2\n', '[|web|]'),
      errors: ['missing'],
    },
    {
      name: 'term that selects other pods',
      code: deployment(term('                  matchLabels:\n                    app: api\n').replace('        podAntiAffinity:', '        [|podAntiAffinity|]:')),
      errors: ['ineffective'],
    },
    {
      name: 'term limited to another namespace',
      code: deployment(term('                  matchLabels:\n                    app: web\n', '                namespaces: [other]\n').replace('        podAntiAffinity:', '        [|podAntiAffinity|]:')),
      errors: ['ineffective'],
    },
    {
      name: 'StatefulSet scaled by an HPA with minReplicas 2',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: [|db|]\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: []\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: db\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n  minReplicas: 2\n  maxReplicas: 4\n',
      errors: ['missing'],
      output: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: []\n      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                labelSelector:\n                  matchLabels:\n                    app: db\n                topologyKey: kubernetes.io/hostname\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: db\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n  minReplicas: 2\n  maxReplicas: 4\n',
    },
  ],
});
