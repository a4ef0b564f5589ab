// Tests for schemas from CustomResourceDefinitions (server/src/languages/kubernetes/crdSchemas.ts) and
// how KubernetesYamlService serves them at yaml-language-server's CRD-store URL: custom resources are
// validated offline against the workspace's CRDs, kinds without a CRD stay unchecked.
// Run: node --import tsx --test test/unit/crd-schemas.test.ts

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { autoDetectCustomResource } from 'yaml-language-server/out/server/src/languageservice/services/k8sSchemaUtil';
import { lint } from '../../server/src/engine/runner';
import {
  CrdSchemaStore,
  crdSchemas,
  crdStoreUrl,
  customResourceDefinitionsOf,
  isCustomResourceDefinition,
} from '../../server/src/languages/kubernetes/crdSchemas';
import { objectsOf, WorkspaceIndex } from '../../server/src/languages/kubernetes/workspaceIndex';
import { KUBERNETES_SCHEMA_SOURCE, KubernetesYamlService, type KubernetesSchemaDiagnosticData } from '../../server/src/languages/kubernetes/yamlService';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'crds');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const CRD_TEXT = read('crontab-crd.yaml');
const crdJson = () => customResourceDefinitionsOf(objectsOf('file:///crds/crontab-crd.yaml', CRD_TEXT));

// Nothing may go to the network: the CRD store is answered from memory.
const networkCalls: string[] = [];
const refuse = (what: string) => (...args: unknown[]) => {
  networkCalls.push(`${what} ${String(args[0])}`);
  throw new Error(`network access in test: ${what}`);
};
for (const [mod, name] of [[http, 'http'], [https, 'https']] as const) {
  (mod as { request: unknown }).request = refuse(`${name}.request`);
  (mod as { get: unknown }).get = refuse(`${name}.get`);
}
globalThis.fetch = refuse('fetch') as typeof fetch;
after(() => assert.deepEqual(networkCalls, [], 'no network access'));

let n = 0;
const doc = (text: string) => TextDocument.create(`file:///test/cr-${++n}.yaml`, 'yaml', 1, text);
const schemaProblems = async (svc: KubernetesYamlService, text: string) =>
  (await svc.validate(doc(text))).filter((d) => d.source === KUBERNETES_SCHEMA_SOURCE);
const summary = (ds: Array<{ range: { start: { line: number } }; message: string }>) => ds.map((d) => `${d.range.start.line}: ${d.message}`);

const CRONTAB = (body: string, apiVersion = 'stable.example.com/v1') =>
  `apiVersion: ${apiVersion}\nkind: CronTab\nmetadata:\n  name: nightly\nspec:\n${body}`;

describe('crdSchemas: CustomResourceDefinition -> JSON schema per version', () => {
  const schemas = crdSchemas(crdJson()[0]);
  const v1 = schemas.find((s) => s.version === 'v1')!;
  const spec = (v1.schema.properties as any).spec;

  test('one schema per served version, named like the API server names CRD definitions', () => {
    assert.deepEqual(schemas.map((s) => `${s.group}/${s.version} ${s.kind} ${s.definition}`), [
      'stable.example.com/v1 CronTab com.example.stable.v1.CronTab',
      'stable.example.com/v2 CronTab com.example.stable.v2.CronTab',
    ], 'v0 is not served: no schema');
  });

  test('apiVersion, kind and metadata like the built-in kinds; unknown top-level fields flagged', () => {
    const props = v1.schema.properties as any;
    assert.deepEqual(props.apiVersion.enum, ['stable.example.com/v1']);
    assert.deepEqual(props.kind.enum, ['CronTab']);
    assert.equal(props.metadata.type, 'object');
    assert.equal(props.metadata.additionalProperties, undefined, 'metadata is permissive');
    assert.deepEqual(props.metadata.properties.labels.additionalProperties, { type: 'string' });
    assert.equal(v1.schema.additionalProperties, false);
    assert.equal(v1.schema.description, 'CronTab runs a command on a schedule.');
  });

  test('x-kubernetes-int-or-string, nullable, exclusive bounds, enum, required', () => {
    assert.deepEqual(spec.properties.port, { type: ['integer', 'string'] });
    assert.deepEqual(spec.properties.timeoutSeconds, { type: ['integer', 'null'], exclusiveMinimum: 0 });
    assert.deepEqual(spec.properties.replicas, { type: 'integer', minimum: 1, maximum: 10 });
    assert.deepEqual(spec.properties.mode.enum, ['Fast', 'Slow']);
    assert.deepEqual(spec.required, ['cronSpec']);
    assert.equal(spec.additionalProperties, false);
  });

  test('x-kubernetes-preserve-unknown-fields keeps a map open; embedded resources get apiVersion, kind and metadata', () => {
    assert.equal(spec.properties.extra.additionalProperties, undefined);
    assert.deepEqual(Object.keys(spec.properties.template.properties).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.equal(spec.properties.template.additionalProperties, false);
    assert.deepEqual(spec.properties.labels.additionalProperties, { type: 'string' });
  });

  test('v1beta1: shared spec.validation and spec.version; unknown fields kept unless preserveUnknownFields is false', () => {
    const beta = {
      apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'olds.example.com' },
      spec: {
        group: 'example.com', version: 'v1', names: { kind: 'Old' },
        validation: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } } },
      },
    };
    const [open] = crdSchemas(beta);
    assert.equal(open.version, 'v1');
    assert.equal((open.schema.properties as any).spec.properties.a.type, 'string');
    assert.equal((open.schema.properties as any).spec.additionalProperties, undefined);
    const [strict] = crdSchemas({ ...beta, spec: { ...beta.spec, preserveUnknownFields: false } });
    assert.equal((strict.schema.properties as any).spec.additionalProperties, false);
  });

  test('anything else gives nothing', () => {
    assert.deepEqual(crdSchemas({ apiVersion: 'v1', kind: 'ConfigMap' }), []);
    assert.deepEqual(crdSchemas({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: { names: {} } }), []);
    assert.deepEqual(crdSchemas(null), []);
    assert.equal(isCustomResourceDefinition({ apiVersion: 'example.com/v1', kind: 'CustomResourceDefinition' }), false);
  });

  test('crdStoreUrl is the URL yaml-language-server asks for', () => {
    for (const [group, version, kind] of [['stable.example.com', 'v1', 'CronTab'], ['route.openshift.io', 'v1', 'Route'], ['cert-manager.io', 'v1', 'Certificate']]) {
      assert.equal(crdStoreUrl('https://store.invalid', group, version, kind), autoDetectCustomResource({ group, version, kind }, 'https://store.invalid'));
    }
  });

  test('CrdSchemaStore reports the URLs whose answer changed, and reuses what it built', () => {
    const store = new CrdSchemaStore('https://store.invalid');
    const crds = crdJson();
    const urls = store.set(crds);
    assert.deepEqual(urls, [
      'https://store.invalid/stable.example.com/crontab_v1.json',
      'https://store.invalid/stable.example.com/crontab_v2.json',
    ]);
    assert.deepEqual(store.set(crds), [], 'same CRDs: nothing changed');
    assert.deepEqual(store.set(crdJson()), [], 'same CRDs re-parsed: nothing changed');
    assert.ok(store.schemaText(urls[0])?.includes('"CronTab"'));
    assert.equal(store.definitionOf(urls[1]), 'com.example.stable.v2.CronTab');
    assert.deepEqual(store.set([]), urls);
    assert.equal(store.schemaText(urls[0]), undefined);
  });
});

describe('KubernetesYamlService with CustomResourceDefinitions', () => {
  const svc = new KubernetesYamlService();
  svc.setCustomResourceDefinitions(crdJson());

  test('a typo and a wrong type are schema problems naming the CRD definition', async () => {
    const text = CRONTAB('  cronSpec: "* * * * */5"\n  replicas: three\n  mode: Fats\n  imagee: x\n');
    const problems = await schemaProblems(svc, text);
    assert.deepEqual(summary(problems), [
      '6: Incorrect type. Expected "integer".',
      '7: Value is not accepted. Valid values: "Fast", "Slow".',
      '8: Property imagee is not allowed.',
    ]);
    for (const p of problems) {
      assert.equal(p.severity, 2);
      assert.deepEqual((p.data as KubernetesSchemaDiagnosticData).definition, 'com.example.stable.v1.CronTab');
    }
  });

  test('a valid custom resource has no problems (int-or-string, null, open and embedded maps)', async () => {
    assert.deepEqual(summary(await schemaProblems(svc, read('crontabs.yaml').split(/^---$/m)[0])), []);
  });

  test('missing required fields and wrong metadata types are reported', async () => {
    // YAML 1.1, as kubectl reads it: `yes` and `n` are booleans.
    const text = 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: n\n  labels:\n    on: yes\nspec:\n  replicas: 2\n';
    assert.deepEqual(summary(await schemaProblems(svc, text)).sort(), [
      '3: Incorrect type. Expected "string".',
      '5: Incorrect type. Expected "string".',
      '6: Missing property "cronSpec".',
    ]);
  });

  test('each version has its own schema', async () => {
    const both = read('crontabs.yaml');
    assert.deepEqual(summary(await schemaProblems(svc, both)), [], 'v2 takes replicas as a string and has no cronSpec');
    const v2 = CRONTAB('  schedule: "* * * * *"\n  replicas: 2\n  cronSpec: "x"\n', 'stable.example.com/v2');
    assert.deepEqual(summary(await schemaProblems(svc, v2)), ['6: Incorrect type. Expected "string".', '7: Property cronSpec is not allowed.']);
    assert.deepEqual(summary(await schemaProblems(svc, CRONTAB('  bogus: 1\n', 'stable.example.com/v0'))), [], 'v0 is not served: unchecked');
  });

  test('a kind without a CRD is not checked', async () => {
    const text = 'apiVersion: other.example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  anything: [1, 2]\n';
    assert.deepEqual(await svc.validate(doc(text)), []);
  });

  test('built-in kinds are still checked against the bundled schemas', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n';
    assert.deepEqual(summary(await schemaProblems(svc, text)), ['4: Property datas is not allowed.']);
  });

  test('a CRD in the same file as its custom resources', async () => {
    const own = new KubernetesYamlService();
    const text = `${CRD_TEXT}---\n${CRONTAB('  cronSpec: x\n  replicas: many\n')}`;
    own.setCustomResourceDefinitions(customResourceDefinitionsOf(objectsOf('file:///same.yaml', text)));
    const problems = await schemaProblems(own, text);
    const line = text.split('\n').findIndex((l) => l.includes('replicas: many'));
    assert.deepEqual(summary(problems), [`${line}: Incorrect type. Expected "integer".`]);
  });

  test('schemas follow the CRD set: added, changed and removed CRDs take effect at once', async () => {
    const own = new KubernetesYamlService();
    const text = CRONTAB('  cronSpec: x\n  replicas: many\n');
    assert.deepEqual(await schemaProblems(own, text), [], 'no CRD yet: permissive');
    const key = own.schemaCacheKey;
    assert.equal(own.setCustomResourceDefinitions(crdJson()), true);
    assert.notEqual(own.schemaCacheKey, key, 'caches of schema results are keyed by the CRD set');
    assert.equal((await schemaProblems(own, text)).length, 1, 'the CRD arrives: checked');
    const same = own.schemaCacheKey;
    assert.equal(own.setCustomResourceDefinitions(crdJson()), false, 'same CRDs again: no change');
    assert.equal(own.schemaCacheKey, same);
    const changed = crdJson();
    ((changed[0] as any).spec.versions[1].schema.openAPIV3Schema.properties.spec.properties.replicas as any).type = 'string';
    own.setCustomResourceDefinitions(changed);
    assert.deepEqual(await schemaProblems(own, text), [], 'replicas is a string now');
    own.setCustomResourceDefinitions([]);
    assert.deepEqual(await schemaProblems(own, CRONTAB('  nothing: 1\n')), [], 'the CRD is gone: permissive again');
  });

  test('hover and completion use the CRD schema', async () => {
    const text = CRONTAB('  cronSpec: x\n  \n');
    const d = doc(text);
    const hover = await svc.hover(d, { line: 5, character: 4 });
    assert.match(JSON.stringify(hover?.contents), /cron format/);
    const items = (await svc.complete(d, { line: 6, character: 2 })).items.map((i) => i.label);
    assert.ok(items.includes('replicas') && items.includes('mode'), JSON.stringify(items));
  });

  test('lint reports CRD schema problems as kubernetes/valid-schema', async () => {
    const res = await lint({ text: CRONTAB('  cronSpec: x\n  replica: 2\n'), language: 'kubernetes', uri: 'file:///test/lint.yaml', services: { yaml: svc } });
    assert.deepEqual(res.findings.filter((f) => f.ruleId === 'kubernetes/valid-schema').map((f) => `${f.range.start.line}: ${f.message}`), ['6: Property replica is not allowed.']);
  });

  test("a Helm chart's crds/ folder is found by a WorkspaceIndex scan and validates its resources", async () => {
    const index = new WorkspaceIndex();
    await index.scan(path.join(FIXTURES, 'chart'), (f) => pathToFileURL(f).toString());
    const crds = customResourceDefinitionsOf(index.view('').objects);
    assert.deepEqual(crds.map((c) => (c.metadata as { name: string }).name), ['gadgets.tools.example.org']);
    const own = new KubernetesYamlService();
    own.setCustomResourceDefinitions(crds);
    const text = 'apiVersion: tools.example.org/v1alpha1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: large\n';
    assert.deepEqual(summary(await schemaProblems(own, text)), ['5: Incorrect type. Expected "integer".']);
  });
});
