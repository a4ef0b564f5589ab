import { isMap, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getNode, getScalar } from '../../languages/kubernetes/model';

/** Name parts that say the value is a credential. */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|(^|_)(TOKENS?|PASS|PWD)($|_)/;
/** Suffixes that name where a secret is, or something about it, rather than the secret itself. */
const NOT_A_SECRET = /_(FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|PORT|NAME|USER|USERNAME|ID|LENGTH|TTL|TIMEOUT|EXPIRY|EXPIRES|EXPIRATION|HEADER|TYPE|ENABLED|REQUIRED|POLICY|ALGORITHM|KIND|REF|KEY_ID|FIELD|PREFIX|SUFFIX)$/;
const PRIVATE_KEY_BLOCK = /BEGIN [A-Z ]*PRIVATE KEY/;

/** Why an env var with a literal value looks like a secret, if it does. */
export function secretReason(name: string, value: string): 'name' | 'value' | undefined {
  if (PRIVATE_KEY_BLOCK.test(value)) return 'value';
  const upper = name.toUpperCase();
  if (upper === 'PWD' || NOT_A_SECRET.test(upper) || !SECRET_NAME.test(upper)) return undefined;
  const v = value.trim();
  // Paths, references to other variables, templates and switches are not secrets.
  if (!v || v.startsWith('/') || /^\$\(|^\$\{|\{\{/.test(v) || /^(true|false|yes|no|on|off|none|null|enabled|disabled)$/i.test(v)) return undefined;
  return 'name';
}

export default defineRule({
  id: 'kubernetes/no-secrets-in-env',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Do not put passwords, tokens or keys as literal env values; reference a Secret.',
  rationale:
    'A literal value in a manifest lives in Git history, in every rendered chart, in `kubectl get -o yaml` for anyone who can ' +
    'read the workload, and in CI logs. A Secret can be access-controlled, encrypted at rest and rotated without a rebuild; ' +
    'reference it with `valueFrom.secretKeyRef` (or mount it as a file).',
  fixable: false,
  sources: [
    { tool: 'kube-linter', id: 'env-var-secret', tags: ['secret-name'] },
    { tool: 'polaris', id: 'sensitiveContainerEnvVar' },
  ],
  messages: {
    literal: 'Environment variable {{env}} of container "{{name}}" holds a literal credential. Move it to a Secret and use valueFrom.secretKeyRef.',
    privateKey: 'Environment variable {{env}} of container "{{name}}" holds a private key. Move it to a Secret and mount it or use valueFrom.secretKeyRef.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n        - name: DB_PASSWORD_FILE\n          value: /run/secrets/db\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env:\n        - name: DB_PASSWORD\n          value: hunter2\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const env = getNode(c.map, 'env');
      for (const e of isSeq(env) ? env.items : []) {
        if (!isMap(e)) continue;
        const name = getScalar(e, 'name');
        const value = getScalar(e, 'value');
        if (typeof name !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) continue;
        const reason = secretReason(name, String(value));
        if (!reason) continue;
        ctx.report({
          range: ctx.model.rangeOf(getNode(e, 'value')),
          messageId: reason === 'value' ? 'privateKey' : 'literal',
          data: { env: name, name: c.name },
          tags: /secret/i.test(name) ? ['secret-name'] : undefined,
        });
      }
    }
  },
});
