import rule from '../../../../server/src/rules/dockerfile/undefined-variable';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'ARG VERSION=1.0\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\n',
    { name: 'global ARGs in FROM', code: 'ARG BASE=alpine\nARG TAG=3.20\nFROM ${BASE}:${TAG}\n' },
    { name: 'platform arguments in FROM, declared in the stage', code: 'FROM --platform=$BUILDPLATFORM golang:1.22\nARG TARGETOS TARGETARCH\nENV GOOS=$TARGETOS GOARCH=$TARGETARCH\n' },
    { name: 'shell variables in RUN, CMD, ENTRYPOINT, HEALTHCHECK', code: 'FROM alpine:3.20\nRUN echo "$HOME" && for f in *; do echo $f; done\nCMD echo $PORT\nENTRYPOINT ["sh", "-c", "exec $0"]\nHEALTHCHECK CMD wget -q http://localhost:$PORT/\n' },
    { name: 'heredoc bodies are data', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/profile.d/app.sh\nexport PATH=$APP_HOME/bin:$PATH\nEOF\n' },
    { name: 'ENV and ARG in order, PATH always', code: 'FROM alpine:3.20\nARG APP_DIR=/app\nENV APP_HOME=$APP_DIR PATH=/app/bin:$PATH\nWORKDIR $APP_HOME\nCOPY --chown=$APP_DIR . $APP_HOME/\n' },
    { name: 'defaults and alternatives are deliberate', code: 'FROM alpine:3.20\nWORKDIR ${APP_DIR:-/app}\nLABEL debug=${DEBUG:+yes}\n' },
    { name: 'single quotes and escapes do not expand', code: "FROM alpine:3.20\nLABEL a='$NOPE' b=\\$NOPE\n" },
    { name: 'proxies are predefined', code: 'FROM alpine:3.20\nENV http_proxy=$HTTP_PROXY\n' },
    { name: 'ENV carries over to a child stage', code: 'FROM alpine:3.20 AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\n' },
    { name: 'unknown base images may set their own variables', code: 'FROM golang:1.22\nWORKDIR $GOPATH/src/app\n' },
    { name: 'same-ENV references are dockerfile/no-env-self-reference\'s', code: 'FROM alpine:3.20\nENV A=1 B=$A\n' },
    { name: 'FROM $UNDECLARED alone is reported by dockerfile/valid-syntax', code: 'FROM $BASE_IMAGE\n' },
    { name: 'COPY --from is not expanded from the stage', code: 'ARG SRC=build\nFROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --chown=0:0 --from=$SRC /a /a\n' },
    { name: 'comment lines inside a continuation', code: 'FROM alpine:3.20\nCOPY a \\\n# $NOT_A_VAR\n  /b\n' },
  ],
  invalid: [
    {
      name: 'global ARG not redeclared in the stage',
      code: 'ARG VERSION=1.0\nFROM alpine:3.20\nLABEL version=[|$VERSION|] v=[|${VERSION}|]\n',
      errors: ['globalNotInStage', 'globalNotInStage'],
      fixTitles: ['Declare ARG VERSION in this stage'],
      output: 'ARG VERSION=1.0\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION v=${VERSION}\n',
    },
    {
      name: 'platform argument not declared in the stage',
      code: 'FROM golang:1.22\nENV GOARCH=[|$TARGETARCH|]\n',
      errors: ['platformNotInStage'],
      output: 'FROM golang:1.22\nARG TARGETARCH\nENV GOARCH=$TARGETARCH\n',
    },
    { name: 'typo', code: 'FROM alpine:3.20\nARG APP_DIR=/app\nWORKDIR [|$APP_DIRR|]\n', errors: ['undefinedSuggest'] },
    { name: 'never defined', code: 'FROM alpine:3.20\nUSER [|$APP_USER|]\nCOPY app [|${DEST}|]/\n', errors: ['undefined', 'undefined'] },
    { name: 'used before its ARG', code: 'FROM debian:bookworm-slim\nWORKDIR [|$DIR|]\nARG DIR=/app\n', errors: ['undefined'] },
    { name: 'ARG does not carry over to a child stage', code: 'FROM scratch AS base\nARG A=1\nFROM base\nLABEL a=[|$A|]\n', errors: ['undefined'] },
    { name: 'undeclared in FROM', code: 'FROM alpine:[|${TAG}|]\n', errors: ['undefinedInFrom'] },
    { name: 'typo in FROM', code: 'ARG BASE=alpine\nFROM [|$BASEE|]\n', errors: ['undefinedInFromSuggest'] },
    { name: 'typo of a global ARG in a global ARG default', code: 'ARG REGISTRY=ghcr.io\nARG IMAGE=[|$REGISTY|]/app\nFROM $IMAGE\n', errors: ['undefinedInFromSuggest'] },
    { name: 'JSON form, quotes and continuation', code: 'FROM alpine:3.20\nVOLUME ["[|$DATA|]"]\nEXPOSE 80 \\\n  [|$PORT|]\n', errors: ['undefined', 'undefined'] },
    { name: 'even where the base image is unknown, a global ARG is reported', code: 'ARG V=1\nFROM node:20\nENV APP_VERSION=[|$V|]\n', errors: ['globalNotInStage'], output: 'ARG V=1\nFROM node:20\nARG V\nENV APP_VERSION=$V\n' },
  ],
});
