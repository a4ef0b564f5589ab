/** The workspace index: objects per file, the view a rule gets, scanning a folder. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { objectsOf, WorkspaceIndex } from '../../../server/src/languages/kubernetes/workspaceIndex';

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
