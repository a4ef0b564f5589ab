import rule from '../../../../server/src/rules/dockerfile/valid-from-arg';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'ARG TAG=3.20\nFROM alpine:${TAG}\n',
    { name: 'whole reference in an ARG', code: 'ARG BASE=node:20-slim\nFROM ${BASE}\n' },
    { name: 'default operator', code: 'ARG TAG\nFROM alpine:${TAG:-3.20}\n' },
    { name: 'ARG built from ARGs, quoted', code: 'ARG A="alpine"\nARG B=${A}:3.20\nFROM $B\n' },
    { name: 'registry with port and digest', code: 'ARG REG=localhost:5000\nARG D=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM $REG/team/app:1@$D\n' },
    { name: 'a stage name', code: 'ARG BASE=build\nFROM golang:1.22 AS build\nFROM $BASE\n' },
    { name: 'undeclared names are left to dockerfile/undefined-variable', code: 'FROM alpine:$UNDECLARED\n' },
    { name: 'platform arguments are known at build time only', code: 'FROM --platform=$BUILDPLATFORM tonistiigi/xx:$TARGETARCH\n' },
    { name: 'no variables', code: 'FROM alpine:3.20\n' },
  ],
  invalid: [
    { name: 'no default makes the tag empty', code: 'ARG TAG\nFROM [|alpine:$TAG|]\n', errors: ['invalid'] },
    { name: 'no default makes the image empty', code: 'ARG BASE\nFROM [|$BASE|] AS app\n', errors: ['empty'] },
    { name: 'several names in one ARG', code: 'ARG REPO TAG=3.20\nFROM [|$REPO|]\n', errors: ['empty'] },
    { name: 'empty default', code: 'ARG BASE=\nFROM [|${BASE}|]\n', errors: ['empty'] },
    { name: 'upper-case repository', code: 'ARG IMAGE=Alpine:3.20\nFROM [|$IMAGE|]\n', errors: ['invalid'] },
    { name: 'upper case in a path', code: 'ARG R=ghcr.io\nFROM --platform=$BUILDPLATFORM [|${R}/Org/app:1|]\n', errors: ['invalid'] },
  ],
});
