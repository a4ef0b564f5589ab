/**
 * A lexer for Go templates as Helm uses them: where each `{{ }}` action starts and ends, its trim
 * markers, and what kind of action it is, following text/template's lexer (strings, raw strings,
 * character constants and comments may hold `}}`). Also the instrumentation used to map rendered
 * lines back to templates: a marker before every piece of literal text that survives trimming.
 */

/** What an action does; only `output` (and `template`/`block`) write text where they stand. */
export type ActionKind =
  | 'output' | 'assign' | 'comment' | 'if' | 'else' | 'end' | 'range' | 'with' | 'define' | 'block' | 'template' | 'break' | 'continue';

/** One `{{ ... }}` of a template. Offsets are UTF-16 indexes into the template text. */
export interface TemplateAction {
  /** Offset of `{{`. */
  start: number;
  /** Offset just after `}}`. */
  end: number;
  /** `{{- `: trims the white space before the action. */
  trimLeft: boolean;
  /** ` -}}`: trims the white space after the action. */
  trimRight: boolean;
  /** The text between the delimiters and trim markers. */
  inner: string;
  kind: ActionKind;
  /** Index of the innermost enclosing if/range/with/define/block action, if any. */
  parent?: number;
  /** The action is inside a define or block body. */
  inDefine: boolean;
  /** The text after the action is inside a define or block body (not written where it stands). */
  textInDefine: boolean;
}

export interface TokenizedTemplate {
  actions: TemplateAction[];
  /** The first lexical problem (unterminated action, string or comment), if any. */
  error?: { offset: number; message: string };
}

const SPACE = new Set([' ', '\t', '\r', '\n']);
const isSpace = (c: string | undefined): boolean => c !== undefined && SPACE.has(c);
const OPENERS = new Set<ActionKind>(['if', 'range', 'with', 'define', 'block']);

function classify(inner: string): ActionKind {
  const s = inner.trim();
  if (s.startsWith('/*')) return 'comment';
  const word = /^[A-Za-z_]\w*/.exec(s)?.[0];
  switch (word) {
    case 'if': case 'else': case 'end': case 'range': case 'with': case 'define': case 'block': case 'template': case 'break': case 'continue':
      return word;
  }
  if (/^\$\w*\s*(?::=|=(?!=))/.test(s)) return 'assign';
  return 'output';
}

/** Lexes `src`; never throws. An unterminated action ends the action list. */
export function tokenize(src: string): TokenizedTemplate {
  const actions: TemplateAction[] = [];
  const stack: number[] = [];
  let pos = 0;
  for (;;) {
    const start = src.indexOf('{{', pos);
    if (start < 0) break;
    let p = start + 2;
    const trimLeft = src[p] === '-' && isSpace(src[p + 1]);
    if (trimLeft) p += 2;
    const innerStart = p;
    let innerEnd = -1;
    let end = -1;
    let trimRight = false;
    // A comment must directly follow the delimiter (and trim marker).
    const rest = src.slice(p).replace(/^[ \t\r\n]*/, '');
    if (rest.startsWith('/*') && (src.slice(p, p + 2) === '/*' || trimLeft)) {
      const open = src.indexOf('/*', p);
      const close = src.indexOf('*/', open + 2);
      if (close < 0) return { actions, error: { offset: start, message: 'unclosed comment' } };
      let q = close + 2;
      if (isSpace(src[q]) && src.startsWith('-}}', q + 1)) { trimRight = true; innerEnd = q; end = q + 4; }
      else if (src.startsWith('}}', q)) { innerEnd = q; end = q + 2; }
      else {
        // text/template: "comment ends before closing delimiter"; tolerate spaces before }}.
        while (isSpace(src[q])) q++;
        if (src.startsWith('}}', q)) { innerEnd = q; end = q + 2; }
        else return { actions, error: { offset: start, message: 'comment ends before closing delimiter' } };
      }
    } else {
      while (p < src.length) {
        const c = src[p];
        if (c === '"' || c === "'") {
          p++;
          while (p < src.length && src[p] !== c && src[p] !== '\n') p += src[p] === '\\' ? 2 : 1;
          if (src[p] !== c) return { actions, error: { offset: p, message: 'unterminated quoted string' } };
          p++;
        } else if (c === '`') {
          const close = src.indexOf('`', p + 1);
          if (close < 0) return { actions, error: { offset: p, message: 'unterminated raw quoted string' } };
          p = close + 1;
        } else if (isSpace(c) && src.startsWith('-}}', p + 1)) {
          trimRight = true; innerEnd = p; end = p + 4; break;
        } else if (c === '}' && src[p + 1] === '}') {
          innerEnd = p; end = p + 2; break;
        } else p++;
      }
      if (end < 0) return { actions, error: { offset: start, message: 'unclosed action' } };
    }
    const inner = src.slice(innerStart, innerEnd);
    const kind = classify(inner);
    const defining = (): boolean => stack.some((i) => actions[i].kind === 'define' || actions[i].kind === 'block');
    const action: TemplateAction = { start, end, trimLeft, trimRight, inner, kind, inDefine: defining(), textInDefine: false };
    if (stack.length) action.parent = stack[stack.length - 1];
    actions.push(action);
    if (OPENERS.has(kind)) stack.push(actions.length - 1);
    else if (kind === 'end') stack.pop();
    action.textInDefine = defining();
    pos = end;
  }
  return { actions };
}

/** Whether an action writes text where it stands. */
export function writesOutput(a: TemplateAction): boolean {
  return a.kind === 'output' || a.kind === 'template' || a.kind === 'block';
}

/**
 * A piece of literal template text that reaches the output unchanged: it starts right after its
 * marker. Output after the piece and before the next marker comes from action `next`.
 */
export interface Piece {
  file: number;
  /** Offset in the template where the literal text starts. */
  offset: number;
  length: number;
  /** Index of the action that follows the piece, when the piece ends its stretch of text. */
  next?: number;
}

/** Marker characters: never in templates, passed through by text/template and Helm unchanged. */
export const MARK_OPEN = '\u0001';
export const MARK_CLOSE = '\u0002';
export const marker = (id: number): string => `${MARK_OPEN}${id.toString(36)}${MARK_CLOSE}`;

/**
 * Inserts a marker before each line of literal text that survives trimming (and one at the cut
 * point of a stretch that is trimmed away entirely), outside define/block bodies. Trim markers
 * remove exactly the same white space as before, so the output has the same lines as the
 * original's, plus markers. `pieces` receives the new pieces; ids are their indexes there.
 */
export function instrument(src: string, tokens: TokenizedTemplate, file: number, pieces: Piece[]): string {
  const { actions } = tokens;
  const out: string[] = [];
  for (let i = 0; i <= actions.length; i++) {
    const prev = i > 0 ? actions[i - 1] : undefined;
    const next = i < actions.length ? actions[i] : undefined;
    const gapStart = prev ? prev.end : 0;
    const gapEnd = next ? next.start : tokens.error ? tokens.error.offset : src.length;
    if (prev) out.push(src.slice(prev.start, prev.end));
    // Text of a define/block body is not written where it stands: leave it alone.
    if (prev?.textInDefine) {
      out.push(src.slice(gapStart, gapEnd));
      continue;
    }
    let a = gapStart;
    let b = gapEnd;
    if (prev?.trimRight) while (a < b && isSpace(src[a])) a++;
    if (next?.trimLeft) while (b > a && isSpace(src[b - 1])) b--;
    if (a === b) {
      // Everything trimmed (or nothing there): one marker at the cut point.
      const cut = prev?.trimRight ? gapEnd : gapStart;
      out.push(src.slice(gapStart, cut));
      out.push(marker(pieces.length));
      pieces.push({ file, offset: cut, length: 0, next: next ? i : undefined });
      out.push(src.slice(cut, gapEnd));
      continue;
    }
    out.push(src.slice(gapStart, a));
    let partStart = a;
    for (let k = a; k < b; k++) {
      if (src[k] !== '\n') continue;
      out.push(marker(pieces.length), src.slice(partStart, k + 1));
      pieces.push({ file, offset: partStart, length: k + 1 - partStart });
      partStart = k + 1;
    }
    out.push(marker(pieces.length), src.slice(partStart, b));
    pieces.push({ file, offset: partStart, length: b - partStart, next: next ? i : undefined });
    out.push(src.slice(b, gapEnd));
  }
  if (tokens.error) out.push(src.slice(tokens.error.offset));
  return out.join('');
}

/** A stripped text and, for each marker, where it stood in the stripped text. */
export interface Stripped {
  text: string;
  /** Sorted by position; several markers may share one position. */
  marks: { pos: number; id: number }[];
}

/** Removes the markers from instrumented output. */
export function stripMarkers(s: string): Stripped {
  const marks: Stripped['marks'] = [];
  const parts: string[] = [];
  let len = 0;
  let pos = 0;
  for (;;) {
    const open = s.indexOf(MARK_OPEN, pos);
    if (open < 0) break;
    const close = s.indexOf(MARK_CLOSE, open + 1);
    if (close < 0) break;
    const id = parseInt(s.slice(open + 1, close), 36);
    parts.push(s.slice(pos, open));
    len += open - pos;
    if (Number.isFinite(id)) marks.push({ pos: len, id });
    pos = close + 1;
  }
  parts.push(s.slice(pos));
  return { text: parts.join(''), marks };
}

/** Where a position of the stripped output came from. */
export type Origin =
  | { kind: 'literal'; file: number; offset: number }
  | { kind: 'action'; file: number; action: number }
  | { kind: 'unknown' };

/** The origin of position `pos` (0 ≤ pos ≤ text length) of a stripped output. */
export function originAt(stripped: Stripped, pieces: readonly Piece[], pos: number): Origin {
  const { marks } = stripped;
  let lo = 0;
  let hi = marks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].pos <= pos) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0) return { kind: 'unknown' };
  // Several markers at one position: the literal text after the last of them is what follows.
  const mark = marks[found];
  const piece = pieces[mark.id];
  if (!piece) return { kind: 'unknown' };
  const delta = pos - mark.pos;
  if (delta < piece.length) return { kind: 'literal', file: piece.file, offset: piece.offset + delta };
  if (piece.next !== undefined) return { kind: 'action', file: piece.file, action: piece.next };
  // Just past a piece that ended its line: still that piece (its newline).
  return { kind: 'literal', file: piece.file, offset: piece.offset + Math.max(0, piece.length - 1) };
}
