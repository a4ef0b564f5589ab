/**
 * Structural edits on block YAML that keep everything the user wrote: new keys are inserted as
 * text after the last line of a map's content, indented like their siblings, with scalars quoted
 * by the `yaml` library. Flow-style maps (`{a: 1}`) are not edited (callers offer no fix).
 */
import { stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../engine/types';
import type { KubernetesModel } from './model';

/** Renders `value` as block YAML lines indented by `indent` spaces, using `unit` per level. */
export function renderBlock(value: Record<string, unknown>, indent: number, unit: number): string[] {
  const text = stringifyBlock(value, unit, true);
  return text.split('\n').map((l) => ' '.repeat(indent) + l);
}

/** Texts rendered so far, by options and value (see {@link stringifyBlock}). */
const rendered = new Map<string, string>();
const MAX_RENDERED = 20_000;

/**
 * `value` as block YAML without the final line break (`indentSeq`: dashes indented under their key).
 * Fixes are computed on every lint and the editor lints the same objects again after each edit, so
 * texts of plain JSON values are kept (a bounded number of them).
 */
export function stringifyBlock(value: unknown, unit: number, indentSeq: boolean): string {
  const key = isPlainJson(value) ? `${unit}|${indentSeq}|${JSON.stringify(value)}` : undefined;
  const known = key === undefined ? undefined : rendered.get(key);
  if (known !== undefined) return known;
  const text = stringify(value, { indent: unit, indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  if (key !== undefined) {
    if (rendered.size >= MAX_RENDERED) rendered.clear();
    rendered.set(key, text);
  }
  return text;
}

/** True for values that JSON.stringify tells apart exactly: strings, finite numbers (not -0), booleans, null, arrays and plain objects of them. */
function isPlainJson(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object' || depth > 20) return false;
  if (Array.isArray(v)) return v.every((x) => x !== undefined && isPlainJson(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v as Record<string, unknown>).every((x) => x !== undefined && isPlainJson(x, depth + 1));
}

/** True when a map can be edited as block YAML. */
export function isBlockMap(map: YAMLMap): boolean {
  return !map.flow && map.items.length > 0 && !!map.range;
}

/**
 * An edit that appends `entries` (key -> plain JS value) to the end of a block map.
 * Returns undefined for flow or empty maps, which the caller should not try to fix.
 */
export function appendToMap(model: KubernetesModel, map: YAMLMap, entries: Record<string, unknown>): TextEdit | undefined {
  if (!isBlockMap(map) || Object.keys(entries).length === 0) return undefined;
  const last = map.items[map.items.length - 1] as Pair<Node, Node>;
  let end = (last.value ?? last.key)?.range?.[1];
  if (end === undefined) return undefined;
  // Block scalars end after their line break; step back onto their last line.
  while (end > 0 && (model.text[end - 1] === '\n' || model.text[end - 1] === '\r')) end--;
  // Insert at the end of the line on which the last value ends, so trailing comments stay put.
  const pos = model.lines.positionAt(end);
  const lineEnd = model.lines.lineText(pos.line).length;
  const indent = model.indentOf(map);
  const lines = renderBlock(entries, indent, model.indentUnit());
  const eol = model.lines.eol;
  return {
    range: { start: { line: pos.line, character: lineEnd }, end: { line: pos.line, character: lineEnd } },
    newText: eol + lines.join(eol),
  };
}

/**
 * An edit that replaces an empty flow map value (`key: {}`) with a block map holding `entries`.
 * Returns undefined when the value is anything else.
 */
export function fillEmptyFlowMap(model: KubernetesModel, parent: YAMLMap, pair: Pair<Node, Node>, entries: Record<string, unknown>): TextEdit | undefined {
  const value = pair.value as YAMLMap | null;
  const keyEnd = pair.key?.range?.[1];
  const valueEnd = value?.range?.[1];
  if (!value || !(value as YAMLMap).flow || value.items?.length || keyEnd === undefined || valueEnd === undefined) return undefined;
  const indent = model.indentOf(parent) + model.indentUnit();
  const eol = model.lines.eol;
  return {
    range: model.lines.range(keyEnd, valueEnd),
    newText: ':' + eol + renderBlock(entries, indent, model.indentUnit()).join(eol),
  };
}

/**
 * Several rules insert at the end of nested maps that end on the same line; such insertions
 * share a point. This joins them, innermost (earlier in the list) first, into one edit.
 */
export function joinInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.range.start.line === e.range.start.line && o.range.start.character === e.range.start.character &&
      o.range.end.line === o.range.start.line && o.range.end.character === o.range.start.character &&
      e.range.end.line === e.range.start.line && e.range.end.character === e.range.start.character);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
