/** The workspace index: objects per file, the view a rule gets, scanning a folder. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { objectsOf, WorkspaceIndex } from '../../../server/src/languages/kubernetes/workspaceIndex';
import { bigManifest, rng } from '../../../scripts/bench/generate';
import { customResourceDefinitionsOf } from '../../../server/src/languages/kubernetes/crdSchemas';

test('objectsOf keeps Kubernetes objects only', () => {
  const objs = objectsOf('u', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nfoo: 1\n---\n: bad: [\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n');
  assert.deepEqual(objs.map((o) => (o.json.metadata as { name: string }).name), ['a', 'b']);
  assert.deepEqual(objectsOf('u', 'on: push\n'), []);
});

test('view excludes the file being linted; scan reads a folder and marks completeness', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-index-'));
  fs.mkdirSync(path.join(dir, 'k8s'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'k8s', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n');
  fs.writeFileSync(path.join(dir, 'k8s', 'svc.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n');
  fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: skip}\n');
  const index = new WorkspaceIndex();
  await index.scan(dir, (f) => 'file://' + f);
  assert.equal(index.complete, true);
  const cm = 'file://' + path.join(dir, 'k8s', 'cm.yaml');
  assert.deepEqual(index.view(cm).objects.map((o) => o.json.kind), ['Service']);
  index.setFile(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: renamed}\n');
  const names = index.view('other').objects.map((o) => (o.json.metadata as { name: string }).name).sort();
  assert.deepEqual(names, ['renamed', 'web']);
  const limited = new WorkspaceIndex();
  await limited.scan(dir, (f) => f, 1);
  assert.equal(limited.complete, false, 'a folder larger than the limit is not complete');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('setFile after edits gives the objects of a parse of the whole text, reusing unchanged documents', () => {
  // Random edits on a generated multi-document file: snippets that open quotes, flow collections,
  // block scalars and new documents, deletions, and % directives.
  const r = rng(5);
  const snippets = ['a', '1', ' ', ':', ': ', '- ', '\n', '\n  ', '#', '"', "'", '---\n', '\n---\n', '{', '}', '[', ']', '|', '>', '&a', '*a', '...\n', '%YAML 1.1\n', 'kind: Secret\n'];
  let text = bigManifest(25, 3);
  const uri = 'file:///shipshape-test/index.yaml';
  const index = new WorkspaceIndex();
  for (let i = 0; i < 100; i++) {
    const at = Math.floor(r() * (text.length + 1));
    text = r() < 0.6
      ? text.slice(0, at) + snippets[Math.floor(r() * snippets.length)] + text.slice(at)
      : text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 20)));
    index.setFile(uri, text);
    assert.deepEqual(index.view('other').objects, objectsOf(uri, text), `after edit ${i}`);
  }
  // Not Kubernetes YAML until one document gets apiVersion and kind; then every document counts.
  const plain = 'a: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nb: 2\n';
  for (const t of [plain.replace('kind:', 'kin:'), plain, plain.replace('kind:', 'kin:')]) {
    index.setFile(uri, t);
    assert.deepEqual(index.view('other').objects, objectsOf(uri, t));
  }
  assert.deepEqual(index.view('other').objects, []);
  // A directive applies to the document after it: `yes` is a string in YAML 1.2, a boolean in 1.1.
  const directive = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\n%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: yes}\n';
  index.setFile(uri, directive);
  assert.deepEqual(index.view('other').objects, objectsOf(uri, directive));
  assert.deepEqual(index.view('other').objects[1].json.data, { x: 'yes' });
  // Documents whose text did not change keep their objects (the same JSON values).
  const clean = bigManifest(25, 3);
  index.setFile(uri, clean);
  const before = index.view('other').objects;
  index.setFile(uri, clean + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: added}\n');
  const after = index.view('other').objects;
  assert.equal(after.length, before.length + 1);
  assert.ok(before.every((o, k) => after[k].json === o.json));
});

test('view(uri) stays the same object while only that file changes', () => {
  const index = new WorkspaceIndex();
  index.setFile('a', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
  index.setFile('b', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
  const forA = index.view('a');
  assert.deepEqual(forA.objects.map((o) => o.uri), ['b']);
  index.setFile('a', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a2}\n');
  assert.equal(index.view('a'), forA, 'its own file changed');
  index.setFile('b', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n# a comment\n');
  assert.equal(index.view('a'), forA, 'another file changed without changing its objects');
  index.setFile('b', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b2}\n');
  const next = index.view('a');
  assert.notEqual(next, forA);
  assert.deepEqual(next.objects.map((o) => (o.json.metadata as { name: string }).name), ['b2']);
  index.complete = true;
  assert.equal(index.view('a').complete, true);
  index.deleteFile('b');
  assert.deepEqual(index.view('a').objects, []);
});

test('setFileLater: views and CustomResourceDefinitions are those of setFile', () => {
  const crd = (group: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.${group}}\nspec:\n  group: ${group}\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]\n`;
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
  const later = new WorkspaceIndex();
  const now = new WorkspaceIndex();
  later.setFile('other', crd('other.example.com'));
  now.setFile('other', crd('other.example.com'));
  for (const text of [cm, cm + '---\n' + crd('a.example.com'), cm + '---\n' + crd('b.example.com'), cm, cm + '# CustomResourceDefinition\n', cm + '---\n' + crd('a.example.com')]) {
    later.setFileLater('open', text);
    now.setFile('open', text);
    assert.deepEqual(later.customResourceDefinitions(), customResourceDefinitionsOf(now.view('').objects), text);
    assert.deepEqual(later.view('other').objects, now.view('other').objects);
    assert.deepEqual(later.view('open').objects, now.view('open').objects);
  }
});
