import { defineRule } from '../../engine/rule';
import { getNode } from '../../languages/kubernetes/model';
import { migrateObject } from '../../languages/kubernetes/migrate';
import { compareVersions, lookupApiVersion, NEWEST_KUBERNETES, replacementAt } from './data/api-versions';

export default defineRule({
  id: 'kubernetes/no-deprecated-api-version',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Use API versions that the selected Kubernetes version still serves and has not deprecated.',
  rationale:
    'The API server stops serving a deprecated apiVersion a few releases later: after the upgrade `kubectl apply` fails with ' +
    '"no matches for kind", Helm releases cannot be upgraded, and the outage starts at the worst moment. Checked against ' +
    '`shipshape.kubernetes.version` (default: the newest bundled, ' + NEWEST_KUBERNETES + '). The fix moves the object to ' +
    'the replacement and reshapes what the new version requires (a Deployment\'s selector, Ingress backends and pathType, ' +
    'HPA metric targets).',
  fixable: true,
  sources: [{ tool: 'kube-linter', id: 'no-extensions-v1beta' }],
  messages: {
    removed: '{{kind}} {{apiVersion}} is no longer served since Kubernetes {{removedIn}}, so the API server rejects it. {{advice}}',
    deprecated: '{{kind}} {{apiVersion}} is deprecated since Kubernetes {{deprecatedIn}}{{removal}}. {{advice}}',
  },
  examples: {
    valid: ['apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: []\n'],
    invalid: ['apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: []\n'],
  },
  check(ctx) {
    const version = ctx.settings.kubernetes.version || NEWEST_KUBERNETES;
    for (const o of ctx.model.objects) {
      const entry = lookupApiVersion(o.apiVersion, o.kind);
      if (!entry) continue;
      const removed = !!entry.removedIn && compareVersions(version, entry.removedIn) >= 0;
      if (!removed && compareVersions(version, entry.deprecatedIn) < 0) continue;
      const replacement = replacementAt(entry, version);
      const advice = replacement ? `Use ${replacement.apiVersion}.` : entry.otherwise ?? 'Nothing replaces it in this Kubernetes version.';
      const edits = replacement?.migration ? migrateObject(ctx.model, o, replacement.apiVersion, replacement.migration) : undefined;
      ctx.report({
        range: ctx.model.rangeOf(getNode(o.map, 'apiVersion')),
        messageId: removed ? 'removed' : 'deprecated',
        data: {
          kind: o.kind, apiVersion: o.apiVersion, removedIn: entry.removedIn ?? '', deprecatedIn: entry.deprecatedIn, advice,
          removal: entry.removedIn ? ` and no longer served from ${entry.removedIn}` : '',
        },
        // Defaults can change between versions (e.g. an empty PDB selector): review before applying.
        fix: edits ? { title: `Migrate to ${replacement!.apiVersion}`, edits, safe: false } : undefined,
      });
    }
  },
});
