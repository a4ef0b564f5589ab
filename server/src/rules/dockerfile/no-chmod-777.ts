import { defineRule, type FixSpec } from '../../engine/rule';
import type { Range } from '../../engine/types';
import { runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

const NUMERIC = /^[0-7]{1,4}$/;
const SYMBOLIC = /^[ugoa]*([-+=]([rwxXst]*|[ugo]))+$/;

/** True when `mode` gives "others" write permission (777, o+w, a+rwx…), the sticky-bit /tmp pattern excepted. */
function grantsOthersWrite(mode: string): boolean {
  if (NUMERIC.test(mode)) {
    const v = parseInt(mode, 8);
    return (v & 0o002) !== 0 && (v & 0o1000) === 0;
  }
  const clauses = mode.split(',');
  if (!clauses.every((c) => SYMBOLIC.test(c)) || clauses.some((c) => /[-+=][rwxXs]*t/.test(c))) return false;
  return clauses.some((c) => {
    const who = /^[ugoa]*/.exec(c)![0];
    if (!who.includes('o') && !who.includes('a')) return false; // `+w` alone is filtered by the umask (022)
    return /[+=][rwxXst]*w/.test(c.slice(who.length));
  });
}

/** `mode` without write for group and others (777 -> 755), and, for files, also without execute bits (777 -> 644). */
function saferModes(mode: string, file: boolean): string[] {
  if (!NUMERIC.test(mode)) return [];
  const v = parseInt(mode, 8);
  const fmt = (n: number) => n.toString(8).padStart(mode.length, '0');
  const out = [fmt(v & ~0o022)];
  const plain = fmt(v & ~0o133);
  if (file && plain !== out[0]) out.push(plain);
  return out;
}

function modeFixes(range: Range, mode: string, file: boolean, prefix = ''): FixSpec[] {
  return saferModes(mode, file).map((m, i) => ({
    title: i === 0 ? `Use ${m} (no write permission for group and others)` : `Use ${m} (a plain file: no execute bits)`,
    edits: [{ range, newText: prefix + m }],
    // Whether the app needs to write there (as which user) is the author's call.
    safe: false,
  }));
}

interface ModeHit {
  word: ShellWord;
  mode: string;
  /** Applies to directories (recursive chmod, mkdir, install -d): 644 would make them unusable. */
  dirs: boolean;
  /** Text kept before the mode when the word is `--mode=777` or `-m777`. */
  prefix?: string;
}

function chmodMode(cmd: ShellCommand): ModeHit | undefined {
  if (cmd.args.some((a) => a.value.startsWith('--reference'))) return undefined;
  const recursive = cmd.args.some((a) => a.value === '--recursive' || /^-[A-Za-z]*R/.test(a.value));
  const word = cmd.args.find((a) => !a.value.startsWith('-'));
  return word ? { word, mode: word.value, dirs: recursive } : undefined;
}

/** `mkdir -m 777`, `install -m 0777`, `--mode=777`, `-m777`. */
function modeOption(cmd: ShellCommand): ModeHit | undefined {
  const dirs = cmd.name === 'mkdir' || cmd.args.some((a) => a.value === '-d' || a.value === '--directory');
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i];
    if ((a.value === '-m' || a.value === '--mode') && cmd.args[i + 1]) return { word: cmd.args[i + 1], mode: cmd.args[i + 1].value, dirs };
    const joined = /^(--mode=|-m)(.+)$/.exec(a.value);
    if (joined) return { word: a, mode: joined[2], dirs, prefix: joined[1] };
  }
  return undefined;
}

export default defineRule({
  id: 'dockerfile/no-chmod-777',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Do not make files or folders world-writable (chmod 777, a+rwx, o+w, --chmod=777).',
  rationale:
    'World-writable paths let any process in the container, whatever its user, replace the app\'s code, config or ' +
    'binaries: one compromised dependency or one upload bug becomes persistent code execution. Give ownership to the user ' +
    'that needs to write (COPY --chown, chown) and keep the mode at 755 for folders and executables, 644 for files.',
  fixable: true,
  sources: [],
  messages: {
    worldWritable: 'Mode {{mode}} lets every user in the container write here. Give the writing user ownership and use 755 for folders and executables, 644 for files.',
  },
  examples: {
    valid: ['FROM alpine:3.20\nRUN chmod 755 /app/run.sh\n', 'FROM alpine:3.20\nRUN chmod 1777 /tmp/cache\n', 'FROM alpine:3.20\nCOPY --chown=app:app --chmod=755 app /app\n'],
    invalid: ['FROM alpine:3.20\nRUN chmod -R 777 /app\n', 'FROM alpine:3.20\nRUN chmod a+rwx /data\n', 'FROM alpine:3.20\nCOPY --chmod=777 app /app\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const script of runScripts(model)) {
      for (const cmd of script.commands) {
        const hit = cmd.name === 'chmod' ? chmodMode(cmd) : cmd.name === 'mkdir' || cmd.name === 'install' ? modeOption(cmd) : undefined;
        if (!hit || !grantsOthersWrite(hit.mode)) continue;
        const editable = !script.execForm && hit.word.text === hit.word.value;
        ctx.report({
          range: hit.word.range,
          messageId: 'worldWritable',
          data: { mode: hit.mode },
          fix: editable ? modeFixes(hit.word.range, hit.mode, !hit.dirs, hit.prefix) : undefined,
        });
      }
    }
    for (const instr of model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const flags = (instr as unknown as { getFlags(): { getName(): string; getValue(): string | null; getValueRange(): Range | null }[] }).getFlags();
      for (const flag of flags) {
        const value = flag.getValue();
        const range = flag.getValueRange();
        if (flag.getName().toLowerCase() !== 'chmod' || !value || !range || !grantsOthersWrite(value)) continue;
        // --chmod applies to every copied file and folder, so only the folder-safe mode is offered.
        ctx.report({ range, messageId: 'worldWritable', data: { mode: value }, fix: modeFixes(range, value, false) });
      }
    }
  },
});
