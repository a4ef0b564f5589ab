/**
 * The multi-stage conversion as LSP code actions: a `refactor.rewrite` offered anywhere in a
 * Dockerfile, and the rule's quick fix, both as line edits (only the lines that change, so the
 * preview lists real changes and comments and unchanged lines stay put) carrying a change
 * annotation that needs confirmation, so the editor shows a preview (with the conversion's notes) first.
 * Connection-free; server.ts calls `withMultistage` from onCodeAction.
 */
import { diffLines } from 'diff';
import type { AnnotatedTextEdit, CodeAction, WorkspaceEdit } from 'vscode-languageserver';
import type { KubernetesModel } from '../kubernetes/model';
import { DockerfileModel } from './model';
import { convertToMultiStage, MULTISTAGE_TITLE } from './multistage';

export const MULTISTAGE_KIND = 'refactor.rewrite';
export const MULTISTAGE_RULE = 'dockerfile/prefer-multi-stage';
const ANNOTATION = 'shipshape.multistage';

/** The smallest set of whole-line replacements turning the model's text into `text`, each annotated. */
function lineEdits(model: DockerfileModel, text: string): AnnotatedTextEdit[] {
  const edits: AnnotatedTextEdit[] = [];
  const parts = diffLines(model.text, text);
  let offset = 0;
  for (let i = 0; i < parts.length;) {
    if (!parts[i].added && !parts[i].removed) {
      offset += parts[i++].value.length;
      continue;
    }
    let removed = '';
    let added = '';
    for (; i < parts.length && (parts[i].added || parts[i].removed); i++) {
      if (parts[i].removed) removed += parts[i].value;
      else added += parts[i].value;
    }
    edits.push({
      range: { start: model.lines.positionAt(offset), end: model.lines.positionAt(offset + removed.length) },
      newText: added,
      annotationId: ANNOTATION,
    });
    offset += removed.length;
  }
  return edits;
}

/**
 * The conversion as a previewable edit of the whole document; undefined when it does not apply.
 * `plain` gives a `changes` edit without annotation, for clients without documentChanges support.
 */
export function multistageEdit(uri: string, model: DockerfileModel, version?: number, plain = false): WorkspaceEdit | undefined {
  const converted = convertToMultiStage(model);
  if (!('text' in converted)) return undefined;
  const range = { start: { line: 0, character: 0 }, end: model.lines.positionAt(model.text.length) };
  if (plain) return { changes: { [uri]: [{ range, newText: converted.text }] } };
  return {
    documentChanges: [{ textDocument: { uri, version: version ?? null }, edits: lineEdits(model, converted.text) }],
    changeAnnotations: {
      [ANNOTATION]: {
        label: MULTISTAGE_TITLE,
        needsConfirmation: true,
        ...(converted.notes.length ? { description: converted.notes.join(' ') } : {}),
      },
    },
  };
}

/**
 * "Convert to multi-stage build" as a refactoring. Undefined when there is nothing to convert
 * (already multi-stage, nothing built); disabled, with the reason, when the conversion would guess.
 */
export function multistageCodeAction(uri: string, model: DockerfileModel, version?: number, plain = false): CodeAction | undefined {
  const converted = convertToMultiStage(model);
  if ('reason' in converted) {
    return converted.notApplicable ? undefined : { title: MULTISTAGE_TITLE, kind: MULTISTAGE_KIND, disabled: { reason: converted.reason } };
  }
  return { title: MULTISTAGE_TITLE, kind: MULTISTAGE_KIND, edit: multistageEdit(uri, model, version, plain) };
}

/** The request asks for refactorings (the lightbulb sends no `only`). */
export function wantsRefactorRewrite(only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => o === 'refactor' || o === MULTISTAGE_KIND);
}

export interface MultistageInput {
  uri: string;
  version?: number;
  /** The linted document's model (Kubernetes models are passed through untouched). */
  model: DockerfileModel | KubernetesModel;
  only?: readonly string[];
  /** The client lacks `workspace.workspaceEdit.documentChanges`: plain edits, no preview. */
  plain?: boolean;
}

/**
 * Adds the refactoring to a Dockerfile's code actions, and gives the rule's quick fix the same
 * previewable edit. The refactoring is left out where the quick fix is already offered.
 */
export function withMultistage(actions: CodeAction[], input: MultistageInput): CodeAction[] {
  const { model } = input;
  if (!(model instanceof DockerfileModel)) return actions;
  let quickFix = false;
  const out = actions.map((a) => {
    if (a.kind !== 'quickfix' || a.title !== MULTISTAGE_TITLE || !a.diagnostics?.some((d) => d.code === MULTISTAGE_RULE)) return a;
    quickFix = true;
    if (input.plain) return a;
    const edit = multistageEdit(input.uri, model, input.version);
    return edit ? { ...a, edit } : a;
  });
  if (!quickFix && wantsRefactorRewrite(input.only)) {
    const action = multistageCodeAction(input.uri, model, input.version, input.plain);
    if (action) out.push(action);
  }
  return out;
}
