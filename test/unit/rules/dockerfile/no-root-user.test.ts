import rule from '../../../../server/src/rules/dockerfile/no-root-user';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:20-slim\nUSER node\nCMD ["node", "server.js"]\n',
    'FROM golang:1.22 AS build\nFROM gcr.io/distroless/static:nonroot\nUSER nonroot\n',
    { name: 'root in the build stage only', code: 'FROM golang:1.22 AS build\nUSER root\nFROM alpine:3.20\nUSER 1000\n' },
    { name: 'root then non-root', code: 'FROM debian:bookworm-slim\nUSER root\nRUN apt-get update\nUSER app\n' },
    { name: 'distroless :nonroot already runs as 65532', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nENTRYPOINT ["/server"]\n' },
    { name: '.NET chiseled images set USER $APP_UID', code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nENTRYPOINT ["dotnet", "App.dll"]\n' },
    { name: 'nginx-unprivileged runs as 101', code: 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY site /usr/share/nginx/html\n' },
    { name: 'Windows images have no root', code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022\nENTRYPOINT ["dotnet", "App.dll"]\n' },
  ],
  invalid: [
    {
      name: 'alpine: adduser',
      code: '[|FROM alpine:3.20|]\nCOPY app /app\nCMD ["/app"]\n',
      errors: ['noUser'],
      fixTitles: ['Add a non-root USER (an "app" user (adduser))'],
      output: 'FROM alpine:3.20\nCOPY app /app\nRUN addgroup -S app && adduser -S -D -H -G app app\nUSER app\nCMD ["/app"]\n',
    },
    {
      name: 'debian: useradd, appended when there is no CMD',
      code: '[|FROM debian:bookworm-slim|]\nRUN echo hi\n',
      errors: ['noUser'],
      output: 'FROM debian:bookworm-slim\nRUN echo hi\nRUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app\nUSER app\n',
    },
    {
      name: 'node images have a node user',
      code: '[|FROM node:20-alpine|]\nCMD ["node", "index.js"]\n',
      errors: ['noUser'],
      output: 'FROM node:20-alpine\nUSER node\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'distroless: nonroot; base found through the stage chain',
      code: 'FROM gcr.io/distroless/base-debian12 AS runtime\n[|FROM runtime|]\nENTRYPOINT ["/app"]\n',
      errors: ['noUser'],
      output: 'FROM gcr.io/distroless/base-debian12 AS runtime\nFROM runtime\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'scratch: numeric id',
      code: 'FROM golang:1.22 AS build\n[|FROM scratch|]\nCOPY --from=build /app /app\n',
      errors: ['noUser'],
      output: 'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532:65532\n',
    },
    {
      name: 'USER root is replaced',
      code: 'FROM debian:bookworm-slim\nUSER app\nRUN apt-get update\n[|USER root|]\n',
      errors: ['rootUser'],
      output: 'FROM debian:bookworm-slim\nUSER app\nRUN apt-get update\nRUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app\nUSER app\n',
    },
    { name: 'USER 0', code: 'FROM alpine:3.20\n[|USER 0:0|]\n', errors: ['rootUser'], output: 'FROM alpine:3.20\nRUN addgroup -S app && adduser -S -D -H -G app app\nUSER app\n' },
    { name: 'hadolint pragma for another code does not hide it', code: '# hadolint ignore=DL3006\n[|FROM alpine:3.20|]\n', errors: ['noUser'], output: '# hadolint ignore=DL3006\nFROM alpine:3.20\nRUN addgroup -S app && adduser -S -D -H -G app app\nUSER app\n' },
  ],
});
