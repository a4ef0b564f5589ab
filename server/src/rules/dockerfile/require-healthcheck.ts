import { defineRule } from '../../engine/rule';

export default defineRule({
  id: 'dockerfile/require-healthcheck',
  language: 'dockerfile',
  defaultSeverity: 'off',
  description: 'Declare a HEALTHCHECK in the final stage (or HEALTHCHECK NONE to say there is none on purpose).',
  rationale:
    'Without a health check, Docker and Compose consider a container healthy as long as its process runs, even when it ' +
    'deadlocks or stops answering, so nothing restarts it and `depends_on: condition: service_healthy` cannot work. ' +
    'Kubernetes ignores HEALTHCHECK (it uses probes in the manifest), which is why this policy is off by default: turn it ' +
    'on for images that run under Docker, Compose or Swarm.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3057' },
    { tool: 'trivy', id: 'DS-0026' },
  ],
  messages: {
    missing: 'The final stage declares no HEALTHCHECK, so a hung app counts as healthy. Add e.g. HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1.',
  },
  examples: {
    valid: ['FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n', 'FROM alpine:3.20\nHEALTHCHECK NONE\n'],
    invalid: ['FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.finalStage;
    if (!final) return;
    // A HEALTHCHECK in a stage the final one builds on is inherited.
    for (let s: typeof final | undefined = final, guard = 0; s && guard < 100; s = s.parentStage, guard++) {
      if (model.instructionsOf(s, 'HEALTHCHECK').length > 0) return;
    }
    ctx.report({ range: final.from.getRange(), messageId: 'missing' });
  },
});
