import type { Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import { parseImageReference } from '../../languages/image';
import { getNode, getScalar } from '../../languages/kubernetes/model';
import { setScalar } from '../../languages/kubernetes/migrate';

/** Tags that name a moving target by convention (whole tag, or a part of it such as `main-alpine`). */
const MOVING_PARTS = new Set(['latest', 'nightly', 'snapshot', 'edge', 'main', 'master', 'develop', 'development', 'unstable', 'head', 'trunk']);
const MOVING_TAGS = new Set(['dev', 'stable', 'staging', 'canary', 'beta', 'alpha', 'next', 'current', 'test', 'testing', 'prod', 'production', 'lts', 'mainline', 'rc']);

/** Whether an image reference names a tag that is expected to move (and is not pinned by digest). */
export function isMovingTag(image: string): { tag: string } | undefined {
  const ref = parseImageReference(image);
  if (!ref || ref.digest) return undefined;
  const tag = ref.tag ?? 'latest';
  const lower = tag.toLowerCase();
  if (MOVING_TAGS.has(lower) || lower.split(/[-_.]/).some((p) => MOVING_PARTS.has(p))) return { tag };
  return undefined;
}

export default defineRule({
  id: 'kubernetes/require-image-pull-policy',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Use imagePullPolicy: Always for images referenced by a moving tag such as latest, main or nightly.',
  rationale:
    'With IfNotPresent (the default for any tag but latest) a node that already has a moving tag like `main` or `nightly` ' +
    'keeps running the copy it pulled days ago, so replicas on different nodes run different code and a redeploy changes ' +
    'nothing. Versioned tags and digests are left alone: pulling them on every start only adds a dependency on the registry.',
  fixable: true,
  // Polaris (pullPolicyNotAlways) and kube-score (container-image-pull-policy) ask for Always on every image, which makes
  // every pod start depend on the registry; they are not mapped.
  sources: [],
  messages: {
    notAlways: 'Container "{{name}}" runs image "{{image}}" with the moving tag "{{tag}}" and imagePullPolicy {{policy}}, so nodes keep a stale copy. Use imagePullPolicy: Always, or pin a version.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:main\n      imagePullPolicy: Always\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:main\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n      imagePullPolicy: IfNotPresent\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const image = getScalar(c.map, 'image');
      if (typeof image !== 'string' || image.includes('{{') || image.includes('$(')) continue;
      const moving = isMovingTag(image);
      if (!moving) continue;
      const explicit = getScalar(c.map, 'imagePullPolicy');
      // Kubernetes defaults to Always for latest (or no tag), to IfNotPresent otherwise.
      const policy = typeof explicit === 'string' ? explicit : moving.tag.toLowerCase() === 'latest' ? 'Always' : 'IfNotPresent';
      if (policy === 'Always' || (typeof explicit === 'string' && explicit.includes('{{'))) continue;
      const node = getNode(c.map, 'imagePullPolicy') ?? getNode(c.map, 'image');
      const edit = setScalar(ctx.model, c.map, 'imagePullPolicy', 'Always');
      ctx.report({
        range: ctx.model.rangeOf(node as Node),
        messageId: 'notAlways',
        data: { name: c.name, image, tag: moving.tag, policy: typeof explicit === 'string' ? explicit : `${policy} (the default)` },
        // Pinning a version may be the better answer, so the fix is offered, not applied by fix-all.
        fix: edit ? { title: 'Set imagePullPolicy: Always', edits: [edit], safe: false } : undefined,
      });
    }
  },
});
