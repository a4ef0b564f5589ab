import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/no-latest-tag',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Name an explicit version tag (or digest) for every base image.',
  rationale:
    'An image without a tag means `latest`, and `latest` is whatever was pushed last: the same Dockerfile builds a different ' +
    'image next week, and a major-version bump of the base lands in production unreviewed. A version tag makes builds repeatable; ' +
    'a digest makes them exact.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3006' },
    { tool: 'hadolint', id: 'DL3007' },
    { tool: 'trivy', id: 'DS-0001' },
  ],
  messages: {
    untagged: 'Base image "{{image}}" has no tag, so it means "latest". Pin a version, e.g. "{{image}}:<version>".',
    latest: 'Base image "{{image}}" uses the "latest" tag. Pin a version so builds are repeatable.',
  },
  examples: {
    valid: ['FROM node:20-slim\n', 'FROM alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000\n', 'ARG V=3.20\nFROM alpine:${V}\n', 'FROM golang:1.22 AS build\nFROM build\n', 'FROM scratch\n'],
    invalid: ['FROM node\n', 'FROM node:latest\n', 'ARG TAG=latest\nFROM node:$TAG\n'],
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const image = stage.image;
      if (!image || stage.parentStage || image.digest) continue;
      if (image.repository.toLowerCase() === 'scratch' && !image.registry) continue;
      const range = stage.from.getImageRange();
      if (!range) continue;
      const name = (image.registry ? image.registry + '/' : '') + image.repository;
      if (!image.tag) ctx.report({ range, messageId: 'untagged', data: { image: name } });
      else if (image.tag === 'latest') ctx.report({ range, messageId: 'latest', data: { image: name } });
    }
  },
});
