import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule from '../../../../server/src/rules/kubernetes/valid-statefulset';
import { run } from '../../../helpers/ruleTester';

const sts = (spec: string, name = 'db', podSpec = '') =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n${spec}  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n${podSpec}      containers:\n        - name: db\n          image: postgres:16\n`;
const service = (spec: string, name = 'db') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}  ports:\n    - port: 5432\n`;
const headless = service('  clusterIP: None\n  selector:\n    app: db\n');
const claim = (modes: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [${modes}]\n  resources:\n    requests:\n      storage: 1Gi\n`;
const sharedVolume = '      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data\n';

run(rule, {
  valid: [
    headless + '---\n' + sts('  serviceName: db\n'),
    { name: 'Service defined in another file of an unindexed workspace', code: sts('  serviceName: db\n') },
    { name: 'volumeClaimTemplates give each replica a volume', code: headless + '---\n' + sts('  serviceName: db\n  replicas: 3\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources:\n          requests:\n            storage: 1Gi\n') },
    { name: 'a ReadWriteMany claim may be shared', code: headless + '---\n' + claim('ReadWriteMany') + '---\n' + sts('  serviceName: db\n  replicas: 3\n', 'db', sharedVolume) },
    { name: 'a single replica may mount a claim', code: headless + '---\n' + claim('ReadWriteOnce') + '---\n' + sts('  serviceName: db\n  replicas: 1\n', 'db', sharedVolume) },
    { name: 'Helm placeholder', code: sts('  serviceName: "{{ .Release.Name }}-headless"\n') },
  ],
  invalid: [
    { name: 'no serviceName', code: sts('', '[|db|]'), errors: ['noServiceName'] },
    { name: 'Service not defined while the file defines others', code: service('  clusterIP: None\n  selector:\n    app: db\n', 'db-headless') + '---\n' + sts('  serviceName: [|db-hl|]\n'), errors: ['serviceNotFound'] },
    { name: 'Service with a cluster IP', code: service('  selector:\n    app: db\n') + '---\n' + sts('  serviceName: [|db|]\n'), errors: ['notHeadless'] },
    { name: 'headless Service selects other pods', code: service('  clusterIP: None\n  selector:\n    app: postgres\n') + '---\n' + sts('  serviceName: [|db|]\n'), errors: ['selectsOtherPods'] },
    {
      name: 'replicas share one ReadWriteOnce claim',
      code: headless + '---\n' + claim('ReadWriteOnce') + '---\n' + sts('  serviceName: db\n  replicas: 3\n', 'db', sharedVolume.replace('claimName: data', 'claimName: [|data|]')),
      errors: ['sharedClaim'],
    },
  ],
});

test('an indexed workspace: a Service elsewhere counts, a missing one is reported', async () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
  const lintWith = (objects: { uri: string; json: Record<string, unknown> }[]) =>
    lint({ text: sts('  serviceName: db\n'), language: 'kubernetes', only: new Set([rule.id]), workspace: { complete: true, objects } });
  assert.deepEqual((await lintWith([{ uri: 'file:///svc.yaml', json: svc }])).findings, []);
  assert.deepEqual((await lintWith([])).findings.map((f) => f.messageId), ['serviceNotFound']);
});
