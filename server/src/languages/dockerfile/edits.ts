/**
 * Small, exact text edits for Dockerfile fixes: insert a flag after a word, append a command to a
 * shell command, replace a word. Every edit touches only the characters it must, so comments,
 * continuations and spacing stay as the user wrote them.
 */
import type { Range, TextEdit } from '../../engine/types';
import type { ShellCommand, ShellWord } from './shell';

const at = (p: Range['start']): Range => ({ start: p, end: p });

/** ` <text>` right after `word` (e.g. `--no-install-recommends` after `install`). */
export function insertAfterWord(word: ShellWord, text: string): TextEdit {
  return { range: at(word.range.end), newText: ' ' + text };
}

/** `<text> ` right before `word`. */
export function insertBeforeWord(word: ShellWord, text: string): TextEdit {
  return { range: at(word.range.start), newText: text + ' ' };
}

/** Replaces a word as written (quotes included). */
export function replaceWord(word: ShellWord, text: string): TextEdit {
  return { range: word.range, newText: text };
}

/** ` && <text>` after the end of `command` (its last word, before any redirection or `;`). */
export function appendToCommand(command: ShellCommand, text: string): TextEdit {
  const last = command.args[command.args.length - 1] ?? command.nameWord;
  return { range: at(last.range.end), newText: ` && ${text}` };
}

/** Quotes a value for the shell only when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
