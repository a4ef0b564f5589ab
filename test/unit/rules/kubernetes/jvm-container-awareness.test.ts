import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { parseBytes } from '../../../../server/src/rules/kubernetes/jvm-container-awareness';
import { run } from '../../../helpers/ruleTester';

const pod = (container: string, image = 'eclipse-temurin:21-jre') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${image}\n${container}`;
const limit = (memory: string) => `      resources:\n        limits:\n          memory: ${memory}\n`;
const opts = (name: string, value: string) => `      env:\n        - name: ${name}\n          value: ${value}\n`;

test('parseBytes', () => {
  assert.equal(parseBytes('1Gi'), 2 ** 30);
  assert.equal(parseBytes('500M'), 5e8);
  assert.equal(parseBytes('2g', true), 2 * 2 ** 30);
  assert.equal(parseBytes('512m', true), 512 * 2 ** 20);
  assert.equal(parseBytes('lots'), undefined);
});

run(rule, {
  valid: [
    pod(opts('JAVA_TOOL_OPTIONS', '"-XX:MaxRAMPercentage=75.0"') + limit('1Gi')),
    { name: 'no JVM options, memory limit set', code: pod(limit('1Gi')) },
    { name: '-Xmx with MaxRAMPercentage is left alone when below the limit', code: pod(opts('JAVA_OPTS', '"-Xmx512m -XX:MaxRAMPercentage=75"') + limit('1Gi')) },
    { name: 'not Java', code: pod('', 'nginx:1.27') },
    { name: 'init containers are not checked', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: migrate\n      image: flyway/flyway:10-jdk\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
  ],
  invalid: [
    { name: 'pinned heap in JAVA_OPTS', code: pod(opts('JAVA_OPTS', '"-Xms256m [|-Xmx512m|] -Dfile.encoding=UTF-8"') + limit('2Gi')), errors: ['pinnedHeap'] },
    { name: 'heap at the limit', code: pod(opts('JAVA_TOOL_OPTIONS', '[|-Xmx1g|]') + limit('1Gi')), errors: ['heapOverLimit'] },
    { name: 'heap above the limit, in args of a custom image', code: pod('      command: [java]\n      args: ["[|-Xmx4g|]", "-jar", "/app.jar"]\n' + limit('3Gi'), 'registry.example.com/orders:1.4'), errors: ['heapOverLimit'] },
    { name: 'container support turned off', code: pod(opts('_JAVA_OPTIONS', '"[|-XX:-UseContainerSupport|]"') + limit('1Gi')), errors: ['containerSupportOff'] },
    { name: 'no memory limit', code: pod('      ports:\n        - containerPort: 8080\n').replace('name: app', 'name: [|app|]'), errors: ['noMemoryLimit'] },
    { name: 'java in a shell command, Deployment', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:2.0\n          command: ["sh", "-c", "exec java [|-Xmx768m|] -jar /app.jar"]\n          resources:\n            limits: {memory: 2Gi}\n', errors: ['pinnedHeap'] },
  ],
});
