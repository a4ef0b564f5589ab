import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'kubernetes/valid-schema',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Every Kubernetes object matches the API schema of its apiVersion and kind.',
  rationale:
    'A misspelt field is silently dropped by the API server, or rejected at deploy time; a string where a number belongs fails ' +
    'the apply. Schemas for the selected Kubernetes version (`shipshape.kubernetes.version`) are bundled, so this works offline. ' +
    'Custom resources are checked against the CustomResourceDefinitions in the workspace (Helm charts\' crds/ included); kinds without one are not flagged.',
  fixable: false,
  sources: [],
  messages: { problem: '{{message}}' },
  examples: {
    valid: ['apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n'],
    invalid: ['apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n'],
  },
  provider: 'yaml-language-server',
});
