/**
 * Text helpers shared by every language: offset <-> position conversion and applying TextEdits.
 * Applying refuses overlapping or out-of-range edits instead of guessing, so a bad fix can never
 * corrupt a file.
 */
import type { Position, Range, TextEdit } from './types';

/** Maps offsets to 0-based line/character positions and back. Accepts \n, \r\n and \r. */
export class LineIndex {
  private readonly starts: number[];

  /** `starts`: the offsets at which the lines of `text` start, when already known (see {@link lineStarts}). */
  constructor(readonly text: string, starts?: number[]) {
    if (starts) {
      this.starts = starts;
      return;
    }
    this.starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the start of every line (the first is 0). */
  get lineStarts(): readonly number[] {
    return this.starts;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.max(start, Math.min(start + pos.character, end));
  }

  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    if (line + 1 < this.starts.length) {
      let end = this.starts[line + 1] - 1;
      if (end > this.starts[line] && this.text[end] === '\n' && this.text[end - 1] === '\r') end--;
      return end;
    }
    return this.text.length;
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  private eolCache?: string;

  /** The line break the file uses most (\n when it has none). */
  get eol(): string {
    if (this.eolCache === undefined) {
      const crlf = (this.text.match(/\r\n/g) ?? []).length;
      const lf = (this.text.match(/\n/g) ?? []).length - crlf;
      this.eolCache = crlf > lf ? '\r\n' : '\n';
    }
    return this.eolCache;
  }
}

/**
 * A copy of `s` that does not point into the string it was sliced from. V8 slices keep their parent
 * alive: what is parsed from a slice of a document's text and cached (nodes, JSON values) would keep
 * the whole text of that version in memory, one more at every edit.
 */
export function ownCopy(s: string): string {
  return s.length > 12 ? Buffer.from(s, 'utf16le').toString('utf16le') : s;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** True when two ranges share at least one character, or both insert at the same point. */
export function rangesOverlap(a: Range, b: Range): boolean {
  if (comparePositions(a.end, b.start) <= 0 || comparePositions(b.end, a.start) <= 0) {
    // Touching ranges do not overlap, except two insertions at the same point (order unclear).
    const aEmpty = comparePositions(a.start, a.end) === 0;
    const bEmpty = comparePositions(b.start, b.end) === 0;
    return aEmpty && bEmpty && comparePositions(a.start, b.start) === 0;
  }
  return true;
}

export class EditError extends Error {}

/**
 * Applies edits to `text`. Throws EditError when an edit falls outside the text or two edits
 * overlap; callers treat that as "this fix is not applicable" and keep the original text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const resolved = edits.map((e) => {
    for (const p of [e.range.start, e.range.end]) {
      if (p.line < 0 || p.character < 0 || p.line >= index.lineCount || p.character > index.lineText(p.line).length) {
        throw new EditError(`edit outside the document at ${p.line}:${p.character}`);
      }
    }
    const start = index.offsetAt(e.range.start);
    const end = index.offsetAt(e.range.end);
    if (end < start) throw new EditError('edit range ends before it starts');
    return { start, end, newText: e.newText };
  });
  resolved.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < resolved.length; i++) {
    const prev = resolved[i - 1];
    const cur = resolved[i];
    if (cur.start < prev.end || (cur.start === prev.start && prev.start === prev.end && cur.start === cur.end)) {
      throw new EditError('overlapping edits');
    }
  }
  let out = '';
  let last = 0;
  for (const e of resolved) {
    out += text.slice(last, e.start) + e.newText;
    last = e.end;
  }
  return out + text.slice(last);
}
