import { defineRule } from '../../engine/rule';
import { parseImageReference } from '../../languages/image';
import { getNode, getScalar } from '../../languages/kubernetes/model';

export default defineRule({
  id: 'kubernetes/require-image-digest',
  language: 'kubernetes',
  defaultSeverity: 'off',
  description: 'Pin every container image by digest (policy rule, off by default).',
  rationale:
    'A tag, even a version tag, can be pushed again: a digest (`image@sha256:…`) names exactly the bytes that were tested and ' +
    'scanned, so every node runs the same image and a compromised registry cannot swap it. It costs readable diffs and ' +
    'needs tooling (Renovate, Dependabot) to move digests forward, so it is a policy choice and off by default.',
  fixable: false,
  sources: [{ tool: 'kube-linter', id: 'image-not-pinned-by-digest' }],
  messages: {
    notPinned: 'Container "{{name}}" image "{{image}}" is not pinned by digest. Reference it as image@sha256:<digest> (a tag may stay for readers).',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const image = getScalar(c.map, 'image');
      if (typeof image !== 'string' || image.includes('{{') || image.includes('$(')) continue;
      const ref = parseImageReference(image);
      if (!ref || ref.digest) continue;
      ctx.report({ range: ctx.model.rangeOf(getNode(c.map, 'image')), messageId: 'notPinned', data: { name: c.name, image } });
    }
  },
});
