/**
 * "Convert to multi-stage build" as LSP code actions: a previewable refactor.rewrite anywhere in a
 * Dockerfile (disabled with the reason when the conversion would guess, absent when there is
 * nothing to convert), and the rule's quick fix given the same change annotation.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver';
import { codeActions, toDiagnostic } from '../../server/src/engine/lsp';
import { lint } from '../../server/src/engine/runner';
import { applyEdits } from '../../server/src/engine/text';
import { DockerfileModel } from '../../server/src/languages/dockerfile/model';
import { convertToMultiStage, MULTISTAGE_TITLE } from '../../server/src/languages/dockerfile/multistage';
import { multistageCodeAction, withMultistage, wantsRefactorRewrite } from '../../server/src/languages/dockerfile/multistageAction';
import { KubernetesModel } from '../../server/src/languages/kubernetes/model';

const URI = 'file:///project/Dockerfile';
const GO = 'FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n';
/** No build tool in the final image, so the rule is silent: only the refactoring offers the conversion. */
const PYTHON = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n';

/** The edits of an action, applied. */
function applied(action: CodeAction, text: string): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.equal(change.textDocument.uri, URI);
  return applyEdits(text, change.edits);
}

describe('multistageCodeAction', () => {
  test('a refactor.rewrite with a change annotation that needs confirmation', () => {
    const model = new DockerfileModel(PYTHON);
    const action = multistageCodeAction(URI, model, 7)!;
    assert.equal(action.title, MULTISTAGE_TITLE);
    assert.equal(action.kind, 'refactor.rewrite');
    assert.equal(action.disabled, undefined);
    const change = action.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 7);
    assert.ok(change.edits.length >= 1);
    const id = (change.edits[0] as { annotationId?: string }).annotationId!;
    assert.ok(id);
    for (const e of change.edits) assert.equal((e as { annotationId?: string }).annotationId, id, 'every edit carries the annotation');
    assert.deepEqual({ ...action.edit!.changeAnnotations![id], description: undefined }, { label: MULTISTAGE_TITLE, needsConfirmation: true, description: undefined });
    const converted = convertToMultiStage(model);
    assert.ok('text' in converted);
    assert.equal(applied(action, PYTHON), converted.text);
  });

  test('only the lines that change are edited: comments and kept lines stay outside every edit', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'multistage', 'node-1', 'Dockerfile'), 'utf8');
    const expected = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'multistage', 'node-1', 'expected.Dockerfile'), 'utf8');
    const action = multistageCodeAction(URI, new DockerfileModel(text))!;
    const edits = (action.edit!.documentChanges![0] as TextDocumentEdit).edits;
    assert.ok(edits.length > 1, `several line edits, not one whole-file replacement (${edits.length})`);
    assert.equal(applied(action, text), expected);
    const lines = text.split('\n');
    const untouched = (line: number) => edits.every((e) => line < e.range.start.line || line >= e.range.end.line);
    for (const kept of ['# syntax=docker/dockerfile:1', '# Storefront API (NestJS)', 'EXPOSE 3000']) {
      const at = lines.indexOf(kept);
      assert.ok(at >= 0 && expected.includes(kept), kept);
      assert.ok(untouched(at), `"${kept}" (line ${at}) is left in place`);
    }
    // Sorted and non-overlapping, as LSP requires of one TextDocumentEdit.
    for (let i = 1; i < edits.length; i++) {
      const a = edits[i - 1].range.end;
      const b = edits[i].range.start;
      assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), JSON.stringify(edits));
    }
  });

  test('the notes go into the annotation description, for the preview', () => {
    const action = multistageCodeAction(URI, new DockerfileModel(GO))!;
    const description = Object.values(action.edit!.changeAnnotations!)[0].description ?? '';
    assert.match(description, /Only the program is copied/);
  });

  test('disabled, with the reason, when the conversion would guess', () => {
    const action = multistageCodeAction(URI, new DockerfileModel('FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["go", "run", "."]\n'))!;
    assert.equal(action.edit, undefined);
    assert.match(action.disabled!.reason, /go run/);
  });

  test('absent when there is nothing to convert', () => {
    assert.equal(multistageCodeAction(URI, new DockerfileModel('FROM golang:1.25 AS b\nRUN go build -o /a .\nFROM scratch\nCOPY --from=b /a /a\nCMD ["/a"]\n')), undefined);
    assert.equal(multistageCodeAction(URI, new DockerfileModel('FROM alpine:3.22\nCMD ["sh"]\n')), undefined);
  });

  test('offered for the lightbulb (no only) and for refactor requests, not for quick fixes or source actions', () => {
    assert.equal(wantsRefactorRewrite(undefined), true);
    assert.equal(wantsRefactorRewrite(['refactor']), true);
    assert.equal(wantsRefactorRewrite(['refactor.rewrite']), true);
    assert.equal(wantsRefactorRewrite(['quickfix']), false);
    assert.equal(wantsRefactorRewrite(['source.fixAll.shipshape']), false);
    assert.equal(wantsRefactorRewrite(['refactor.extract']), false);
  });
});

describe('withMultistage (server.ts onCodeAction)', () => {
  async function actionsFor(text: string, cursorLine: number, only?: string[]) {
    const linted = await lint({ text, language: 'dockerfile' });
    const diagnostics = linted.findings.filter((f) => f.range.start.line <= cursorLine && f.range.end.line >= cursorLine).map((f) => toDiagnostic(f, 1));
    const actions = codeActions({ uri: URI, language: 'dockerfile', lines: linted.model.lines, findings: linted.findings, diagnostics, only });
    return withMultistage(actions, { uri: URI, version: 1, model: linted.model, only });
  }

  test('the quick fix on the diagnostic gets the previewable edit; no duplicate refactoring', async () => {
    const actions = await actionsFor(GO, 0);
    const converts = actions.filter((a) => a.title === MULTISTAGE_TITLE);
    assert.equal(converts.length, 1);
    assert.equal(converts[0].kind, 'quickfix');
    assert.equal(converts[0].edit?.changes, undefined);
    assert.ok(Object.values(converts[0].edit!.changeAnnotations!)[0].needsConfirmation);
    assert.equal(applied(converts[0], GO), (convertToMultiStage(new DockerfileModel(GO)) as { text: string }).text);
  });

  test('anywhere else in the file: the refactoring', async () => {
    const actions = await actionsFor(GO, 3);
    const converts = actions.filter((a) => a.title === MULTISTAGE_TITLE);
    assert.deepEqual(converts.map((a) => a.kind), ['refactor.rewrite']);
  });

  test('a file the rule is silent on still gets the refactoring', async () => {
    const actions = await actionsFor(PYTHON, 0);
    assert.deepEqual(actions.filter((a) => a.title === MULTISTAGE_TITLE).map((a) => a.kind), ['refactor.rewrite']);
  });

  test('only: ["quickfix"] gets no refactoring', async () => {
    const actions = await actionsFor(PYTHON, 0, ['quickfix']);
    assert.equal(actions.filter((a) => a.title === MULTISTAGE_TITLE).length, 0);
  });

  test('Kubernetes documents are passed through', () => {
    const model = new KubernetesModel('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n');
    const actions: CodeAction[] = [{ title: 'x' }];
    assert.equal(withMultistage(actions, { uri: URI, model }), actions);
  });
});

describe('clients without documentChanges', () => {
  test('plain: a changes edit without annotation', () => {
    const action = multistageCodeAction(URI, new DockerfileModel(PYTHON), 3, true)!;
    assert.equal(action.edit!.documentChanges, undefined);
    assert.equal(action.edit!.changes![URI].length, 1);
  });
});
