import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { isSafeSysctl, normalizeSysctl } from '../../../../server/src/rules/kubernetes/no-unsafe-sysctls';
import { run } from '../../../helpers/ruleTester';

const pod = (sysctls: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n    sysctls:\n${sysctls}  containers:\n    - name: app\n      image: app:1.0\n`;

test('normalizeSysctl and the safe set', () => {
  assert.equal(normalizeSysctl('net/ipv4/ip_local_port_range'), 'net.ipv4.ip_local_port_range');
  assert.equal(normalizeSysctl('net/ipv4/conf/eth0.100/forwarding'), 'net.ipv4.conf.eth0/100.forwarding');
  assert.equal(normalizeSysctl('net.ipv4.conf.eth0/100.forwarding'), 'net.ipv4.conf.eth0/100.forwarding');
  assert.ok(isSafeSysctl('net/ipv4/tcp_syncookies'));
  assert.ok(isSafeSysctl('net.ipv4.tcp_rmem'));
  assert.ok(!isSafeSysctl('net.ipv4.tcp_rmem', 31), 'safe only since 1.32');
  assert.ok(!isSafeSysctl('kernel.shm_rmid_forced_not'));
});

run(rule, {
  valid: [
    pod('      - name: kernel.shm_rmid_forced\n        value: "1"\n      - name: net.ipv4.ip_unprivileged_port_start\n        value: "80"\n      - name: net/ipv4/tcp_keepalive_time\n        value: "600"\n'),
    { name: 'no sysctls', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n' },
    { name: 'a Service is not a pod', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  securityContext:\n    sysctls: [{name: vm.swappiness}]\n' },
  ],
  invalid: [
    {
      name: 'namespaced but unsafe, and node-level',
      code: pod('      - name: [|net.core.somaxconn|] # for the load test\n        value: "4096"\n      - name: net.ipv4.ip_local_port_range\n        value: "1024 65000"\n      - name: [|vm.max_map_count|]\n        value: "262144"\n'),
      errors: ['unsafe', 'nodeLevel'],
    },
    {
      name: 'safe only on newer clusters',
      settings: { kubernetes: { version: '1.28' } },
      code: pod('      - name: [|net.ipv4.tcp_fin_timeout|]\n        value: "30"\n'),
      errors: ['unsafe'],
    },
    {
      name: 'CronJob pod template, flow style',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          securityContext: {sysctls: [{name: [|kernel.sem|], value: "250 32000 100 128"}]}\n          containers:\n            - name: job\n              image: app:1.0\n',
      errors: ['unsafe'],
    },
    {
      name: 'Deployment with four-space indentation',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: d\nspec:\n    template:\n        spec:\n            securityContext:\n                sysctls:\n                    -   name: [|fs.mqueue.msg_max|]\n                        value: "100"\n            containers:\n                -   name: app\n                    image: app:1.0\n',
      errors: ['unsafe'],
    },
  ],
});
