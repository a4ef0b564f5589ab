import rule from '../../../../server/src/rules/dockerfile/require-image-digest';
import { run } from '../../../helpers/ruleTester';

const on = { rules: { 'dockerfile/require-image-digest': 'warning' } };

run(rule, {
  valid: [
    { name: 'off by default', code: 'FROM node:22-alpine\n' },
    { code: 'FROM node:22-alpine@sha256:9bef0ef1e268f60627da9ba7d7605e8831d5b56ad07487d24d1aa386336d1944\n', settings: on },
    { name: 'digest without tag', code: 'FROM alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b\n', settings: on },
    { name: 'stage names are not images', code: 'FROM golang@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b AS build\nFROM build\n', settings: on },
    { name: 'scratch', code: 'FROM scratch\n', settings: on },
    { name: 'digest from an ARG default', code: 'ARG BASE=alpine:3.20@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b\nFROM ${BASE}\n', settings: on },
    { name: 'an ARG without default is not guessed', code: 'ARG BASE\nFROM $BASE\n', settings: on },
    { name: 'heredoc content', code: 'FROM scratch\nCOPY <<EOF /x\nFROM node\nEOF\n', settings: on },
  ],
  invalid: [
    { code: 'FROM [|node:22-alpine|]\n', errors: ['noDigest'], settings: on },
    { name: 'every stage, registry with port, platform flag', code: 'FROM --platform=$BUILDPLATFORM [|localhost:5000/tools/go:1.23|] AS build\nFROM [|gcr.io/distroless/static-debian12|]\n', errors: ['noDigest', 'noDigest'], settings: on },
    { name: 'ARG-resolved', code: 'ARG V=3.20\nFROM [|alpine:${V}|]\n', errors: ['noDigest'], settings: on },
    { name: 'as an error', code: 'FROM [|python:3.13-slim|]\n', errors: ['noDigest'], settings: { rules: { 'dockerfile/require-image-digest': 'error' } }, severity: 'error' },
  ],
});
