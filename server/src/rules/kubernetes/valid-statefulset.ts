import { isMap, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getMap, getNode, getScalar } from '../../languages/kubernetes/model';
import {
  arr, at, canJudgeMissing, effectiveReplicas, knownObjects, mapSelectorMatches, objectRange, ofKind, podTemplate, sameNamespace, stringMap,
  viewOf,
} from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/valid-statefulset',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Give a StatefulSet an existing headless Service that selects its pods, and a claim per replica.',
  rationale:
    'A StatefulSet\'s pods get their stable DNS names (`db-0.db`) from the headless Service named in `serviceName`: without ' +
    'it, or with a Service that has a cluster IP or selects other pods, peers cannot find each other and clustered software ' +
    'fails to form. Replicas that mount one PersistentVolumeClaim instead of volumeClaimTemplates share (or fight over) ' +
    'the same disk.',
  fixable: false,
  dependsOn: { kinds: ['Service', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler'] },
  sources: [{ tool: 'kube-score', id: 'statefulset-has-servicename', tags: ['service'] }],
  messages: {
    noServiceName: 'StatefulSet "{{name}}" has no serviceName, so its pods get no stable network identity. Create a headless Service (clusterIP: None) and name it here.',
    serviceNotFound: 'StatefulSet "{{name}}" names Service "{{service}}", which is not defined. Create it as a headless Service (clusterIP: None).',
    notHeadless: 'Service "{{service}}" of StatefulSet "{{name}}" is not headless, so pods get no per-pod DNS names. Set clusterIP: None on a Service of its own.',
    selectsOtherPods: 'Service "{{service}}" of StatefulSet "{{name}}" does not select its pods ({{selector}}), so they get no DNS records. Make its selector match the pod labels.',
    sharedClaim: 'The {{replicas}} replicas of StatefulSet "{{name}}" all mount PersistentVolumeClaim "{{claim}}" ({{modes}}). Use volumeClaimTemplates to give each replica its own volume.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports:\n    - port: 5432\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: []\n',
    ],
    invalid: [
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: []\n',
    ],
  },
  check(ctx) {
    const views = knownObjects(ctx);
    for (const o of ctx.model.objects) {
      if (o.kind !== 'StatefulSet') continue;
      const v = viewOf(views, o);
      const tpl = v && podTemplate(v);
      if (!v || !tpl) continue;
      const name = o.name ?? '(unnamed)';
      const spec = getMap(o.map, 'spec');
      const serviceNode = getNode(spec, 'serviceName');
      const service = getScalar(spec, 'serviceName');
      if (service === undefined || service === null || service === '') {
        ctx.report({ range: objectRange(ctx.model, o), messageId: 'noServiceName', data: { name }, tags: ['service'] });
      } else if (typeof service === 'string' && !service.includes('{{')) {
        const range = ctx.model.rangeOf(serviceNode);
        const services = ofKind(views, 'Service').filter((s) => s.name === service && sameNamespace(s.namespace, v.namespace));
        const headless = services.filter((s) => at(s.json, ['spec', 'clusterIP']) === 'None');
        const data = { name, service };
        if (!services.length) {
          if (canJudgeMissing(ctx, ['Service'])) ctx.report({ range, messageId: 'serviceNotFound', data, tags: ['service'] });
        } else if (!headless.length) {
          ctx.report({ range, messageId: 'notHeadless', data, tags: ['service'] });
        } else {
          const selectors = headless.map((s) => stringMap(at(s.json, ['spec', 'selector'])));
          if (!selectors.some((sel) => mapSelectorMatches(sel, tpl.labels))) {
            const selector = Object.entries(selectors[0]).map(([k, val]) => `${k}=${val}`).join(', ') || 'no selector';
            ctx.report({ range, messageId: 'selectsOtherPods', data: { ...data, selector }, tags: ['service'] });
          }
        }
      }
      // One claim mounted by several replicas: fine only for ReadWriteMany / ReadOnlyMany volumes.
      const { replicas } = effectiveReplicas(v, views);
      if (replicas === undefined || replicas < 2 || arr(at(v.json, ['spec', 'volumeClaimTemplates'])).length) continue;
      const volumes = getNode(ctx.model.podSpec(o), 'volumes');
      for (const vol of isSeq(volumes) ? volumes.items : []) {
        const claimNode = getNode(getMap(vol, 'persistentVolumeClaim'), 'claimName');
        const claim = isMap(vol) ? getScalar(getMap(vol, 'persistentVolumeClaim'), 'claimName') : undefined;
        if (typeof claim !== 'string' || getScalar(getMap(vol, 'persistentVolumeClaim'), 'readOnly') === true) continue;
        const pvc = ofKind(views, 'PersistentVolumeClaim').find((p) => p.name === claim && sameNamespace(p.namespace, v.namespace));
        const modes = arr(at(pvc?.json, ['spec', 'accessModes'])).map(String);
        if (!pvc || modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany')) continue;
        ctx.report({
          range: ctx.model.rangeOf(claimNode),
          messageId: 'sharedClaim',
          data: { name, replicas, claim, modes: modes.join(', ') || 'no accessModes' },
        });
      }
    }
  },
});
