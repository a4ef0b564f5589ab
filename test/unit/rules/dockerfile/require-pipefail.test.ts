import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../../../server/src/rules/dockerfile/require-pipefail';
import { normalizeSettings } from '../../../../server/src/engine/settings';
import { lintWith, run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/install.sh | bash\n',
    { name: 'set -o pipefail in the script', code: 'FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/a.tgz | tar xz\n' },
    { name: 'set -euo pipefail', code: 'FROM debian:bookworm-slim\nRUN set -euo pipefail; curl -fsSL https://x | sh\n' },
    { name: 'combined -eo pipefail in SHELL', code: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN a | b\n' },
    { name: 'ash with pipefail', code: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\n' },
    { name: 'SHELL inherited from the parent stage', code: 'FROM debian:bookworm-slim AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n' },
    { name: 'no pipe', code: 'FROM debian:bookworm-slim\nRUN a && b || c\n' },
    { name: 'pipe inside quotes', code: 'FROM debian:bookworm-slim\nRUN echo "a | b"\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\ncurl x | sh\nEOF\n' },
    { name: 'exec form', code: 'FROM debian:bookworm-slim\nRUN ["sh", "-c", "a | b"]\n' },
    { name: 'PowerShell', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n' },
    { name: 'Windows base with cmd', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir | findstr x\n' },
    { name: 'heredoc with a shebang runs its own interpreter', code: 'FROM python:3.12-slim\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n' },
  ],
  invalid: [
    {
      name: 'debian: bash',
      code: 'FROM debian:bookworm-slim\nRUN [|curl -fsSL https://example.com/install.sh | bash|]\n',
      errors: ['pipe'],
      fixTitles: ['Set SHELL to bash with pipefail'],
      output: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/install.sh | bash\n',
    },
    {
      name: 'alpine: ash (bash may not exist)',
      code: 'FROM node:22-alpine\nRUN [|wget -qO- https://example.com/a.tgz | tar xz -C /opt|]\n',
      errors: ['pipe'],
      fixTitles: ['Set SHELL to ash with pipefail'],
      output: 'FROM node:22-alpine\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://example.com/a.tgz | tar xz -C /opt\n',
    },
    {
      name: 'one SHELL covers every RUN of the stage; the second stage gets its own',
      code: 'FROM debian:bookworm-slim AS build\nRUN echo no pipe here\n# fetch\nRUN [|a | b|]\nRUN [|c | d|]\nFROM alpine:3.20\nRUN [|e | f|]\n',
      errors: ['pipe', 'pipe', 'pipe'],
      output: 'FROM debian:bookworm-slim AS build\nRUN echo no pipe here\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n# fetch\nRUN a | b\nRUN c | d\nFROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN e | f\n',
    },
    {
      name: 'a SHELL without pipefail: keep that shell',
      code: 'FROM debian:bookworm-slim\nSHELL ["/usr/bin/bash", "-c"]\nRUN [|a | b|]\n',
      errors: ['pipe'],
      output: 'FROM debian:bookworm-slim\nSHELL ["/usr/bin/bash", "-c"]\nSHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n',
    },
    {
      name: 'SHELL reset to sh later in the stage',
      code: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nSHELL ["/bin/sh", "-c"]\nRUN [|c | d|]\n',
      errors: ['pipe'],
      output: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nSHELL ["/bin/sh", "-c"]\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN c | d\n',
    },
    {
      name: 'continuation and comment inside',
      code: 'FROM ubuntu:24.04\nRUN apt-get update \\\n  # fetch the key\n  && [|curl -fsSL https://example.com/key \\\n     | gpg --dearmor -o /k.gpg|]\n',
      errors: ['pipe'],
      output: 'FROM ubuntu:24.04\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN apt-get update \\\n  # fetch the key\n  && curl -fsSL https://example.com/key \\\n     | gpg --dearmor -o /k.gpg\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM ubuntu:24.04\r\nRUN [|curl -fsSL https://example.com/key | gpg --dearmor -o /k.gpg|]\r\n',
      errors: ['pipe'],
      output: 'FROM ubuntu:24.04\r\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\nRUN curl -fsSL https://example.com/key | gpg --dearmor -o /k.gpg\r\n',
    },
    {
      name: 'CRLF continuation and comment',
      code: 'FROM ubuntu:24.04\r\nRUN apt-get update \\\r\n  # fetch the key\r\n  && [|curl -fsSL https://example.com/key \\\r\n     | gpg --dearmor -o /k.gpg|]\r\n',
      errors: ['pipe'],
      output: 'FROM ubuntu:24.04\r\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\nRUN apt-get update \\\r\n  # fetch the key\r\n  && curl -fsSL https://example.com/key \\\r\n     | gpg --dearmor -o /k.gpg\r\n',
    },
    {
      name: 'indented RUN',
      code: 'FROM ubuntu:24.04\n  RUN [|a | b|]\n',
      errors: ['pipe'],
      output: 'FROM ubuntu:24.04\n  SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n  RUN a | b\n',
    },
    {
      name: 'heredoc script',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\n[|curl -fsSL https://x | sh|]\nEOF\n',
      errors: ['pipe'],
      output: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\nset -e\ncurl -fsSL https://x | sh\nEOF\n',
    },
    {
      name: 'comments above the RUN stay with it (suppressions for other rules keep working)',
      code: 'FROM debian:bookworm-slim\n# hadolint ignore=DL3008\nRUN [|a | b|]\n',
      errors: ['pipe'],
      output: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n# hadolint ignore=DL3008\nRUN a | b\n',
    },
    { name: 'distroless: no shell to set', code: 'FROM gcr.io/distroless/base-debian12\nRUN [|a | b|]\n', errors: ['pipe'] },
    {
      name: 'ARG-resolved alpine base',
      code: 'ARG ALPINE=3.20\nFROM alpine:${ALPINE}\nRUN [|a | b|]\n',
      errors: ['pipe'],
      output: 'ARG ALPINE=3.20\nFROM alpine:${ALPINE}\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\n',
    },
  ],
});

test('the SHELL fix is never applied by fix-all', async () => {
  const findings = await lintWith(rule, 'FROM debian:bookworm-slim\nRUN a | b\n', normalizeSettings({}));
  assert.deepEqual(findings.map((f) => f.fixes.map((x) => x.safe)), [[false]]);
});
