import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/kubernetes/no-deprecated-api-version';
import { API_VERSIONS, compareVersions, lookupApiVersion, replacementAt } from '../../../../server/src/rules/kubernetes/data/api-versions';
import { run } from '../../../helpers/ruleTester';

const at = (version: string) => ({ kubernetes: { version } });
const cronjob = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: job:1.0\n`;
const deployment = (apiVersion: string, selector = '') =>
  `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n${selector}  template:\n    metadata:\n      labels:\n        app: web # stable\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n`;
const ingressV1beta1 = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: fallback\n    servicePort: 80\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /api # the API\n            backend:\n              serviceName: api\n              servicePort: http\n          - path: /\n            pathType: Prefix\n            backend:\n              servicePort: "8080"\n              serviceName: web\n`;
const ingressV1 = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: fallback\n      port:\n        number: 80\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /api # the API\n            pathType: ImplementationSpecific\n            backend:\n              service:\n                name: api\n                port:\n                  name: http\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 8080\n';
const hpaV2beta1 = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        targetAverageUtilization: 70\n    - type: Resource\n      resource:\n        name: memory\n        targetAverageValue: 500Mi\n';

test('the table is consistent', () => {
  for (const e of API_VERSIONS) {
    if (e.removedIn) assert.ok(compareVersions(e.deprecatedIn, e.removedIn) <= 0, `${e.apiVersion}: deprecated after removal`);
    for (const r of e.replacements) if (r.until) assert.ok(compareVersions(r.since, r.until) < 0, `${e.apiVersion} -> ${r.apiVersion}`);
  }
  assert.equal(lookupApiVersion('extensions/v1beta1', 'Ingress')?.removedIn, '1.22');
  assert.equal(lookupApiVersion('extensions/v1beta1', 'Whatever')?.removedIn, '1.22');
  assert.equal(lookupApiVersion('apps/v1', 'Deployment'), undefined);
  assert.equal(replacementAt(lookupApiVersion('extensions/v1beta1', 'Ingress')!, '1.16')?.apiVersion, 'networking.k8s.io/v1beta1');
  assert.equal(replacementAt(lookupApiVersion('extensions/v1beta1', 'Ingress')!, '1.34')?.apiVersion, 'networking.k8s.io/v1');
  assert.equal(replacementAt(lookupApiVersion('extensions/v1beta1', 'PodSecurityPolicy')!, '1.25'), undefined);
  assert.equal(compareVersions('1.9', '1.10'), -1);
});

run(rule, {
  valid: [
    cronjob('batch/v1'),
    { name: 'batch/v1beta1 before 1.21', code: cronjob('batch/v1beta1'), settings: at('1.20') },
    { name: 'apps/v1beta1 StatefulSet on Kubernetes 1.8', code: 'apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata:\n  name: db\n', settings: at('1.8') },
    { name: 'core and unknown groups', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: example.com/v1beta1\nkind: Widget\nmetadata:\n  name: w\n' },
  ],
  invalid: [
    {
      name: 'CronJob batch/v1beta1, quoted apiVersion keeps its quotes',
      code: cronjob('[|"batch/v1beta1"|]'),
      errors: ['removed'],
      fixTitles: ['Migrate to batch/v1'],
      output: cronjob('"batch/v1"'),
    },
    { name: 'deprecated, not yet removed, at 1.23', code: cronjob('[|batch/v1beta1|]'), settings: at('1.23'), errors: ['deprecated'], output: cronjob('batch/v1') },
    {
      name: 'extensions/v1beta1 Deployment: apps/v1 needs a selector',
      code: deployment('[|extensions/v1beta1|]'),
      errors: ['removed'],
      fixTitles: ['Migrate to apps/v1'],
      output: deployment('apps/v1', '  selector:\n    matchLabels:\n      app: web\n'),
    },
    {
      name: 'apps/v1beta2 Deployment with a selector only changes the version',
      code: deployment('[|apps/v1beta2|]', '  selector:\n    matchLabels: {app: web}\n'),
      errors: ['removed'],
      output: deployment('apps/v1', '  selector:\n    matchLabels: {app: web}\n'),
    },
    {
      name: 'fields apps/v1 dropped: no fix',
      code: deployment('[|extensions/v1beta1|]').replace('  replicas: 2\n', '  replicas: 2\n  rollbackTo:\n    revision: 3\n'),
      errors: ['removed'],
    },
    {
      name: 'Ingress extensions/v1beta1 to networking.k8s.io/v1: backends, defaultBackend and pathType',
      code: ingressV1beta1('[|extensions/v1beta1|]'),
      errors: ['removed'],
      fixTitles: ['Migrate to networking.k8s.io/v1'],
      output: ingressV1,
    },
    { name: 'Ingress networking.k8s.io/v1beta1', code: ingressV1beta1('[|networking.k8s.io/v1beta1|]'), errors: ['removed'], output: ingressV1 },
    {
      name: 'Ingress on Kubernetes 1.16: networking.k8s.io/v1beta1 is the replacement, same shape',
      code: ingressV1beta1('[|extensions/v1beta1|]'),
      settings: at('1.16'),
      errors: ['deprecated'],
      fixTitles: ['Migrate to networking.k8s.io/v1beta1'],
      output: ingressV1beta1('networking.k8s.io/v1beta1'),
    },
    {
      name: 'PodDisruptionBudget and HPA v2beta2, second and third documents',
      code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: [|policy/v1beta1|]\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n---\napiVersion: [|autoscaling/v2beta2|]\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n',
      errors: ['removed', 'removed'],
      output: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n',
    },
    {
      name: 'HPA autoscaling/v2beta1 resource metrics get v2 targets',
      code: hpaV2beta1.replace('autoscaling/v2beta1', '[|autoscaling/v2beta1|]'),
      errors: ['removed'],
      output: hpaV2beta1.replace('autoscaling/v2beta1', 'autoscaling/v2')
        .replace('targetAverageUtilization: 70', 'target:\n          type: Utilization\n          averageUtilization: 70')
        .replace('targetAverageValue: 500Mi', 'target:\n          type: AverageValue\n          averageValue: 500Mi'),
    },
    {
      name: 'HPA autoscaling/v2beta1 with a Pods metric: no fix',
      code: 'apiVersion: [|autoscaling/v2beta1|]\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n  metrics:\n    - type: Pods\n      pods:\n        metricName: rps\n        targetAverageValue: "100"\n',
      errors: ['removed'],
    },
    { name: 'PodSecurityPolicy has no replacement', code: 'apiVersion: [|policy/v1beta1|]\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n', errors: ['removed'] },
    { name: 'CRD v1beta1: v1 needs a structural schema, no fix', code: 'apiVersion: [|apiextensions.k8s.io/v1beta1|]\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n', errors: ['removed'] },
    {
      name: 'NetworkPolicy, four-space indentation',
      code: 'apiVersion: [|extensions/v1beta1|]\nkind: NetworkPolicy\nmetadata:\n    name: deny\nspec:\n    podSelector: {}\n',
      errors: ['removed'],
      output: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n    name: deny\nspec:\n    podSelector: {}\n',
    },
    {
      name: 'flowcontrol v1beta3 on 1.30 is deprecated',
      code: 'apiVersion: [|flowcontrol.apiserver.k8s.io/v1beta3|]\nkind: FlowSchema\nmetadata:\n  name: fs\nspec:\n  priorityLevelConfiguration:\n    name: workload-low\n',
      settings: at('1.30'),
      errors: ['deprecated'],
      output: 'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata:\n  name: fs\nspec:\n  priorityLevelConfiguration:\n    name: workload-low\n',
    },
  ],
});
