import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';

/** Name parts that mean "this holds a secret" on their own. */
const SECRET_PARTS = new Set(['password', 'passwd', 'pword', 'passphrase', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'auth']);
/** `KEY` is a secret only with one of these before it (API_KEY, AWS_SECRET_ACCESS_KEY, SSH_PRIVATE_KEY…); GPG_KEY is a fingerprint. */
const KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'access', 'ssh', 'signing', 'encryption', 'master', 'license', 'licence', 'client', 'app', 'service', 'account', 'deploy', 'jwt', 'session', 'crypt']);
/** Parts that say the variable holds something about a secret, not the secret: where it is, how long, whether used. */
const REFERENCE_SUFFIXES = new Set([
  'file', 'path', 'dir', 'url', 'uri', 'endpoint', 'host', 'port', 'id', 'name', 'user', 'username', 'type', 'method', 'mode', 'enabled', 'disabled',
  'required', 'length', 'len', 'size', 'ttl', 'expiry', 'expires', 'timeout', 'header', 'version', 'env', 'var', 'provider', 'policy', 'algorithm', 'format',
  'hash', 'prefix',
]);
/** Glued names: PGPASSWORD, DBPASSWD, AUTHTOKEN, GITHUBTOKEN. */
const SECRET_ENDINGS = /(password|passwd|secret|token|apikey)$/;
/** Values that are switches, not secrets (`ENV NO_AUTH=true`). */
const NOT_A_SECRET_VALUE = /^(true|false|yes|no|on|off|0|1|none|disabled|enabled)$/i;
/** Names that are never secrets though they contain a secret word. */
const PUBLIC_PARTS = new Set(['public', 'pub', 'gpg', 'pgp']);

/** Splits `AWS_SECRET_ACCESS_KEY`, `db-password`, `apiKey` into lower-case parts. */
function parts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a variable name suggests it carries a secret value (see the rule's rationale for the choices). */
function looksSecret(name: string): boolean {
  const p = parts(name);
  if (p.length === 0 || p.some((x) => PUBLIC_PARTS.has(x))) return false;
  if (REFERENCE_SUFFIXES.has(p[p.length - 1]) && p.length > 1) return false;
  // AUTH alone is a secret (a header value); AUTH_URL, AUTH_TYPE… are caught by the suffixes above.
  return p.some((x, i) => SECRET_PARTS.has(x) || SECRET_ENDINGS.test(x) || ((x === 'key' || x === 'keys') && i > 0 && KEY_QUALIFIERS.has(p[i - 1])));
}

interface PropertyLike {
  getName(): string;
  getNameRange(): Range;
  getValue(): string | null;
}

export default defineRule({
  id: 'dockerfile/no-secrets-in-arg-env',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not pass secrets through ARG or ENV; mount them with RUN --mount=type=secret.',
  rationale:
    'ENV values are stored in the image config and every container\'s environment, and build ARG values are recorded in the ' +
    'image history (`docker history`) and in build provenance: anyone who can pull the image can read them. A secret mount ' +
    '(`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN …`) is available to that one step and is never stored. Names ' +
    'that only point at a secret (`*_FILE`, `*_PATH`, `*_URL`, `*_ID`…) and public keys (`GPG_KEY`) are not reported.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3064' },
    { tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' },
    { tool: 'trivy', id: 'DS-0031' },
  ],
  messages: {
    arg: 'ARG {{name}} looks like a secret: build argument values end up in the image history. Use RUN --mount=type=secret,id={{id}} in the step that needs it.',
    env: 'ENV {{name}} looks like a secret: ENV values are stored in the image for anyone who pulls it. Mount it with RUN --mount=type=secret,id={{id}} at build time, or pass it when the container starts.',
  },
  examples: {
    valid: ['FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n', 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n', 'FROM python:3.12\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\n'],
    invalid: ['FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n', 'FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY=abc123\n'],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword !== 'ARG' && keyword !== 'ENV') continue;
      const props = (instr as unknown as { getProperties(): PropertyLike[] }).getProperties();
      for (const prop of props) {
        const name = prop.getName();
        if (!looksSecret(name)) continue;
        const value = (prop.getValue() ?? '').replace(/^(["'])(.*)\1$/, '$2');
        // `ENV TOKEN=` clears a value, `ENV NO_AUTH=true` is a switch, and a path under /run/secrets points at a mounted secret.
        if (NOT_A_SECRET_VALUE.test(value) || value.startsWith('/run/secrets/') || (keyword === 'ENV' && value === '')) continue;
        ctx.report({ range: prop.getNameRange(), messageId: keyword === 'ARG' ? 'arg' : 'env', data: { name, id: name.toLowerCase() } });
      }
    }
  },
});
