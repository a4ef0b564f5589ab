import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { runtimeSocket } from '../../../../server/src/rules/kubernetes/no-container-runtime-socket';
import { run } from '../../../helpers/ruleTester';

const deploy = (volumes: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ci\nspec:\n  selector:\n    matchLabels: {app: ci}\n  template:\n    metadata:\n      labels: {app: ci}\n    spec:\n      containers:\n        - name: runner\n          image: runner:1\n          volumeMounts:\n            - name: sock\n              mountPath: /var/run/docker.sock\n      volumes:\n' + volumes;

test('runtimeSocket', () => {
  assert.equal(runtimeSocket('/var/run/docker.sock'), 'socket');
  assert.equal(runtimeSocket('/run/containerd/containerd.sock'), 'socket');
  assert.equal(runtimeSocket('/var/run/crio/crio.sock'), 'socket');
  assert.equal(runtimeSocket('/var//run/docker.sock'), 'socket');
  assert.equal(runtimeSocket('/var/run/'), 'directory');
  assert.equal(runtimeSocket('/run/containerd'), 'directory');
  assert.equal(runtimeSocket('/var/run/thing.sock'), undefined);
  assert.equal(runtimeSocket('/var/log'), undefined);
  assert.equal(runtimeSocket(42), undefined);
});

run(rule, {
  valid: [
    deploy('        - name: sock\n          hostPath:\n            path: /var/run/thing.sock\n'),
    { name: 'not a hostPath', code: deploy('        - name: sock\n          emptyDir: {}\n') },
  ],
  invalid: [
    {
      name: 'docker.sock',
      code: deploy('        - name: sock\n          hostPath:\n            path: [|/var/run/docker.sock|]\n            type: Socket\n'),
      errors: ['socket'],
    },
    {
      name: 'containerd and the directory holding the sockets',
      code: deploy('        - name: sock\n          hostPath: {path: [|"/run/containerd/containerd.sock"|]}\n        - name: run\n          hostPath:\n            path: [|/var/run|]\n'),
      errors: ['socket', 'directory'],
    },
  ],
});
