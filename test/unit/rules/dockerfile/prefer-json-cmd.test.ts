import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/dockerfile/prefer-json-cmd';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import { lintWith, run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "server.js"]\n',
    { name: 'BuildKit: an explicit SHELL makes shell form intentional', code: 'FROM alpine:3.20\nRUN apk add bash\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT echo "hello world"\n' },
    { name: 'SHELL from the parent stage', code: 'FROM alpine:3.20 AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nCMD echo $HOME\n' },
    { name: 'RUN and HEALTHCHECK shell form are fine', code: 'FROM alpine:3.20\nRUN echo hi\nHEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1\n' },
    { name: 'JSON with odd spacing', code: 'FROM alpine:3.20\nENTRYPOINT [ "a" ,"b" ]\n' },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nCMD [|node server.js|]\n',
      errors: ['shellForm'],
      fixTitles: ['Convert to CMD ["node", "server.js"]'],
      output: 'FROM node:22-slim\nCMD ["node", "server.js"]\n',
    },
    { name: 'BuildKit\'s example', code: 'FROM alpine\nENTRYPOINT [|my-program start|]\n', errors: ['shellForm'], output: 'FROM alpine\nENTRYPOINT ["my-program", "start"]\n' },
    { name: 'quoted words', code: 'FROM nginx:1.27\nCMD [|nginx -g \'daemon off;\'|]\n', errors: ['shellForm'], output: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n' },
    { name: 'double quotes and JSON escaping', code: 'FROM alpine:3.20\nCMD [|echo "a \'b\' c"|]\n', errors: ['shellForm'], output: 'FROM alpine:3.20\nCMD ["echo", "a \'b\' c"]\n' },
    { name: 'exec is dropped', code: 'FROM node:22-slim\nCMD [|exec node server.js|]\n', errors: ['shellForm'], output: 'FROM node:22-slim\nCMD ["node", "server.js"]\n' },
    { name: 'continuation', code: 'FROM python:3.12-slim\nCMD [|gunicorn app:app \\\n    --bind 0.0.0.0:8000|]\n', errors: ['shellForm'], output: 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]\n' },
    { name: 'CRLF', code: 'FROM node:22-slim\r\nCMD [|node server.js|]\r\n', errors: ['shellForm'], output: 'FROM node:22-slim\r\nCMD ["node", "server.js"]\r\n' },
    { name: 'variables: no fix', code: 'FROM node:22-slim\nCMD [|node $APP_MAIN|]\n', errors: ['shellForm'] },
    { name: 'chains: no fix', code: 'FROM node:22-slim\nCMD [|npm run migrate && node server.js|]\n', errors: ['shellForm'] },
    { name: 'redirect: no fix', code: 'FROM node:22-slim\nCMD [|node server.js 2>&1|]\n', errors: ['shellForm'] },
    { name: 'glob: no fix', code: 'FROM alpine:3.20\nCMD [|cat /etc/*.conf|]\n', errors: ['shellForm'] },
    { name: 'assignment: no fix', code: 'FROM node:22-slim\nCMD [|NODE_ENV=production node server.js|]\n', errors: ['shellForm'] },
    { name: 'comment line inside: no fix', code: 'FROM node:22-slim\nCMD [|node \\\n# the entry\n  server.js|]\n', errors: ['shellForm'] },
    { name: 'escape directive', code: '# escape=`\nFROM node:22-slim\nCMD [|node `\n  server.js|]\n', errors: ['shellForm'], output: '# escape=`\nFROM node:22-slim\nCMD ["node", "server.js"]\n' },
    {
      name: 'ENTRYPOINT with a CMD in the stage: offered, not safe',
      code: 'FROM alpine:3.20\nENTRYPOINT [|/app/run|]\nCMD ["--port", "80"]\n',
      errors: ['shellForm'],
      output: 'FROM alpine:3.20\nENTRYPOINT ["/app/run"]\nCMD ["--port", "80"]\n',
    },
    { name: 'SHELL after the CMD does not count', code: 'FROM alpine:3.20\nCMD [|run|]\nSHELL ["/bin/ash", "-c"]\n', errors: ['shellForm'], output: 'FROM alpine:3.20\nCMD ["run"]\nSHELL ["/bin/ash", "-c"]\n' },
  ],
});

test('converting is safe unless an ENTRYPOINT would start receiving CMD', async () => {
  const settings = normalizeSettings({});
  const safe = async (code: string) => (await lintWith(rule, code, settings)).map((f) => f.fixes.map((x) => x.safe));
  assert.deepEqual(await safe('FROM alpine:3.20\nCMD run\nENTRYPOINT /app/run\n'), [[true], [false]]);
  assert.deepEqual(await safe('FROM alpine:3.20\nENTRYPOINT /app/run\n'), [[true]]);
});
