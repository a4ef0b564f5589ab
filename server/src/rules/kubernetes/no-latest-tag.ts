import { defineRule } from '../../engine/rule';
import { getNode, getScalar } from '../../languages/kubernetes/model';
import { parseImageReference } from '../../languages/image';

export default defineRule({
  id: 'kubernetes/no-latest-tag',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Give every container image an explicit version tag or digest.',
  rationale:
    'With `latest` (or no tag) each node pulls whatever the tag points to when the pod starts, so replicas of one Deployment ' +
    'can run different code, a rollback does not roll back, and a rollout does nothing when only the tag moved.',
  fixable: false,
  sources: [
    { tool: 'kube-linter', id: 'latest-tag' },
    { tool: 'polaris', id: 'tagNotSpecified' },
    { tool: 'kube-score', id: 'container-image-tag' },
    { tool: 'trivy', id: 'KSV013' },
  ],
  messages: {
    untagged: 'Container "{{name}}" image "{{image}}" has no tag, so it means "latest". Pin a version.',
    latest: 'Container "{{name}}" uses image "{{image}}" with the "latest" tag. Pin a version.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const value = getScalar(c.map, 'image');
      if (typeof value !== 'string') continue;
      const ref = parseImageReference(value);
      if (!ref || ref.digest || value.includes('{{')) continue;
      const range = ctx.model.rangeOf(getNode(c.map, 'image'));
      const data = { name: c.name, image: value };
      if (!ref.tag) ctx.report({ range, messageId: 'untagged', data });
      else if (ref.tag === 'latest') ctx.report({ range, messageId: 'latest', data });
    }
  },
});
