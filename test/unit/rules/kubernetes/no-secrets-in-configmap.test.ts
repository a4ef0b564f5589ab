import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { credential, embeddedCredential } from '../../../../server/src/rules/kubernetes/no-secrets-in-configmap';
import { run } from '../../../helpers/ruleTester';

const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n${data}`;

test('credential and embeddedCredential', () => {
  assert.equal(credential('AWS_SECRET_ACCESS_KEY', 'x'), 'name');
  assert.equal(credential('AZURE_BATCH_KEY', 'x'), 'name');
  assert.equal(credential('OCI_CLI_KEY_CONTENT', 'x'), 'name');
  assert.equal(credential('db.password', 'x'), 'name');
  assert.equal(credential('AZURE_KEY_VAULT_NAME', 'vault'), undefined);
  assert.equal(credential('SORT_KEY', 'id'), undefined);
  assert.equal(credential('db_user', 'postgres'), undefined);
  assert.equal(credential('passwordPolicy', 'strict'), undefined);
  assert.equal(credential('secretName', 'db-credentials'), undefined);
  assert.equal(credential('max_tokens', '4096'), undefined);
  assert.equal(credential('apiKey', 'sk-123'), 'name');
  assert.equal(embeddedCredential('REDIS_PASSWORD=abcd1234'), 'REDIS_PASSWORD');
  assert.equal(embeddedCredential('REDIS_PASSWORD='), undefined);
  assert.equal(embeddedCredential('REDIS_PASSWORD=${REDIS_PASSWORD}'), undefined);
  assert.equal(embeddedCredential('{\n  "apiKey": "sk-live-123",\n}'), 'apiKey');
  assert.equal(embeddedCredential('# password=old\nhost=db'), undefined);
  assert.equal(embeddedCredential('location / {\n  proxy_pass http://backend;\n}'), undefined);
});

run(rule, {
  valid: [
    cm('  message: This is a test\n  db_user: postgres\n'),
    { name: 'no data', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n' },
    { name: 'references, paths and placeholders', code: cm('  DB_PASSWORD_FILE: /run/secrets/db\n  TOKEN_URL: https://auth.example.com/token\n  app.env: |\n    REDIS_PASSWORD=\n    API_TOKEN=${API_TOKEN}\n  settings.yaml: |\n    password: "{{ .Values.password }}"\n') },
    { name: 'a certificate is public', code: cm('  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n') },
    { name: 'a Secret may hold secrets', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: hunter2\n' },
  ],
  invalid: [
    {
      name: 'credential keys',
      code: cm('  [|AWS_SECRET_ACCESS_KEY|]: xxxxx\n  db_username: postgres\n  [|db_password|]: abc123 # temporary\n'),
      errors: ['key', 'key'],
    },
    {
      name: 'a private key in a value',
      code: cm('  a_key: and value that are ok\n  [|ssh_access|]: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    xxxxxxxx\n    -----END OPENSSH PRIVATE KEY-----\n'),
      errors: ['privateKey'],
    },
    {
      name: 'credentials inside config files',
      code: cm('  [|config|]: REDIS_PASSWORD=abcd1234\n  [|application.properties|]: |\n    spring.datasource.url=jdbc:postgresql://db/app\n    spring.datasource.password=s3cr3t\n'),
      errors: ['embedded', 'embedded'],
    },
    {
      name: 'several ConfigMaps, flow style',
      code: cm('  LOG_LEVEL: info\n') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {[|API_KEY|]: "abc"}\n',
      errors: ['key'],
    },
  ],
});
