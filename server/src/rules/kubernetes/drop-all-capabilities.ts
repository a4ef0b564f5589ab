import { defineRule } from '../../engine/rule';
import { getMap, getPair } from '../../languages/kubernetes/model';
import { capabilityList, dropsAllCapabilities, isWindowsPod, normalizeCapability, securityFixes, setContainerField } from '../../languages/kubernetes/hardening';
import { containerRange } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/drop-all-capabilities',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Drop all Linux capabilities (capabilities.drop: [ALL]) and add back only the ones the container needs.',
  rationale:
    'Container runtimes hand every container a default set of capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW and ' +
    'more) that most applications never use but an attacker can: NET_RAW alone allows spoofing traffic inside the node. ' +
    'Dropping ALL and adding back, say, NET_BIND_SERVICE keeps exactly what the workload needs.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'insecureCapabilities' },
    { tool: 'trivy', id: 'KSV-0003' },
  ],
  messages: {
    missing: 'Container "{{name}}" keeps the runtime\'s default capabilities. Add securityContext.capabilities.drop: [ALL] and add back only what it needs.',
    partial: 'Container "{{name}}" drops some capabilities but not ALL. Add ALL to capabilities.drop and add back only what it needs.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n'],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [NET_RAW]\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      if (isWindowsPod(c.podSpec)) continue;
      const caps = getMap(getMap(c.map, 'securityContext'), 'capabilities');
      const dropPair = caps && getPair(caps, 'drop');
      const dropped = capabilityList(dropPair?.value);
      // Dropping every runtime default one by one leaves no capability either.
      if (dropsAllCapabilities(dropped)) continue;
      const narrow = setContainerField(model, c, 'Drop all capabilities', 'capabilities', {
        kind: 'map',
        entries: { drop: { kind: 'seq-item', item: 'ALL', present: (items) => dropsAllCapabilities(items.map(normalizeCapability).filter((x): x is string => !!x)) } },
      });
      ctx.report({
        range: dropped.length && dropPair?.key ? model.rangeOf(dropPair.key) : containerRange(model, c),
        messageId: dropped.length ? 'partial' : 'missing',
        data: { name: c.name },
        // Some images need a capability back (e.g. NET_BIND_SERVICE for port 80): a proposal, not fix-all.
        fix: securityFixes(model, c.object, narrow),
      });
    }
  },
});
