import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/dockerfile/useradd-no-log-init';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import { lintWith, run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN useradd -l -u 1000001 app\n',
    'FROM debian:bookworm-slim\nRUN useradd --no-log-init --uid=1000001 app\n',
    { name: 'bundled -lm', code: 'FROM debian:bookworm-slim\nRUN useradd -lm -u 123456 app\n' },
    { name: 'small UID', code: 'FROM debian:bookworm-slim\nRUN useradd -u 99999 app && useradd --system app2\n' },
    { name: 'unknown variable is not guessed', code: 'FROM debian:bookworm-slim\nARG UID\nRUN useradd -u $UID app\n' },
    { name: 'small ARG default', code: 'FROM debian:bookworm-slim\nARG UID=1000\nRUN useradd -u ${UID} app\n' },
    { name: 'adduser has no lastlog option', code: 'FROM debian:bookworm-slim\nRUN adduser --uid 1000001 --disabled-password app\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /setup.sh\nuseradd -u 1000001 app\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN [|useradd|] -u 1000001 -m app\n',
      errors: ['noLogInit'],
      fixTitles: ['Add -l (--no-log-init)'],
      output: 'FROM debian:bookworm-slim\nRUN useradd -l -u 1000001 -m app\n',
    },
    { name: '--uid=', code: 'FROM fedora:40\nRUN groupadd -g 200000 app && [|/usr/sbin/useradd|] --uid=200000 -g app app\n', errors: ['noLogInit'], output: 'FROM fedora:40\nRUN groupadd -g 200000 app && /usr/sbin/useradd -l --uid=200000 -g app app\n' },
    { name: '-u joined', code: 'FROM debian:bookworm-slim\nRUN [|useradd|] -u123456 app\n', errors: ['noLogInit'], output: 'FROM debian:bookworm-slim\nRUN useradd -l -u123456 app\n' },
    {
      name: 'UID from ARG default (global, re-declared in the stage)',
      code: 'ARG APP_UID=1000001\nFROM debian:bookworm-slim\nARG APP_UID\nRUN [|useradd|] --uid "${APP_UID}" app\n',
      errors: ['noLogInit'],
      output: 'ARG APP_UID=1000001\nFROM debian:bookworm-slim\nARG APP_UID\nRUN useradd -l --uid "${APP_UID}" app\n',
    },
    { name: 'UID from ENV of a parent stage', code: 'FROM debian:bookworm-slim AS base\nENV UID=1000001\nFROM base\nRUN [|useradd|] -u $UID app\n', errors: ['noLogInit'], output: 'FROM debian:bookworm-slim AS base\nENV UID=1000001\nFROM base\nRUN useradd -l -u $UID app\n' },
    {
      name: 'continuation and comment',
      code: 'FROM debian:bookworm-slim\nRUN groupadd app \\\n  # the app user\n  && [|useradd|] \\\n     -u 1000001 -g app app\n',
      errors: ['noLogInit'],
      output: 'FROM debian:bookworm-slim\nRUN groupadd app \\\n  # the app user\n  && useradd -l \\\n     -u 1000001 -g app app\n',
    },
    { name: 'heredoc script', code: 'FROM debian:bookworm-slim\nRUN <<EOF\n[|useradd|] -u 1000001 app\nEOF\n', errors: ['noLogInit'], output: 'FROM debian:bookworm-slim\nRUN <<EOF\nuseradd -l -u 1000001 app\nEOF\n' },
    { name: 'exec form: no fix', code: 'FROM debian:bookworm-slim\nRUN [|["useradd", "-u", "1000001", "app"]|]\n', errors: ['noLogInit'] },
  ],
});

test('adding -l is a safe fix', async () => {
  const findings = await lintWith(rule, 'FROM debian:12\nRUN useradd -u 1000001 app\n', normalizeSettings({}));
  assert.deepEqual(findings.map((f) => f.fixes.map((x) => x.safe)), [[true]]);
});
