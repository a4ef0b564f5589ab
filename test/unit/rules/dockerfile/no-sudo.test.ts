import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/dockerfile/no-sudo';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import { lintWith, run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'installing the sudo package is not using it', code: 'FROM alpine:3.20\nRUN apk add --no-cache sudo\n' },
    { name: 'sudo as a word in a heredoc file', code: 'FROM alpine:3.20\nRUN cat <<EOF > /etc/motd\nsudo make me a sandwich\nEOF\n' },
    { name: 'quoted text', code: 'FROM alpine:3.20\nRUN echo "use sudo at home"\n' },
    { name: 'CMD is not a build step', code: 'FROM alpine:3.20\nCMD sudo -u app run\n' },
  ],
  invalid: [
    {
      name: 'Trivy DS010: alpine runs as root, so removing sudo is safe',
      code: 'FROM alpine:3.13\nRUN  [|sudo|] pip install --upgrade pip\nUSER mike\n',
      errors: ['sudo'],
      fixTitles: ['Remove sudo'],
      output: 'FROM alpine:3.13\nRUN  pip install --upgrade pip\nUSER mike\n',
    },
    {
      name: 'in a chain, explicit USER root',
      code: 'FROM jenkins/jenkins:lts\nUSER root\nRUN mkdir -p /opt/app && [|sudo|] chown jenkins /opt/app\n',
      errors: ['sudo'],
      output: 'FROM jenkins/jenkins:lts\nUSER root\nRUN mkdir -p /opt/app && chown jenkins /opt/app\n',
    },
    {
      name: 'unknown base user: the fix is offered but not safe',
      code: 'FROM gitpod/workspace-full:2024\nRUN [|sudo|] ./install.sh\n',
      errors: ['sudo'],
      output: 'FROM gitpod/workspace-full:2024\nRUN ./install.sh\n',
    },
    { name: 'non-root USER: no fix', code: 'FROM debian:bookworm-slim\nUSER app\nRUN [|sudo|] apt-get update\n', errors: ['sudo'] },
    { name: 'options change the user: no fix', code: 'FROM debian:bookworm-slim\nRUN [|sudo|] -u postgres psql -c "select 1"\n', errors: ['sudo'] },
    { name: 'full path', code: 'FROM debian:bookworm-slim\nRUN [|/usr/bin/sudo|] true\n', errors: ['sudo'], output: 'FROM debian:bookworm-slim\nRUN true\n' },
    { name: 'exec form: no fix', code: 'FROM debian:bookworm-slim\nRUN [|["sudo", "true"]|]\n', errors: ['sudo'] },
    {
      name: 'continuation and comment inside RUN; USER of a parent stage',
      code: 'FROM debian:bookworm-slim AS base\nUSER root\nFROM base\nRUN mkdir -p /opt/app \\\n  # owner\n  && [|sudo|] \\\n    chown 1000 /opt/app\n',
      errors: ['sudo'],
      output: 'FROM debian:bookworm-slim AS base\nUSER root\nFROM base\nRUN mkdir -p /opt/app \\\n  # owner\n  && chown 1000 /opt/app\n',
    },
    {
      name: 'heredoc script',
      code: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\n[|sudo|] mkdir /data\nEOF\n',
      errors: ['sudo'],
      output: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\nmkdir /data\nEOF\n',
    },
    { name: 'hadolint pragma silences it', code: 'FROM alpine:3.20\n# hadolint ignore=DL3004\nRUN sudo true\nRUN [|sudo|] false\n', errors: ['sudo'], output: 'FROM alpine:3.20\n# hadolint ignore=DL3004\nRUN sudo true\nRUN false\n' },
  ],
});

test('the fix is safe only when the build user is known to be root', async () => {
  const settings = normalizeSettings({});
  const safe = async (code: string) => (await lintWith(rule, code, settings)).map((f) => f.fixes.map((x) => x.safe));
  assert.deepEqual(await safe('FROM alpine:3.20\nRUN sudo true\n'), [[true]]);
  assert.deepEqual(await safe('FROM node:20\nUSER node\nUSER 0:0\nRUN sudo true\n'), [[true]]);
  assert.deepEqual(await safe('FROM gitpod/workspace-full:2024\nRUN sudo true\n'), [[false]]);
  assert.deepEqual(await safe('FROM gcr.io/distroless/base-debian12:nonroot\nRUN sudo true\n'), [[false]]);
});
