import { defineRule } from '../../engine/rule';

/** The OCI annotations that tie an image to its source: where, which commit, which release. */
const REQUIRED = ['org.opencontainers.image.source', 'org.opencontainers.image.revision', 'org.opencontainers.image.version'];

export default defineRule({
  id: 'dockerfile/require-oci-labels',
  language: 'dockerfile',
  defaultSeverity: 'off',
  description: 'Label the final image with org.opencontainers.image.source, .revision and .version.',
  rationale:
    'When an image misbehaves in production, the first question is which code it was built from. The OCI labels answer it ' +
    'from the image itself (`docker inspect`), registries link `source` to the repository, and scanners and Renovate use ' +
    'them to find changelogs. Pass the values as build arguments (`ARG GIT_SHA` then `LABEL ' +
    'org.opencontainers.image.revision=$GIT_SHA`). A policy, off by default.',
  fixable: false,
  sources: [],
  messages: {
    missing: 'The final image has no {{labels}} label{{s}}: nobody can tell which source it was built from. Add LABEL {{first}}=… (values from build ARGs).',
  },
  examples: {
    valid: [
      'FROM alpine:3.20\nARG VERSION REVISION\nLABEL org.opencontainers.image.source="https://github.com/acme/app" \\\n      org.opencontainers.image.version=$VERSION \\\n      org.opencontainers.image.revision=$REVISION\n',
    ],
    invalid: ['FROM alpine:3.20\nLABEL maintainer="team@example.com"\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.finalStage;
    if (!final) return;
    const have = new Set<string>();
    // Labels of the stages the final one builds on are inherited; other stages' are not.
    for (let s: typeof final | undefined = final, guard = 0; s && guard < 100; s = s.parentStage, guard++) {
      for (const label of model.instructionsOf(s, 'LABEL')) {
        for (const p of (label as unknown as { getProperties(): { getName(): string }[] }).getProperties()) {
          have.add(p.getName().replace(/^(["'])(.*)\1$/, '$2'));
        }
      }
    }
    const missing = REQUIRED.filter((l) => !have.has(l));
    if (missing.length === 0) return;
    ctx.report({
      range: final.from.getRange(),
      messageId: 'missing',
      data: { labels: missing.join(', '), s: missing.length > 1 ? 's' : '', first: missing[0] },
    });
  },
});
