import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { supervisorIn } from '../../../../server/src/rules/kubernetes/no-god-pod';
import { run } from '../../../helpers/ruleTester';

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containers}`;
const many = (n: number) => Array.from({ length: n }, (_, i) => `    - name: c${i}\n      image: app:1.0\n`).join('');

test('supervisorIn', () => {
  assert.equal(supervisorIn('/usr/bin/supervisord'), 'supervisord');
  assert.equal(supervisorIn('exec supervisord -n -c /etc/supervisor.conf'), 'supervisord');
  assert.equal(supervisorIn('/init'), '/init');
  assert.equal(supervisorIn('/sbin/init'), '/sbin/init');
  assert.equal(supervisorIn('s6-svscan /etc/services'), 's6-svscan');
  assert.equal(supervisorIn('/etc/supervisord.conf'), undefined);
  assert.equal(supervisorIn('tini'), undefined);
  assert.equal(supervisorIn('/usr/bin/dumb-init'), undefined);
  assert.equal(supervisorIn('systemd-resolved'), undefined);
  assert.equal(supervisorIn('./initialize.sh'), undefined);
});

run(rule, {
  valid: [
    pod(many(5)),
    { name: 'tini as init is fine', code: pod('    - name: app\n      image: app:1.0\n      command: [/sbin/tini, --, /app/server]\n') },
    { name: 'supervisor config path as an argument to something else', code: pod('    - name: app\n      image: app:1.0\n      args: [--config, /etc/supervisord.conf]\n') },
    { name: 'init containers are not counted', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n' + many(4).replace(/c(\d)/g, 'i$1') + '  containers:\n' + many(3) },
  ],
  invalid: [
    { name: 'six containers', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  [|containers|]:\n' + many(6), errors: ['tooMany'] },
    { name: 'supervisord in command', code: pod('    - name: app\n      image: app:1.0\n      command: [[|"/usr/bin/supervisord"|], "-n"]\n'), errors: ['supervisor'] },
    { name: 'shell starting s6-overlay in args', code: pod('    - name: app\n      image: app:1.0\n      command: [sh, -c]\n      args:\n        - [|exec /init|]\n'), errors: ['supervisor'] },
    {
      name: 'Deployment with a runit container',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: legacy\n          image: legacy:1.0\n          command: [[|runsvdir|], /etc/service]\n',
      errors: ['supervisor'],
    },
  ],
});
