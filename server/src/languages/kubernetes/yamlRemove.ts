/**
 * Edits that delete whole lines of block YAML: a key with its value, or an item of a block
 * sequence. They apply only when the node owns its lines outright (nothing else shares its first
 * or last line but a trailing comment); otherwise they give `undefined` and the caller offers no fix.
 */
import { isMap, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../../engine/types';
import type { KubernetesModel } from './model';

/** Offset where a node's text ends, stepping back over the line break block scalars include. */
function endOf(model: KubernetesModel, node: Node | null | undefined): number | undefined {
  let end = node?.range?.[1];
  if (end === undefined) return undefined;
  while (end > 0 && (model.text[end - 1] === '\n' || model.text[end - 1] === '\r')) end--;
  return end;
}

/** Deletes lines first..last (inclusive) with their line breaks. */
function deleteLines(model: KubernetesModel, first: number, last: number): TextEdit {
  const lines = model.lines;
  if (last + 1 < lines.lineCount) {
    return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
  }
  // The last line of the file has no line break after it: take the one before the first line.
  const start = first > 0 ? { line: first - 1, character: lines.lineText(first - 1).length } : { line: first, character: 0 };
  return { range: { start, end: { line: last, character: lines.lineText(last).length } }, newText: '' };
}

/** Whether only whitespace or a comment follows `offset` on its line. */
function restOfLineIsFree(model: KubernetesModel, offset: number): boolean {
  const pos = model.lines.positionAt(offset);
  return /^\s*(#.*)?$/.test(model.lines.lineText(pos.line).slice(pos.character));
}

/** Removes `pair` (key and value) from a block map when the pair's key starts its own line. */
export function removePair(model: KubernetesModel, map: YAMLMap, pair: Pair<Node, Node | null>): TextEdit | undefined {
  if (map.flow || !map.items.includes(pair as never) || map.items.length < 2) return undefined;
  const start = pair.key?.range?.[0];
  const end = endOf(model, (pair.value ?? pair.key) as Node);
  if (start === undefined || end === undefined || !restOfLineIsFree(model, end)) return undefined;
  const pos = model.lines.positionAt(start);
  // A key after `- ` would take the sequence dash with it.
  if (model.lines.lineText(pos.line).slice(0, pos.character).trim() !== '') return undefined;
  return deleteLines(model, pos.line, model.lines.positionAt(end).line);
}

/** Removes an item of a block sequence when it starts on its own `- ` line. */
export function removeSeqItem(model: KubernetesModel, seq: YAMLSeq, item: Node): TextEdit | undefined {
  if (!isSeq(seq) || seq.flow || !seq.items.includes(item as never)) return undefined;
  const start = item.range?.[0];
  const end = endOf(model, item);
  if (start === undefined || end === undefined || !restOfLineIsFree(model, end)) return undefined;
  const pos = model.lines.positionAt(start);
  // A flow collection spread over lines may share them with its neighbours' comments; one line is fine.
  if ((isMap(item) || isSeq(item)) && item.flow && model.lines.positionAt(end).line !== pos.line) return undefined;
  if (!/^\s*-\s+$/.test(model.lines.lineText(pos.line).slice(0, pos.character))) return undefined;
  return deleteLines(model, pos.line, model.lines.positionAt(end).line);
}
