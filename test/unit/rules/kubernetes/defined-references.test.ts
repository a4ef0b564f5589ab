import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../../server/src/engine/runner';
import rule from '../../../../server/src/rules/kubernetes/defined-references';
import { run } from '../../../helpers/ruleTester';

const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LEVEL: info\n  app.yaml: |\n    a: 1\n---\n';
const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: x\n---\n';
const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n---\n';
const pod = (spec: string, container = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}  containers:\n    - name: app\n      image: app:1.0\n${container}`;

run(rule, {
  valid: [
    cm + secret + sa + pod('  serviceAccountName: web\n', '      env:\n        - name: LEVEL\n          valueFrom:\n            configMapKeyRef: {name: settings, key: LEVEL}\n        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n      envFrom:\n        - configMapRef: {name: settings}\n'),
    { name: 'nothing of that kind is defined: Secrets may come from elsewhere', code: cm + pod('', '      envFrom:\n        - secretRef: {name: from-vault}\n') },
    { name: 'optional references', code: cm + pod('', '      envFrom:\n        - configMapRef: {name: extra, optional: true}\n') },
    { name: 'built-in names', code: cm + sa + pod('  serviceAccountName: default\n  volumes:\n    - name: ca\n      configMap: {name: kube-root-ca.crt}\n') },
    { name: 'Secrets written by Sealed Secrets, External Secrets and cert-manager', code: secret + 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed\n---\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: es\nspec:\n  target: {name: from-vault}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: cert\nspec:\n  secretName: web-tls\n---\n' + pod('  imagePullSecrets:\n    - name: sealed\n  volumes:\n    - name: tls\n      secret: {secretName: web-tls}\n', '      envFrom:\n        - secretRef: {name: from-vault}\n') },
    { name: 'keys of objects we cannot see are not checked', code: 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\n---\n' + pod('', '      env:\n        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db, key: anything}\n') },
    { name: 'namespace left open on one side', code: cm.replace('  name: settings\n', '  name: settings\n  namespace: shop\n') + pod('', '      envFrom:\n        - configMapRef: {name: settings}\n') },
  ],
  invalid: [
    {
      name: 'misspelt ConfigMap in envFrom and in a volume',
      code: cm + pod('  volumes:\n    - name: cfg\n      configMap:\n        name: [|setting|]\n', '      envFrom:\n        - configMapRef: {name: [|setings|]}\n'),
      errors: ['undefined', 'undefined'],
    },
    {
      name: 'missing keys: env and volume items',
      code: cm + secret + pod('  volumes:\n    - name: cfg\n      configMap:\n        name: settings\n        items:\n          - key: [|application.yaml|]\n            path: app.yaml\n', '      env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: [|pasword|]\n'),
      errors: ['missingKey', 'missingKey'],
    },
    {
      name: 'ServiceAccount, PVC and image pull Secret in a Deployment',
      code: sa + secret + 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      serviceAccountName: [|api|]\n      imagePullSecrets:\n        - name: [|regcred|]\n      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: [|date|]\n      containers: []\n',
      errors: ['undefined', 'undefined', 'undefined'],
    },
    {
      name: 'other namespace',
      code: cm.replace('  name: settings\n', '  name: settings\n  namespace: a\n') + pod('', '      envFrom:\n        - configMapRef: {name: [|settings|]}\n').replace('  name: p\n', '  name: p\n  namespace: b\n'),
      errors: ['undefined'],
    },
  ],
});

test('an indexed workspace: definitions in other files count; findings carry tags for peer mapping', async () => {
  const lintWith = (text: string, objects: { uri: string; json: Record<string, unknown> }[]) =>
    lint({ text, language: 'kubernetes', only: new Set([rule.id]), workspace: { complete: true, objects } });
  const text = pod('  serviceAccountName: web\n', '      envFrom:\n        - configMapRef: {name: settings}\n');
  const cmJson = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: {} };
  const saJson = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'other' } };
  const res = await lintWith(text, [{ uri: 'file:///cm.yaml', json: cmJson }, { uri: 'file:///sa.yaml', json: saJson }]);
  assert.deepEqual(res.findings.map((f) => [f.messageId, f.tags]), [['undefined', ['pod', 'ServiceAccount']]]);
  // Not indexed: a file without ConfigMaps or ServiceAccounts of its own cannot tell.
  const alone = await lint({ text, language: 'kubernetes', only: new Set([rule.id]), workspace: { complete: false, objects: [{ uri: 'file:///sa.yaml', json: saJson }] } });
  assert.deepEqual(alone.findings, []);
});
