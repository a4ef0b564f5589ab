import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/require-image-digest',
  language: 'dockerfile',
  defaultSeverity: 'off',
  description: 'Pin every base image by digest (image:tag@sha256:…).',
  rationale:
    'A tag is a pointer that its publisher can move at any time: `node:22-alpine` is rebuilt for every patch and Alpine ' +
    'update, so the same Dockerfile builds on a different image tomorrow, and a compromised or broken push reaches you ' +
    'unreviewed. A digest names exactly one image; keep the tag next to it for readers and let a bot (Renovate, Dependabot) ' +
    'propose updates. This is a policy, off by default: turn it on where reproducible, audited builds matter.',
  fixable: false,
  sources: [],
  messages: {
    noDigest: 'Base image {{image}} is not pinned by digest: its tag can be re-pushed, so builds are not repeatable. Pin it as {{image}}@sha256:<digest>.',
  },
  examples: {
    valid: ['FROM node:22-alpine@sha256:9bef0ef1e268f60627da9ba7d7605e8831d5b56ad07487d24d1aa386336d1944\n', 'FROM golang:1.23@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\nFROM build\n'],
    invalid: ['FROM node:22-alpine\n'],
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const image = stage.image;
      if (!image || stage.parentStage || image.digest) continue;
      if (image.repository.toLowerCase() === 'scratch' && !image.registry) continue;
      const range = stage.from.getImageRange();
      if (!range) continue;
      const name = (image.registry ? image.registry + '/' : '') + image.repository + (image.tag ? ':' + image.tag : '');
      ctx.report({ range, messageId: 'noDigest', data: { image: name } });
    }
  },
});
