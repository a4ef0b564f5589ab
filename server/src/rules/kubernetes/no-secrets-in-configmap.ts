import { isScalar, type Node, type Pair } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap } from '../../languages/kubernetes/model';
import { secretReason } from './no-secrets-in-env';

/** Cloud credential names that no-secrets-in-env's name patterns do not catch (Azure and OCI keys). */
const CLOUD_KEY = /^AZURE_[A-Z0-9_]*KEY$|(^|_)(KEY_CONTENT|STORAGE_KEY|ACCOUNT_KEY|MASTER_KEY|SHARED_KEY)$/;
const PLACEHOLDER = /^\$\(|^\$\{|\{\{|^<[^>]*>$/;
/** `KEY=value`, `key: value`, `"key": "value",` lines of env files, properties, YAML and JSON config files. */
const ENTRY = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[=:]\s*(.*?)\s*,?\s*$/;

function unquote(v: string): string {
  const t = v.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}

/** Why a ConfigMap entry (name and literal value) looks like a credential, if it does. */
export function credential(name: string, value: string): 'name' | 'value' | undefined {
  // `spring.datasource.password`, `apiKey`, `passwordPolicy` -> SPRING_DATASOURCE_PASSWORD, API_KEY, PASSWORD_POLICY.
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.-]/g, '_').toUpperCase();
  const v = value.trim();
  const reason = secretReason(snake, value);
  if (reason === 'value') return reason;
  // Small numbers are limits and counts (max_tokens: 4096), not credentials.
  if (/^\d{1,5}$/.test(v)) return undefined;
  if (reason) return reason;
  if (CLOUD_KEY.test(snake) && v && !v.startsWith('/') && !PLACEHOLDER.test(v)) return 'name';
  return undefined;
}

/** The first `KEY=value` line of a config file value that holds a credential. */
export function embeddedCredential(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(line)) continue;
    const m = ENTRY.exec(line);
    if (!m) continue;
    const value = unquote(m[2]);
    if (!value || PLACEHOLDER.test(value)) continue;
    if (credential(m[1], value) === 'name') return m[1];
  }
  return undefined;
}

export default defineRule({
  id: 'kubernetes/no-secrets-in-configmap',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Keep passwords, tokens and keys out of ConfigMaps; put them in Secrets.',
  rationale:
    'ConfigMaps are meant to be read: they show up in `kubectl describe`, dashboards, logs of GitOps tools and every ' +
    'role that may view configuration, and they are never encrypted at rest. A credential there, or inside a config file ' +
    'a ConfigMap carries (`DB_PASSWORD=...` in an env file, `spring.datasource.password` in properties), is readable by ' +
    'everyone who can read the namespace. Move it to a Secret and mount it or reference it with secretKeyRef.',
  fixable: false,
  sources: [
    { tool: 'polaris', id: 'sensitiveConfigmapContent' },
    { tool: 'trivy', id: 'KSV-0109' },
  ],
  messages: {
    key: 'ConfigMap "{{name}}" holds a credential in {{key}}. Move it to a Secret.',
    privateKey: 'ConfigMap "{{name}}" holds a private key in {{key}}. Move it to a Secret (type kubernetes.io/tls or Opaque).',
    embedded: 'ConfigMap "{{name}}" holds a credential ({{entry}}) inside {{key}}. Move the value to a Secret and inject it, e.g. as an environment variable.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  LOG_LEVEL: info\n  DB_PASSWORD_FILE: /run/secrets/db\n  application.properties: |\n    spring.datasource.url=jdbc:postgresql://db/app\n    spring.datasource.password=${DB_PASSWORD}\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  DB_PASSWORD: hunter2\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  app.env: |\n    REDIS_HOST=redis\n    REDIS_PASSWORD=abcd1234\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      if (o.kind !== 'ConfigMap') continue;
      const data = getMap(o.map, 'data');
      if (!data) continue;
      const name = o.name ?? '(unnamed)';
      for (const pair of data.items as Pair<Node, Node>[]) {
        if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
        const key = String(pair.key.value);
        const value = pair.value.value;
        if (typeof value !== 'string' && typeof value !== 'number') continue;
        const text = String(value);
        const range = ctx.model.rangeOf(pair.key);
        const reason = credential(key, text);
        if (reason) {
          ctx.report({ range, messageId: reason === 'value' ? 'privateKey' : 'key', data: { name, key } });
          continue;
        }
        const entry = embeddedCredential(text);
        if (entry) ctx.report({ range, messageId: 'embedded', data: { name, key, entry } });
      }
    }
  },
});
