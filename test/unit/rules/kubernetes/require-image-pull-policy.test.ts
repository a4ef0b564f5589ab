import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { isMovingTag } from '../../../../server/src/rules/kubernetes/require-image-pull-policy';
import { run } from '../../../helpers/ruleTester';

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n${container}`;

test('isMovingTag', () => {
  assert.deepEqual(isMovingTag('app:main'), { tag: 'main' });
  assert.deepEqual(isMovingTag('app:nightly-alpine'), { tag: 'nightly-alpine' });
  assert.deepEqual(isMovingTag('registry:5000/app'), { tag: 'latest' });
  assert.equal(isMovingTag('app:1.2.3'), undefined);
  assert.equal(isMovingTag('app:maintenance-1.2'), undefined);
  assert.equal(isMovingTag('app:main@sha256:0000000000000000000000000000000000000000000000000000000000000000'), undefined);
});

run(rule, {
  valid: [
    pod('      image: nginx:1.27\n'),
    { name: 'versioned tag with IfNotPresent', code: pod('      image: nginx:1.27\n      imagePullPolicy: IfNotPresent\n') },
    { name: 'latest defaults to Always', code: pod('      image: nginx:latest\n') },
    { name: 'no tag defaults to Always', code: pod('      image: nginx\n') },
    { name: 'moving tag with Always', code: pod('      image: app:main\n      imagePullPolicy: Always\n') },
    { name: 'pinned by digest', code: pod('      image: app:main@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      imagePullPolicy: IfNotPresent\n') },
    { name: 'Helm placeholders', code: pod('      image: "app:{{ .Values.tag }}"\n') },
  ],
  invalid: [
    {
      name: 'moving tag, policy defaults to IfNotPresent',
      code: pod('      image: [|registry.example.com/team/app:main|]\n      ports:\n        - containerPort: 80\n'),
      errors: ['notAlways'],
      fixTitles: ['Set imagePullPolicy: Always'],
      output: pod('      image: registry.example.com/team/app:main\n      ports:\n        - containerPort: 80\n      imagePullPolicy: Always\n'),
    },
    {
      name: 'explicit IfNotPresent on latest, quoted',
      code: pod('      image: nginx:latest\n      imagePullPolicy: [|"IfNotPresent"|] # from the chart\n'),
      errors: ['notAlways'],
      output: pod('      image: nginx:latest\n      imagePullPolicy: "Always" # from the chart\n'),
    },
    {
      name: 'Never on a nightly build, init container of a CronJob',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          initContainers:\n            - name: fetch\n              image: tools:nightly\n              imagePullPolicy: [|Never|]\n          containers:\n            - name: job\n              image: job:2.0\n',
      errors: ['notAlways'],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          initContainers:\n            - name: fetch\n              image: tools:nightly\n              imagePullPolicy: Always\n          containers:\n            - name: job\n              image: job:2.0\n',
    },
    { name: 'flow-style container: no fix', code: pod('      image: x\n').replace('    - name: app\n      image: x\n', '    - {name: app, image: [|"app:develop"|]}\n'), errors: ['notAlways'] },
  ],
});
