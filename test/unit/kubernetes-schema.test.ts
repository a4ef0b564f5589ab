// Tests for the Kubernetes schema generator (scripts/gen-k8s-schemas.mjs) and the yaml-language-server
// wrapper (server/src/languages/kubernetes/yamlService.ts). The schemas are generated afresh into a
// temporary directory, so these tests check the generator as it is now, not a stale dist/.
// Run: node --import tsx --test test/unit/kubernetes-schema.test.ts

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import {
  KUBERNETES_SCHEMA_SOURCE,
  KubernetesYamlService,
  bundledKubernetesVersions,
  defaultSchemaDir,
  isKubernetesDocumentText,
  type KubernetesSchemaDiagnosticData,
} from '../../server/src/languages/kubernetes/yamlService';

const repo = path.resolve(__dirname, '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(repo, 'test', 'fixtures', 'kubernetes', name), 'utf8');

// ---- Nothing may go to the network: every outgoing request is recorded and refused. ----------
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

// ---- Generate the schemas once. ---------------------------------------------------------------
let schemaDir = '';
let generationMs = 0;
let index: { versions: Array<{ version: string; dir: string; kinds: number; definitions: number }>; newest: string };
type Defs = Record<string, Record<string, any>>;
const definitionsCache = new Map<string, Defs>();
function definitions(version: string): Defs {
  let defs = definitionsCache.get(version);
  if (!defs) {
    defs = JSON.parse(fs.readFileSync(path.join(schemaDir, `v${version}`, '_definitions.json'), 'utf8')).definitions as Defs;
    definitionsCache.set(version, defs);
  }
  return defs;
}

before(() => {
  schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-k8s-schemas-'));
  const started = Date.now();
  execFileSync(process.execPath, [path.join(repo, 'scripts', 'gen-k8s-schemas.mjs'), '--out', schemaDir, '--quiet'], { stdio: 'pipe' });
  generationMs = Date.now() - started;
  index = JSON.parse(fs.readFileSync(path.join(schemaDir, 'index.json'), 'utf8'));
});
after(() => {
  if (schemaDir) fs.rmSync(schemaDir, { recursive: true, force: true });
  assert.deepEqual(networkCalls, [], 'no network access');
});

// ---- Helpers. ---------------------------------------------------------------------------------
let uriCounter = 0;
const newDoc = (text: string, uri = `file:///test/doc-${++uriCounter}.yaml`, version = 1) => TextDocument.create(uri, 'yaml', version, text);

/** Range of the n-th (0-based) occurrence of `needle` in `text`. */
function rangeOf(text: string, needle: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' #${occurrence} not in text`);
  }
  const doc = TextDocument.create('file:///x', 'yaml', 1, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}
const posOf = (text: string, needle: string, occurrence = 0, delta = 0): Position => {
  const r = rangeOf(text, needle, occurrence);
  return { line: r.start.line, character: r.start.character + delta };
};
const schemaProblems = (ds: Diagnostic[]) => ds.filter((d) => d.source === KUBERNETES_SCHEMA_SOURCE);
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message} [${d.source}]`);
function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "three"
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: Always
          bogusField: 1
`;

// =================================================================================================
describe('gen-k8s-schemas.mjs', () => {
  test('writes index.json listing the bundled versions, oldest first, and runs fast', () => {
    const versions = index.versions.map((v) => v.version);
    assert.ok(versions.includes('1.30'), 'Kubernetes 1.30 from kubernetes-types');
    assert.deepEqual([...versions].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])), versions);
    assert.equal(index.newest, versions[versions.length - 1]);
    for (const v of index.versions) {
      assert.equal(v.dir, `v${v.version}`);
      for (const f of ['all.json', '_definitions.json']) assert.ok(fs.existsSync(path.join(schemaDir, v.dir, f)), `${v.dir}/${f}`);
      assert.ok(v.kinds > 100, `${v.version}: ${v.kinds} kinds`);
    }
    assert.ok(generationMs < 10_000, `generation took ${generationMs} ms`);
  });

  test('all.json indexes every kind by swagger-style name for yaml-language-server, and accepts anything itself', () => {
    for (const v of index.versions) {
      const all = JSON.parse(fs.readFileSync(path.join(schemaDir, v.dir, 'all.json'), 'utf8'));
      const refs: string[] = all.oneOf.filter((e: Record<string, unknown>) => e._$ref).map((e: { _$ref: string }) => e._$ref);
      assert.equal(refs.length, v.kinds);
      for (const name of [
        'io.k8s.api.apps.v1.Deployment',
        'io.k8s.api.core.v1.Service',
        'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
        // aliases for groups whose swagger name differs from what yaml-language-server computes
        'io.k8s.api.flowcontrol.apiserver.v1.FlowSchema',
        'io.k8s.api.apiregistration.v1.APIService',
      ]) {
        assert.ok(refs.includes(`_definitions.json#/definitions/${name}`), `${v.version}: ${name}`);
      }
      assert.deepEqual(all.oneOf[all.oneOf.length - 1], {}, 'trailing catch-all alternative');
      for (const e of all.oneOf.slice(0, -1)) assert.deepEqual(e.not, {}, 'kind entries never match on their own');
      const defs = definitions(v.version);
      for (const r of refs) assert.ok(defs[r.split('/').pop()!], `${v.version}: ${r} resolves`);
    }
  });

  test('uses swagger definition names, including APIService (missing from kubernetes-types)', () => {
    const defs = definitions('1.30');
    for (const name of [
      'io.k8s.api.apps.v1.Deployment',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
      'io.k8s.apimachinery.pkg.runtime.RawExtension',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
    ]) {
      assert.ok(defs[name], name);
    }
    const apiService = defs['io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService'];
    assert.deepEqual(apiService['x-kubernetes-group-version-kind'], [{ group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService' }]);
    assert.deepEqual(defs['io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec'].required, ['groupPriorityMinimum', 'versionPriority']);
    assert.deepEqual(defs['io.k8s.api.apps.v1.Deployment'].properties.kind.enum, ['Deployment']);
    assert.deepEqual(defs['io.k8s.api.apps.v1.Deployment'].properties.apiVersion.enum, ['apps/v1']);
  });

  test('restores properties kubernetes-types drops after a description containing the comment terminator', () => {
    for (const v of index.versions) {
      const defs = definitions(v.version);
      const rule = defs['io.k8s.api.admissionregistration.v1.RuleWithOperations'].properties;
      assert.deepEqual(rule.resources.type, 'array', `${v.version} RuleWithOperations.resources`);
      assert.match(rule.resources.description, /'\*\/scale' means all scale subresources/);
      assert.equal(rule.scope.type, 'string', `${v.version} RuleWithOperations.scope`);
      for (const ver of ['v1', 'v1beta1']) {
        const named = defs[`io.k8s.api.admissionregistration.${ver}.NamedRuleWithOperations`].properties;
        assert.ok(named.resources && named.scope, `${v.version} ${ver} NamedRuleWithOperations`);
      }
      const rr = defs['io.k8s.api.authorization.v1.ResourceRule'];
      assert.ok(rr.properties.resources, `${v.version} ResourceRule.resources`);
      assert.ok(rr.properties.verbs, `${v.version} ResourceRule.verbs`);
      assert.ok(rr.required.includes('verbs'));
    }
  });

  test('decides int vs double, and string-or-number for Quantity / IntOrString', () => {
    for (const v of index.versions) {
      const defs = definitions(v.version);
      assert.equal(defs['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas.type, 'integer');
      assert.equal(defs['io.k8s.api.core.v1.ContainerPort'].properties.containerPort.type, 'integer');
      assert.equal(defs['io.k8s.api.core.v1.PodSpec'].properties.terminationGracePeriodSeconds.type, 'integer');
      const jsp = defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'].properties;
      for (const f of ['maximum', 'minimum', 'multipleOf']) assert.equal(jsp[f].type, 'number', `${v.version} JSONSchemaProps.${f}`);
      assert.equal(jsp.maxLength.type, 'integer');
      assert.deepEqual(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, ['string', 'number']);
      assert.deepEqual(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].type, ['string', 'integer']);
      assert.deepEqual(defs['io.k8s.api.core.v1.ServicePort'].properties.targetPort, {
        $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString',
        description: defs['io.k8s.api.core.v1.ServicePort'].properties.targetPort.description,
      });
      assert.equal(
        defs['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties.$ref,
        '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity',
      );
      assert.ok(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].type.includes('null'), 'creationTimestamp: null is accepted');
    }
  });

  test('adds the x-kubernetes-* fields to JSONSchemaProps', () => {
    for (const v of index.versions) {
      const jsp = definitions(v.version)['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'].properties;
      assert.equal(jsp['x-kubernetes-preserve-unknown-fields'].type, 'boolean');
      assert.equal(jsp['x-kubernetes-int-or-string'].type, 'boolean');
      assert.equal(jsp['x-kubernetes-embedded-resource'].type, 'boolean');
      assert.equal(jsp['x-kubernetes-list-type'].type, 'string');
      assert.equal(jsp['x-kubernetes-map-type'].type, 'string');
      assert.deepEqual(jsp['x-kubernetes-list-map-keys'].items, { type: 'string' });
      assert.equal(jsp['x-kubernetes-validations'].items.$ref, '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule');
      assert.ok(jsp.$ref && jsp.$schema, '$ref / $schema keep their names');
    }
  });

  test('objects are strict, free-form types are not, and fields carry descriptions', () => {
    for (const v of index.versions) {
      const defs = definitions(v.version);
      const spec = defs['io.k8s.api.apps.v1.DeploymentSpec'];
      assert.equal(spec.additionalProperties, false);
      assert.deepEqual(spec.required, ['selector', 'template']);
      assert.match(spec.properties.replicas.description, /^Number of desired pods\./);
      assert.match(spec.properties.template.description, /Template describes the pods that will be created/);
      assert.equal(defs['io.k8s.apimachinery.pkg.runtime.RawExtension'].additionalProperties, undefined);
      assert.equal(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON'].type, undefined);
      assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels.additionalProperties, { type: 'string' });
    }
  });

  test('the newer version (client-node) has fields 1.30 lacks, with descriptions borrowed where it has none', (t) => {
    const newer = index.versions.find((v) => v.version !== '1.30');
    if (!newer) return t.skip('only Kubernetes 1.30 is bundled');
    const defs = definitions(newer.version);
    assert.ok(defs['io.k8s.api.core.v1.Container'].properties.restartPolicyRules, 'Container.restartPolicyRules');
    assert.ok(!definitions('1.30')['io.k8s.api.core.v1.Container'].properties.restartPolicyRules);
    assert.ok(defs['io.k8s.api.resource.v1.DeviceClass'], 'resource.k8s.io/v1 DeviceClass');
    assert.deepEqual(defs['io.k8s.api.resource.v1.DeviceClass'].properties.apiVersion.enum, ['resource.k8s.io/v1']);
    // client-node has no description for a reference-typed field; kubernetes-types does.
    assert.match(defs['io.k8s.api.apps.v1.DeploymentSpec'].properties.selector.description, /^Label selector for pods\. Existing ReplicaSets/);
    assert.doesNotMatch(JSON.stringify(defs), /Openapi Generator/i, 'no generated-file headers as descriptions');
  });
});

// =================================================================================================
describe('KubernetesYamlService', () => {
  let svc: KubernetesYamlService;
  before(() => {
    svc = new KubernetesYamlService({ schemaDir });
  });

  test('bundledKubernetesVersions / defaultSchemaDir', () => {
    assert.deepEqual(bundledKubernetesVersions(schemaDir), index.versions.map((v) => v.version));
    assert.deepEqual(bundledKubernetesVersions(path.join(schemaDir, 'missing')), []);
    const saved = process.env.SHIPSHAPE_SCHEMA_DIR;
    try {
      process.env.SHIPSHAPE_SCHEMA_DIR = schemaDir;
      assert.equal(defaultSchemaDir(), schemaDir);
      assert.deepEqual(new KubernetesYamlService().kubernetesVersion, index.newest);
      delete process.env.SHIPSHAPE_SCHEMA_DIR;
      // Running from the TypeScript sources: <repo>/dist/schemas.
      assert.equal(defaultSchemaDir(), path.join(repo, 'dist', 'schemas'));
    } finally {
      if (saved === undefined) delete process.env.SHIPSHAPE_SCHEMA_DIR;
      else process.env.SHIPSHAPE_SCHEMA_DIR = saved;
    }
  });

  test('version selection: newest by default, normalised, unknown falls back without throwing', () => {
    const s = new KubernetesYamlService({ schemaDir });
    assert.equal(s.kubernetesVersion, index.newest);
    s.setKubernetesVersion('v1.30.4');
    assert.equal(s.kubernetesVersion, '1.30');
    s.setKubernetesVersion('1.99');
    assert.equal(s.kubernetesVersion, index.newest);
    s.setKubernetesVersion('not a version');
    assert.equal(s.kubernetesVersion, index.newest);
    assert.equal(new KubernetesYamlService({ schemaDir, kubernetesVersion: '1.30' }).kubernetesVersion, '1.30');
  });

  test('a Deployment with a wrong type and an unknown container field gets both, at the right ranges', async () => {
    for (const version of index.versions.map((v) => v.version)) {
      const s = new KubernetesYamlService({ schemaDir, kubernetesVersion: version });
      const ds = await s.validate(newDoc(DEPLOYMENT));
      assert.equal(ds.length, 2, summary(ds).join('\n'));
      const [typeErr, propErr] = ds;
      assert.deepEqual(typeErr.range, rangeOf(DEPLOYMENT, '"three"'));
      assert.equal(typeErr.message, 'Incorrect type. Expected "integer".');
      assert.equal(typeErr.severity, DiagnosticSeverity.Warning);
      assert.equal(typeErr.source, KUBERNETES_SCHEMA_SOURCE);
      assert.deepEqual(typeErr.data, { kubernetesVersion: version, definition: 'io.k8s.api.apps.v1.Deployment' });
      assert.deepEqual(propErr.range, rangeOf(DEPLOYMENT, 'bogusField'));
      assert.equal(propErr.message, 'Property bogusField is not allowed.');
      const data = propErr.data as KubernetesSchemaDiagnosticData;
      assert.ok(data.properties?.includes('resources'), 'lists the allowed properties');
      assert.ok(!JSON.stringify(ds).includes('githubusercontent'), 'no schema URL noise');
    }
    // Any document URI scheme gets the schema.
    for (const uri of ['untitled:Untitled-1', 'inmemory://model/3', 'file:///c%3A/Users/dev/deploy.yml', 'file:///no-extension']) {
      assert.equal((await svc.validate(newDoc(DEPLOYMENT, uri))).length, 2, uri);
    }
  });

  test('each kind is checked against the definitions it reaches: the same problems and data as with the whole definitions file', async () => {
    // The reference: yaml-language-server itself, served the bundled files as they are.
    const { getLanguageService } = await import('yaml-language-server');
    const urlRe = /\/v(\d+)\.(\d+)\.\d+-standalone-strict\/(all\.json|_definitions\.json)(?:#.*)?$/;
    const version = index.newest;
    const served: string[] = [];
    const reference = getLanguageService({
      schemaRequestService: async (uri: string) => {
        const m = urlRe.exec(uri);
        if (!m) return '{}';
        served.push(m[3]);
        return fs.readFileSync(path.join(schemaDir, `v${Number(m[1])}.${Number(m[2])}`, m[3]), 'utf8');
      },
      workspaceContext: { resolveRelativePath: (rel: string, resource: string) => new URL(rel, resource).toString() },
      yamlSettings: { kubernetesCRDStoreEnabled: true, kubernetesCRDStoreUrl: 'https://crd-catalog.shipshape.invalid' } as never,
    });
    reference.configure({
      validate: true, isKubernetes: true, yamlVersion: '1.1',
      schemas: [{ uri: `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v${version}.0-standalone-strict/all.json`, fileMatch: ['*', '**/*', '/**/*'] }],
    });
    const texts = [
      DEPLOYMENT,
      fixture('valid-manifests.yaml'),
      // Problems deep in the definitions a kind refers to: probes, volumes, affinity, ports, quantities.
      DEPLOYMENT.replace('bogusField: 1', 'livenessProbe: {httpGet: {port: [80]}, periodSeconds: "x"}\n          ports: [{containerPort: "http", protocol: 7}]\n          resources: {limits: {cpu: [1]}}'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: [1]}}\nspec:\n  volumes: [{name: v, hostPath: {path: 1, kind: x}}]\n  affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: 3}]}}\n  containers: [{name: c, image: i, securityContext: {capabilities: {add: NET_ADMIN}}}]\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: Nope, ports: [{port: "80", targetPort: {}}], selector: [a]}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: 5, jobTemplate: {spec: {template: {spec: {containers: [{name: c}], restartPolicy: Sometimes}}}}}\n',
    ];
    const s = new KubernetesYamlService({ schemaDir, kubernetesVersion: version });
    for (const text of texts) {
      const ours = await s.validate(newDoc(text));
      const theirs = await reference.doValidation(newDoc(text), true);
      assert.ok(ours.length > 0 || text.includes('kind: CustomResourceDefinition'), 'there is something to compare');
      assert.deepEqual(ours.map((d) => [d.message, d.range, d.severity]), theirs.map((d) => [d.message, d.range, d.severity]), text.slice(0, 80));
      const definitionOf = (d: Diagnostic) => {
        const uri = ((d.data as { schemaUri?: string[] } | undefined)?.schemaUri ?? []).find((u) => urlRe.test(u));
        return uri && /#\/definitions\/(.+)$/.exec(decodeURIComponent(uri))?.[1];
      };
      assert.deepEqual(ours.map((d) => (d.data as KubernetesSchemaDiagnosticData | undefined)?.definition), theirs.map(definitionOf), 'the definition each problem names');
    }
    assert.ok(served.includes('_definitions.json'), 'the reference read the whole definitions file');
  });

  test('valid manifests of many kinds (CRD, webhook, APIService, FlowSchema, List, ...) get no diagnostics', async () => {
    const text = fixture('valid-manifests.yaml');
    for (const version of index.versions.map((v) => v.version)) {
      const s = new KubernetesYamlService({ schemaDir, kubernetesVersion: version });
      assert.deepEqual(summary(await s.validate(newDoc(text))), [], version);
    }
  });

  test('strictness reaches CRD schemas, webhook rules, APIService and aliased groups', async () => {
    const cases: Array<[string, string, string]> = [
      [
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.b}\nspec:\n  group: b\n  scope: Namespaced\n  names: {kind: A, plural: as}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          x-kubernetes-preserve-unknown-field: true\n',
        'x-kubernetes-preserve-unknown-field',
        'Property x-kubernetes-preserve-unknown-field is not allowed.',
      ],
      [
        'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks:\n  - name: m.example.com\n    admissionReviewVersions: [v1]\n    sideEffects: None\n    clientConfig: {url: "https://m.example.com"}\n    rules:\n      - operations: [CREATE]\n        resources: [pods]\n        scope: 3\n',
        '3',
        'Incorrect type. Expected "string".',
      ],
      [
        'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.x}\nspec:\n  groupPriorityMinimum: high\n  versionPriority: 1\n',
        'high',
        'Incorrect type. Expected "integer".',
      ],
      [
        'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: PriorityLevelConfiguration\nmetadata: {name: p}\nspec:\n  type: Limited\n  limitd: {}\n',
        'limitd',
        'Property limitd is not allowed.',
      ],
    ];
    for (const [text, needle, message] of cases) {
      const ds = await svc.validate(newDoc(text));
      assert.deepEqual(summary(ds), [`${rangeOf(text, needle).start.line}:${rangeOf(text, needle).start.character} ${message} [${KUBERNETES_SCHEMA_SOURCE}]`]);
    }
  });

  test('documents without apiVersion/kind get no schema problems, also mixed with Kubernetes documents', async () => {
    const workflow = 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';
    const compose = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    depends_on: [db]\n  db:\n    image: postgres\nvolumes: {data: {}}\n';
    const helmValues = 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: ""\nkind: frontend\nresources: {}\n';
    for (const text of [workflow, compose, helmValues, 'apiVersion: v2\nname: chart\nversion: 1.0.0\n', '# only a comment\n', '']) {
      assert.deepEqual(summary(await svc.validate(newDoc(text))), [], text);
    }
    const mixed = [workflow, compose, DEPLOYMENT, helmValues].join('---\n');
    const ds = await svc.validate(newDoc(mixed));
    assert.deepEqual(
      ds.map((d) => d.range),
      [rangeOf(mixed, '"three"'), rangeOf(mixed, 'bogusField')],
      summary(ds).join('\n'),
    );
  });

  test('unknown kinds and CRD instances get no false errors', async () => {
    for (const text of [
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: "big", whatever: [1, 2]}\n',
      'apiVersion: v1\nkind: Widget\nfoo: bar\n',
      'apiVersion: apps/v1\nkind: Deploymnet\nspec: {replicas: many}\n',
      'apiVersion: extensions/v1beta1\nkind: Deployment\nspec: {replicas: 1, anything: true}\n',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n',
      'apiVersion: apps/v1\nmetadata: {name: no-kind}\nspec: {bogus: 1}\n',
    ]) {
      assert.deepEqual(summary(await svc.validate(newDoc(text))), [], text);
    }
  });

  test('multi-document files are checked document by document against their own kind', async () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "1"}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n  replicas: 2\n',
      'apiVersion: example.com/v1\nkind: Widget\nspec: {replicas: two}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n  selector: {}\n  template:\n    spec:\n      containers: [{name: c, image: i, ports: [{containerPort: http}]}]\n',
    ].join('---\n');
    const ds = await svc.validate(newDoc(text));
    assert.deepEqual(summary(ds), [
      `${rangeOf(text, 'replicas', 0).start.line}:2 Property replicas is not allowed. [${KUBERNETES_SCHEMA_SOURCE}]`,
      `${rangeOf(text, 'http').start.line}:${rangeOf(text, 'http').start.character} Incorrect type. Expected "integer". [${KUBERNETES_SCHEMA_SOURCE}]`,
    ]);
    assert.equal((ds[0].data as KubernetesSchemaDiagnosticData).definition, 'io.k8s.api.core.v1.Service');
    assert.equal((ds[1].data as KubernetesSchemaDiagnosticData).definition, 'io.k8s.api.apps.v1.Deployment');
  });

  test('the Kubernetes version changes the verdict', async (t) => {
    const newer = index.versions.find((v) => v.version !== '1.30');
    if (!newer) return t.skip('only Kubernetes 1.30 is bundled');
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: i\n      restartPolicy: Always\n      restartPolicyRules:\n        - action: Restart\n          exitCodes: {operator: In, values: [42]}\n';
    const s = new KubernetesYamlService({ schemaDir, kubernetesVersion: '1.30' });
    assert.deepEqual(summary(await s.validate(newDoc(text))), [
      `${rangeOf(text, 'restartPolicyRules').start.line}:6 Property restartPolicyRules is not allowed. [${KUBERNETES_SCHEMA_SOURCE}]`,
    ]);
    s.setKubernetesVersion(newer.version);
    assert.deepEqual(summary(await s.validate(newDoc(text))), []);
  });

  test('reads YAML 1.1 like kubectl by default (yes is a boolean), 1.2 on request', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  enabled: yes\n  quoted: "yes"\n';
    const expected = [`${rangeOf(text, 'yes').start.line}:11 Incorrect type. Expected "string". [${KUBERNETES_SCHEMA_SOURCE}]`];
    assert.deepEqual(summary(await svc.validate(newDoc(text))), expected);
    // Hover first (it would parse with yaml-language-server's defaults), then validate.
    const doc = newDoc(text);
    await svc.hover(doc, posOf(text, 'enabled', 0, 1));
    assert.deepEqual(summary(await svc.validate(doc)), expected);
    const yaml12 = new KubernetesYamlService({ schemaDir, yamlVersion: '1.2' });
    assert.deepEqual(summary(await yaml12.validate(newDoc(text))), []);
    // The same URI and text through services with different YAML versions.
    const shared = newDoc(text);
    assert.equal((await yaml12.validate(shared)).length, 0);
    assert.equal((await svc.validate(shared)).length, 1);
    assert.equal((await yaml12.validate(shared)).length, 0);
  });

  test('YAML syntax errors are returned as errors', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n  a: "2"\n';
    const ds = await svc.validate(newDoc(text));
    assert.equal(ds.length, 1, summary(ds).join('\n'));
    assert.equal(ds[0].message, 'Map keys must be unique');
    assert.equal(ds[0].severity, DiagnosticSeverity.Error);
    assert.equal(ds[0].source, 'YAML');
    assert.equal(ds[0].range.start.line, 4);
    const broken = await svc.validate(newDoc('apiVersion: v1\nkind: ConfigMap\ndata: [a, b\n'));
    assert.ok(broken.some((d) => d.severity === DiagnosticSeverity.Error && d.source === 'YAML'), summary(broken).join('\n'));
  });

  test('edits are seen even when the caller keeps the same URI and version', async () => {
    const uri = 'file:///test/edited.yaml';
    const ok = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n';
    const bad = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: eighty}]}\n';
    assert.equal((await svc.validate(newDoc(ok, uri, 1))).length, 0);
    assert.equal((await svc.validate(newDoc(bad, uri, 1))).length, 1);
    assert.equal((await svc.validate(newDoc(ok, uri, 1))).length, 0);
    assert.equal((await svc.validate(newDoc(bad, uri, 7))).length, 1);
    svc.forget(uri);
    assert.equal((await svc.validate(newDoc(ok, uri, 7))).length, 0);
  });

  test('hover on replicas shows its description without a schema source line', async () => {
    const doc = newDoc(DEPLOYMENT);
    const h = await svc.hover(doc, posOf(DEPLOYMENT, 'replicas', 0, 3));
    const text = hoverText(h);
    assert.match(text, /Number of desired pods\. This is a pointer to distinguish between explicit zero and not specified\. Defaults to 1\./);
    assert.doesNotMatch(text, /Source:|githubusercontent|json/i);
    assert.deepEqual(h?.range, rangeOf(DEPLOYMENT, 'replicas'));
    const image = hoverText(await svc.hover(doc, posOf(DEPLOYMENT, 'image:', 0, 1)));
    assert.match(image, /Container image name/);
  });

  test('hover outside Kubernetes documents, or at odd positions, is null and never throws', async () => {
    const workflow = newDoc('name: CI\non: push\njobs:\n  b:\n    runs-on: x\n');
    assert.equal(await svc.hover(workflow, { line: 0, character: 1 }), null);
    assert.equal(await svc.hover(workflow, { line: 99, character: 99 }), null);
    assert.equal(await svc.hover(newDoc(''), { line: 0, character: 0 }), null);
  });

  test('completion inside a container offers container fields, at the top level the resource fields', async () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {}\n  template:\n    spec:\n      containers:\n        - name: web\n          \n';
    const list = await svc.complete(newDoc(text), { line: 9, character: 10 });
    const labels = list.items.map((i) => i.label);
    for (const l of ['image', 'resources', 'ports', 'env', 'livenessProbe', 'securityContext']) assert.ok(labels.includes(l), `${l} in ${labels.join(',')}`);
    assert.ok(!labels.includes('name'), 'already present');
    assert.ok(!labels.includes('replicas'), 'not a container field');
    const image = list.items.find((i) => i.label === 'image');
    assert.match(JSON.stringify(image?.documentation ?? ''), /Container image name/);

    const top = 'apiVersion: apps/v1\nkind: Deployment\n\n';
    const topLabels = (await svc.complete(newDoc(top), { line: 2, character: 0 })).items.map((i) => i.label);
    assert.ok(topLabels.includes('metadata') && topLabels.includes('spec'), topLabels.join(','));
  });

  test('completion offers no Kubernetes fields in documents without apiVersion/kind', async () => {
    const text = 'name: CI\non: push\njobs:\n  build:\n    \n';
    const labels = (await svc.complete(newDoc(text), { line: 4, character: 4 })).items.map((i) => i.label);
    for (const l of ['apiVersion', 'kind', 'metadata', 'spec']) assert.ok(!labels.includes(l), labels.join(','));
  });

  test('never throws: missing schemas, garbage input, odd positions', async () => {
    const none = new KubernetesYamlService({ schemaDir: path.join(schemaDir, 'does-not-exist') });
    assert.equal(none.kubernetesVersion, '');
    assert.deepEqual(schemaProblems(await none.validate(newDoc(DEPLOYMENT))), []);
    assert.ok((await none.validate(newDoc('a: [\n'))).length > 0, 'syntax errors still reported');
    none.setKubernetesVersion('1.30');
    assert.equal(none.kubernetesVersion, '');

    const garbage = ['\u0000\u0001\uFFFF', '{{{{', ': : :', '- - - -\n  ? ? ?', 'a: &x [*x]\n', '%YAML 9.9\n---\n', 'x'.repeat(100_000)];
    for (const g of garbage) {
      assert.ok(Array.isArray(await svc.validate(newDoc(g))));
      await svc.hover(newDoc(g), { line: 3, character: 2 });
      assert.ok(Array.isArray((await svc.complete(newDoc(g), { line: 0, character: 2 })).items));
    }
    assert.ok(Array.isArray((await svc.complete(newDoc(DEPLOYMENT), { line: 500, character: 0 })).items));
  });

  test('validates a large manifest in reasonable time', async () => {
    const one = fixture('valid-manifests.yaml');
    const text = Array.from({ length: 20 }, () => one).join('---\n'); // ~600 documents
    const s = new KubernetesYamlService({ schemaDir });
    const doc = newDoc(text);
    let t = Date.now();
    assert.deepEqual(await s.validate(doc), []);
    const cold = Date.now() - t;
    t = Date.now();
    await s.validate(doc);
    const warm = Date.now() - t;
    assert.ok(cold < 15_000, `cold ${cold} ms`);
    assert.ok(warm < 5_000, `warm ${warm} ms`);
  });
});

// =================================================================================================
describe('isKubernetesDocumentText', () => {
  test('true when any document has top-level apiVersion and kind', () => {
    assert.equal(isKubernetesDocumentText('apiVersion: v1\nkind: Pod\n'), true);
    assert.equal(isKubernetesDocumentText('# c\nkind: Pod\nmetadata: {}\napiVersion: v1\n'), true);
    assert.equal(isKubernetesDocumentText('name: CI\non: push\n---\napiVersion: apps/v1\nkind: Deployment\n'), true);
    assert.equal(isKubernetesDocumentText('{"apiVersion": "v1", "kind": "Pod"}'), true);
    assert.equal(isKubernetesDocumentText('--- {apiVersion: v1, kind: Pod}\n'), true);
    assert.equal(isKubernetesDocumentText('"apiVersion": v1\n"kind": Pod\n'), true);
  });
  test('false for workflows, compose files, Helm values and charts, nested or split keys', () => {
    assert.equal(isKubernetesDocumentText('name: CI\non: push\njobs: {}\n'), false);
    assert.equal(isKubernetesDocumentText('services:\n  web: {image: nginx}\n'), false);
    assert.equal(isKubernetesDocumentText('replicaCount: 1\nkind: frontend\n'), false);
    assert.equal(isKubernetesDocumentText('apiVersion: v2\nname: chart\nversion: 1.0.0\n'), false);
    assert.equal(isKubernetesDocumentText('spec:\n  apiVersion: v1\n  kind: Pod\n'), false);
    assert.equal(isKubernetesDocumentText('apiVersion: v1\n---\nkind: Pod\n'), false);
    assert.equal(isKubernetesDocumentText('# apiVersion: v1\n# kind: Pod\n'), false);
    assert.equal(isKubernetesDocumentText('config: |\n  apiVersion: v1\n  kind: Pod\n'), false);
    assert.equal(isKubernetesDocumentText(''), false);
  });
});
