import rule, { scaleQuantity } from '../../../../server/src/rules/kubernetes/require-resource-limits';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../../helpers/ruleTester';

const head = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n';

test('scaleQuantity', () => {
  assert.equal(scaleQuantity('128Mi', 2), '256Mi');
  assert.equal(scaleQuantity('1.5Gi', 2), '3Gi');
  assert.equal(scaleQuantity('0.1', 3), '0.3');
  assert.equal(scaleQuantity('lots', 2), undefined);
});

run(rule, {
  valid: [
    head + '        - name: app\n          image: nginx:1.27\n          resources:\n            requests:\n              cpu: 250m\n              memory: 64Mi\n            limits:\n              memory: 64Mi\n',
    { name: 'policy requests needs no limit', settings: { kubernetes: { resources: { policy: 'requests' } } }, code: head + '        - name: app\n          image: nginx:1.27\n          resources:\n            requests: {cpu: 1, memory: 1Gi}\n' },
    { name: 'ephemeral containers cannot set resources', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n' },
  ],
  invalid: [
    {
      name: 'no resources at all',
      code: head + '        - name: [|app|]\n          image: nginx:1.27 # pinned by the platform team\n          ports:\n            - containerPort: 80\n',
      errors: ['missing'],
      fixTitles: ['Add resource requests and limits'],
      output: head + '        - name: app\n          image: nginx:1.27 # pinned by the platform team\n          ports:\n            - containerPort: 80\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n',
    },
    {
      name: 'partial resources are completed, not replaced',
      code: head + '        - name: [|app|]\n          image: nginx:1.27\n          resources:\n            requests:\n              memory: 512Mi # measured\n',
      errors: ['missing'],
      output: head + '        - name: app\n          image: nginx:1.27\n          resources:\n            requests:\n              memory: 512Mi # measured\n              cpu: 100m\n            limits:\n              memory: 1024Mi\n',
    },
    {
      name: 'resources: {} from helm create',
      code: head + '        - name: [|app|]\n          image: nginx:1.27\n          resources: {}\n',
      errors: ['missing'],
      output: head + '        - name: app\n          image: nginx:1.27\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n',
    },
    {
      name: 'four-space indentation and settings values',
      settings: { kubernetes: { resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimitFactor: 3 } } },
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: [|app|]\n            image: nginx:1.27\n',
      errors: ['missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: app\n            image: nginx:1.27\n            resources:\n                requests:\n                    cpu: 50m\n                    memory: 64Mi\n                limits:\n                    memory: 192Mi\n',
    },
    {
      name: 'guaranteed policy: limits equal requests',
      settings: { kubernetes: { resources: { policy: 'guaranteed' } } },
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: [|init|]\n      image: busybox:1.36\n      resources:\n        requests:\n          cpu: 200m\n          memory: 64Mi\n  containers:\n    - name: [|app|]\n      image: nginx:1.27\n',
      errors: ['missing', 'missing'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n      resources:\n        requests:\n          cpu: 200m\n          memory: 64Mi\n        limits:\n          cpu: 200m\n          memory: 64Mi\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          cpu: 100m\n          memory: 128Mi\n',
    },
    {
      name: 'flow-style container gets the finding but no fix',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - {name: [|app|], image: "nginx:1.27"}\n',
      errors: ['missing'],
    },
  ],
});
