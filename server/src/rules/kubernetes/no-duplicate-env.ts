import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { defineRule, type FixSpec } from '../../engine/rule';
import { getNode, scalarValue } from '../../languages/kubernetes/model';
import { removeSeqItem } from '../../languages/kubernetes/yamlRemove';

/** The entry without its name, as JSON, to tell a harmless repeat from a conflicting one. */
function definition(entry: YAMLMap): unknown {
  try {
    const json = entry.toJSON() as Record<string, unknown>;
    const { name: _name, ...rest } = json;
    return rest;
  } catch {
    return undefined;
  }
}

export default defineRule({
  id: 'kubernetes/no-duplicate-env',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Define each environment variable of a container once.',
  rationale:
    'When a container lists the same variable twice, the last definition silently wins, so the value a reader sees first is ' +
    'not the one the process gets. `kubectl apply` merges env entries by name and the API server warns that one of the ' +
    'definitions may be dropped, so the result can even change from one apply to the next. Keep one definition.',
  fixable: true,
  sources: [
    { tool: 'kube-linter', id: 'duplicate-env-var' },
    { tool: 'kube-score', id: 'environment-variable-key-duplication' },
  ],
  messages: {
    repeated: 'Environment variable {{env}} of container "{{name}}" is defined twice with the same value. Remove the repeat.',
    conflicting: 'Environment variable {{env}} of container "{{name}}" is defined twice; the last definition wins, so the earlier one has no effect. Keep one.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env:\n        - name: PORT\n          value: "8080"\n        - name: HOST\n          value: 0.0.0.0\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env:\n        - name: PORT\n          value: "8080"\n        - name: PORT\n          value: "9090"\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers()) {
      const env = getNode(c.map, 'env');
      if (!isSeq(env)) continue;
      const seen = new Map<string, YAMLMap>();
      for (const item of env.items) {
        if (!isMap(item)) continue;
        const nameNode = getNode(item, 'name');
        const name = scalarValue(nameNode);
        if (typeof name !== 'string' || name.includes('{{')) continue;
        const previous = seen.get(name);
        seen.set(name, item);
        if (!previous) continue;
        const same = isDeepStrictEqual(definition(previous), definition(item));
        let fix: FixSpec | undefined;
        if (same) {
          // Dropping a later identical definition changes nothing, not even $(VAR) expansions in between.
          const edit = removeSeqItem(ctx.model, env, item as Node);
          if (edit) fix = { title: `Remove the repeated ${name}`, edits: [edit] };
        } else {
          // Keeping only the effective (last) value is what runs today, but $(VAR) references between
          // the two would now see the later value: the user decides.
          const edit = removeSeqItem(ctx.model, env, previous as Node);
          if (edit) fix = { title: `Remove the earlier ${name} (keep the value that takes effect)`, edits: [edit], safe: false };
        }
        ctx.report({
          range: ctx.model.rangeOf(nameNode),
          messageId: same ? 'repeated' : 'conflicting',
          data: { env: name, name: c.name },
          fix,
        });
      }
    }
  },
});
