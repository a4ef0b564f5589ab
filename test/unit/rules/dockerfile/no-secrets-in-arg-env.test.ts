import rule from '../../../../server/src/rules/dockerfile/no-secrets-in-arg-env';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n',
    { name: '_FILE points at a secret (the official images\' convention)', code: 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n' },
    { name: 'GPG keys are public fingerprints', code: 'FROM python:3.12\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\nENV GPG_KEYS="A B"\n' },
    { name: 'references and settings', code: 'FROM alpine:3.20\nARG TOKEN_URL\nENV PASSWORD_MIN_LENGTH=12 AUTH_TYPE=oidc OAUTH_CLIENT_ID=web\nENV SECRETS_DIR=/run/secrets AWS_ACCESS_KEY_ID=AKIA\n' },
    { name: 'words that merely contain a secret word', code: 'FROM python:3.12\nENV TOKENIZERS_PARALLELISM=false KEYCLOAK_VERSION=26 MONKEY=1\nARG PUBLIC_API_KEY\n' },
    { name: 'switches and cleared values', code: 'FROM alpine:3.20\nENV NO_AUTH=true\nENV API_TOKEN=\n' },
    { name: 'a path under /run/secrets', code: 'FROM alpine:3.20\nENV DB_PASSWORD=/run/secrets/db\n' },
    { name: 'secret words in RUN are out of scope', code: 'FROM alpine:3.20\nRUN export PASSWORD=x\n' },
    { name: 'LABEL is not ARG/ENV', code: 'FROM alpine:3.20\nLABEL token=abc\n' },
  ],
  invalid: [
    { code: 'FROM node:22-slim\nARG [|NPM_TOKEN|]\n', errors: ['arg'] },
    { name: 'BuildKit\'s example', code: 'FROM scratch\nARG [|AWS_SECRET_ACCESS_KEY|]\n', errors: ['arg'] },
    { name: 'global ARG with default', code: 'ARG [|GITHUB_TOKEN|]=ghp_x\nFROM alpine:3.20\n', errors: ['arg'] },
    { name: 'ENV key=value, several on one line', code: 'FROM alpine:3.20\nENV [|DB_PASSWORD|]=hunter2 APP_PORT=8080 [|API_KEY|]=k\n', errors: ['env', 'env'] },
    { name: 'legacy ENV form', code: 'FROM alpine:3.20\nENV [|SECRET_KEY_BASE|] abc def\n', errors: ['env'] },
    { name: 'glued and camelCase names', code: 'FROM postgres:16\nENV [|PGPASSWORD|]=x\nARG [|githubToken|]\nARG [|sshPrivateKey|]\n', errors: ['env', 'arg', 'arg'] },
    { name: 'credentials and auth', code: 'FROM alpine:3.20\nARG [|GOOGLE_APPLICATION_CREDENTIALS_JSON|]\nENV [|BASIC_AUTH|]=user:pass\n', errors: ['arg', 'env'] },
    { name: 'continuation', code: 'FROM alpine:3.20\nENV A=1 \\\n    [|MYSQL_ROOT_PASSWORD|]=root\n', errors: ['env'] },
    { name: 'shipshape-ignore silences the next line only', code: 'FROM alpine:3.20\n# shipshape-ignore dockerfile/no-secrets-in-arg-env\nARG API_TOKEN\nARG [|DEPLOY_KEY|]\n', errors: ['arg'] },
  ],
});
