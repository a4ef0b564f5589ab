import rule from '../../../../server/src/rules/dockerfile/no-latest-tag';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:20-slim\n',
    'FROM docker.io/library/node:20.11.1-bookworm-slim\n',
    'FROM alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b\n',
    { name: 'ARG default resolves to a version', code: 'ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\n' },
    { name: 'ARG without default is not guessed', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'stage names are not images', code: 'FROM golang:1.22 AS build\nRUN go build ./...\nFROM build\n' },
    { name: 'stage names are case-insensitive', code: 'FROM golang:1.22 AS Build\nFROM build AS final\n' },
    'FROM scratch\nCOPY app /app\n',
    'FROM localhost:5000/team/app:1.2.3\n',
    { name: 'registry port is not a tag', code: 'FROM registry.example.com:5000/app:2\n' },
    { name: 'heredoc content is ignored', code: 'FROM alpine:3.20\nRUN <<EOF\nFROM node\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM [|node|]\n', errors: ['untagged'] },
    { code: 'FROM [|node:latest|]\n', errors: ['latest'] },
    { code: 'FROM --platform=linux/amd64 [|python|] AS base\n', errors: ['untagged'] },
    { name: 'registry with port, no tag', code: 'FROM [|localhost:5000/app|]\n', errors: ['untagged'] },
    { name: 'ARG default is latest', code: 'ARG TAG=latest\nFROM [|node:$TAG|]\n', errors: ['latest'] },
    { name: 'each stage is checked', code: 'FROM [|golang|] AS build\nFROM [|alpine:latest|]\n', errors: ['untagged', 'latest'] },
    { name: 'severity setting applies', code: 'FROM [|node|]\n', errors: ['untagged'], settings: { rules: { 'dockerfile/no-latest-tag': 'error' } }, severity: 'error' },
  ],
});
