import rule from '../../../../server/src/rules/kubernetes/valid-hpa-replicas';
import { run } from '../../../helpers/ruleTester';

const hpa = (bounds: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n${bounds}  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n`;

run(rule, {
  valid: [
    hpa('  minReplicas: 2\n  maxReplicas: 10\n'),
    { name: 'minReplicas defaults to 1', code: hpa('  maxReplicas: 3\n') },
    { name: 'templated bounds', code: hpa('  minReplicas: "{{ .Values.min }}"\n  maxReplicas: "{{ .Values.max }}"\n') },
    { name: 'autoscaling/v1', code: 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 80}\n' },
  ],
  invalid: [
    { name: 'never scales', code: hpa('  minReplicas: 5\n  maxReplicas: [|5|] # pinned for the launch\n'), errors: ['fixed'] },
    { name: 'never scales with the default minimum', code: hpa('  maxReplicas: [|1|]\n'), errors: ['fixed'] },
    { name: 'minimum above maximum', code: hpa('  minReplicas: [|6|]\n  maxReplicas: 3\n'), errors: ['minAboveMax'] },
    { name: 'scale to zero', code: hpa('  minReplicas: [|0|]\n  maxReplicas: 3\n'), errors: ['zero'] },
    {
      name: 'several autoscalers in one file, flow style',
      code: hpa('  minReplicas: 2\n  maxReplicas: 4\n') + '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec: {scaleTargetRef: {kind: Deployment, name: api}, minReplicas: 3, maxReplicas: [|3|]}\n',
      errors: ['fixed'],
    },
  ],
});
