import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule, { secretReason } from '../../../../server/src/rules/kubernetes/no-secrets-in-env';
import { run } from '../../../helpers/ruleTester';

const pod = (env: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env:\n${env}`;
const env = (name: string, value: string) => `        - name: ${name}\n          value: ${value}\n`;

test('secretReason', () => {
  for (const name of ['DB_PASSWORD', 'password', 'MYSQL_ROOT_PASSWD', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'API_KEY', 'STRIPE_APIKEY', 'AWS_SECRET_ACCESS_KEY', 'GOOGLE_CREDENTIALS', 'DB_PASS', 'JWT_SIGNING_KEY']) {
    assert.equal(secretReason(name, 'hunter2'), 'name', name);
  }
  for (const name of ['PASSWORD_FILE', 'SECRET_NAME', 'TOKEN_URL', 'AWS_ACCESS_KEY_ID', 'PWD', 'TOKENIZER', 'KEYCLOAK_URL', 'LOG_LEVEL', 'AUTH_ENABLED']) {
    assert.equal(secretReason(name, 'x'), undefined, name);
  }
  assert.equal(secretReason('DB_PASSWORD', '/run/secrets/db'), undefined);
  assert.equal(secretReason('DB_PASSWORD', '$(FROM_OTHER_VAR)'), undefined);
  assert.equal(secretReason('REQUIRE_PASSWORD', 'true'), undefined);
  assert.equal(secretReason('DB_PASSWORD', ''), undefined);
  assert.equal(secretReason('TLS', '-----BEGIN RSA PRIVATE KEY-----\nabc'), 'value');
});

run(rule, {
  valid: [
    pod('        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n'),
    { name: 'file pointer', code: pod(env('DB_PASSWORD_FILE', '/run/secrets/db-password')) },
    { name: 'harmless names', code: pod(env('LOG_LEVEL', 'debug') + env('SECRET_NAME', 'db-credentials')) },
    { name: 'Helm placeholder', code: pod(env('API_TOKEN', '"{{ .Values.token }}"')) },
  ],
  invalid: [
    { name: 'password literal', code: pod(env('DB_PASSWORD', '[|hunter2|]')), errors: ['literal'] },
    { name: 'numbers too', code: pod(env('PIN_PASSWORD', '[|123456|]')), errors: ['literal'] },
    {
      name: 'private key block in any variable',
      code: pod('        - name: TLS_MATERIAL\n          value: [||\n            -----BEGIN OPENSSH PRIVATE KEY-----\n            abc\n            -----END OPENSSH PRIVATE KEY-----\n|]'),
      errors: ['privateKey'],
    },
    {
      name: 'init container of a CronJob',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          initContainers:\n            - name: init\n              image: init:1.0\n              env:\n                - {name: REGISTRY_TOKEN, value: [|"ghp_abc"|]}\n          containers: []\n',
      errors: ['literal'],
    },
  ],
});

test('findings for names containing "secret" carry the tag kube-linter env-var-secret maps to', async () => {
  const res = await lint({ text: pod(env('CLIENT_SECRET', 'abc') + env('DB_PASSWORD', 'abc')), language: 'kubernetes', only: new Set([rule.id]) });
  assert.deepEqual(res.findings.map((f) => f.tags), [['secret-name'], undefined]);
});
