/**
 * wget without `--progress`, `-q` or `-nv` (hadolint DL3047): its default progress bar floods the
 * build log. The fix inserts `--progress=dot:giga`; on Alpine, whose BusyBox wget does not know that
 * option, it offers `-q` instead and leaves the choice to the user.
 */
import { defineRule, type FixSpec } from '../../engine/rule';
import { guessDistro } from '../../languages/image';
import { insertAfterWord } from '../../languages/dockerfile/edits';
import { unwrapCommand } from '../../languages/dockerfile/packages';
import { runScripts, type ShellCommand } from '../../languages/dockerfile/shell';

/** Short options of GNU wget that take a value (the rest of a bundle is that value). */
const SHORT_WITH_VALUE = new Set(['O', 'o', 'a', 'e', 'i', 'B', 't', 'T', 'w', 'P', 'U', 'Q', 'l', 'A', 'R', 'D', 'I', 'X', 'Y']);

/** `--progress…`, `-q`/`--quiet`, `-nv`/`--no-verbose`, or logging to a file (`-o`, `-a`). */
function quietEnough(cmd: ShellCommand): boolean {
  for (const a of cmd.args) {
    const v = a.value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      if (/^--(progress|quiet|no-verbose|output-file|append-output)(=|$)/.test(v)) return true;
      continue;
    }
    if (!v.startsWith('-') || v.length < 2) continue;
    if (v === '-nv') return true;
    if (v.startsWith('-n')) continue; // -nc, -nd, -nH, -np: not about output
    for (const c of v.slice(1)) {
      if (c === 'q' || c === 'o' || c === 'a') return true;
      if (SHORT_WITH_VALUE.has(c)) break;
    }
  }
  return false;
}

export default defineRule({
  id: 'dockerfile/wget-progress',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Give wget --progress=dot:giga (or -q / -nv) so downloads do not flood the build log.',
  rationale:
    'Without a terminal, wget falls back to printing a dot for every kilobyte, so one large download adds thousands of lines to the ' +
    'build log, hiding the output that matters and slowing CI log viewers. `--progress=dot:giga` prints a line per 32 MB; -nv prints ' +
    'one line per file and still shows errors.',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL3047' }],
  messages: {
    noisy: 'wget without --progress, -q or -nv fills the build log with progress output. Add --progress=dot:giga (BusyBox wget: -q).',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN wget --progress=dot:giga https://example.com/tool.tar.gz\n', 'FROM debian:bookworm-slim\nRUN wget -qO- https://example.com/install.sh > /tmp/install.sh\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN wget https://example.com/tool.tar.gz\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const script of runScripts(model)) {
      const stage = model.stages.find((s) => s.instructions.includes(script.instruction));
      const alpine = !!stage && guessDistro(model.baseImageOf(stage)) === 'alpine';
      for (const cmd of script.commands.map(unwrapCommand)) {
        if (cmd.name !== 'wget' || quietEnough(cmd)) continue;
        let fix: FixSpec | undefined;
        if (!script.execForm) {
          fix = alpine
            ? { title: 'Add -q (BusyBox wget has no --progress)', edits: [insertAfterWord(cmd.nameWord, '-q')], safe: false }
            : { title: 'Add --progress=dot:giga', edits: [insertAfterWord(cmd.nameWord, '--progress=dot:giga')] };
        }
        ctx.report({ range: cmd.nameWord.range, messageId: 'noisy', fix });
      }
    }
  },
});
