import { defineRule } from '../../engine/rule';
import { getNode, getScalar } from '../../languages/kubernetes/model';
import { parseImageReference } from '../../languages/image';

export default defineRule({
  id: 'kubernetes/no-stale-digest',
  language: 'kubernetes',
  defaultSeverity: 'info',
  description: 'Keep pinned container image digests current with their tag.',
  rationale:
    'A digest pins the exact image, which is the point, but it also stops security fixes: when the tag has moved on, the pinned ' +
    'image is the old, unpatched one. Shipshape knows a tag moved only from its registry cache (filled by pinning, hovers and ' +
    '"Refresh Pinned Digests"), so this never contacts a registry by itself.',
  fixable: true,
  // The registry cache, not the file, says whether a digest is stale.
  dependsOn: 'always',
  sources: [],
  messages: { stale: 'Container "{{name}}": "{{tag}}" now points to {{current}} (registry answer of {{date}}); the pinned digest is older. Refresh the pin.' },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27@sha256:1111111111111111111111111111111111111111111111111111111111111111\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000\n'],
  },
  check(ctx) {
    if (!ctx.staleDigest) return;
    for (const c of ctx.model.containers()) {
      const image = getScalar(c.map, 'image');
      if (typeof image !== 'string' || !parseImageReference(image)?.tag || !image.includes('@')) continue;
      const stale = ctx.staleDigest(image);
      if (!stale) continue;
      const node = getNode(c.map, 'image');
      const r = node?.range;
      if (!r) continue;
      // The digest sits at the end of the scalar (quoted or not).
      const source = ctx.model.text.slice(r[0], r[1]);
      const at = source.lastIndexOf(stale.pinned);
      const range = at >= 0 ? ctx.model.lines.range(r[0] + at, r[0] + at + stale.pinned.length) : ctx.model.rangeOf(node);
      ctx.report({
        range,
        messageId: 'stale',
        data: { name: c.name, tag: image.split('@')[0], current: stale.current.slice(0, 19) + '…', date: stale.resolvedAt.slice(0, 10) },
        fix: at >= 0 ? { title: 'Use the digest the tag points to now', edits: [{ range, newText: stale.current }], safe: false } : undefined,
      });
    }
  },
});
