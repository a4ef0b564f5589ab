import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/no-stale-digest',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Keep pinned base image digests current with their tag.',
  rationale:
    'A digest pins the exact image, which is the point, but it also stops security fixes: when the tag has moved on, the pinned ' +
    'image is the old, unpatched one. Shipshape knows a tag moved only from its registry cache (filled by pinning, hovers and ' +
    '"Refresh Pinned Digests"), so this never contacts a registry by itself.',
  fixable: true,
  sources: [],
  messages: { stale: '"{{tag}}" now points to {{current}} (registry answer of {{date}}); the pinned digest is older. Refresh the pin to get the fixes since.' },
  examples: {
    valid: ['FROM node:22@sha256:1111111111111111111111111111111111111111111111111111111111111111\n'],
    invalid: ['FROM node:22@sha256:0000000000000000000000000000000000000000000000000000000000000000\n'],
  },
  check(ctx) {
    if (!ctx.staleDigest) return;
    for (const stage of ctx.model.stages) {
      if (!stage.image?.digest || !stage.image.tag || !stage.imageText) continue;
      const stale = ctx.staleDigest(stage.imageText);
      if (!stale) continue;
      // The digest written in the FROM line, or the whole reference when it comes from an ARG.
      const digestRange = stage.from.getImageDigestRange();
      const written = digestRange && ctx.model.lines.lineText(digestRange.start.line).slice(digestRange.start.character, digestRange.end.character);
      const exact = digestRange && written === stale.pinned ? digestRange : undefined;
      const range = exact ?? stage.from.getImageRange();
      if (!range) continue;
      ctx.report({
        range,
        messageId: 'stale',
        data: { tag: stage.imageText.split('@')[0], current: stale.current.slice(0, 19) + '…', date: stale.resolvedAt.slice(0, 10) },
        // The cache may itself be old, so the refresh is offered, not applied by fix-all.
        fix: exact ? { title: 'Use the digest the tag points to now', edits: [{ range: exact, newText: stale.current }], safe: false } : undefined,
      });
    }
  },
});
