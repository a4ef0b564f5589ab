/**
 * A mutation fuzzer for the whole engine: takes the project's fixtures and examples (and the peer
 * corpora when present), mutates them (line drops, duplications, character flips, indentation
 * shifts, splices), runs every rule and every code action on each input, and records a failure on
 * an exception, a run over the time limit, a range outside the document, or fix edits that overlap
 * or fall outside the document. Deterministic for a given seed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeActions, toDiagnostic } from '../../server/src/engine/lsp';
import { lint } from '../../server/src/engine/runner';
import { applyEdits, LineIndex } from '../../server/src/engine/text';
import type { Language, Range } from '../../server/src/engine/types';
import { detectLanguage, isDockerfileName } from '../../server/src/languages/detect';
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';
import { CORPORA_DIR } from '../conformance/corpora';
import { rng } from '../../scripts/bench/generate';

const ROOT = path.resolve(__dirname, '..', '..');

export interface FuzzFailure {
  iteration: number;
  source: string;
  mutations: string[];
  problem: string;
  input: string;
}

export interface FuzzOptions {
  iterations: number;
  seed: number;
  /** Per-input time limit in ms. */
  limitMs?: number;
  includeCorpora?: boolean;
  onProgress?: (done: number) => void;
}

interface Seed {
  file: string;
  language: Language;
  text: string;
}

function collect(dir: string, out: string[], depth = 0): void {
  if (depth > 8 || !fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) collect(full, out, depth + 1);
    } else if (isDockerfileName(e.name) || /\.ya?ml$/i.test(e.name)) out.push(full);
  }
}

export function seeds(includeCorpora: boolean): Seed[] {
  const files: string[] = [];
  collect(path.join(ROOT, 'examples'), files);
  collect(path.join(ROOT, 'test', 'fixtures'), files);
  if (includeCorpora) collect(CORPORA_DIR, files);
  const out: Seed[] = [];
  for (const file of files.sort()) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 200_000) continue;
    const language = detectLanguage(file, text) ?? (/\.ya?ml$/i.test(file) ? 'kubernetes' : undefined);
    if (language) out.push({ file: path.relative(ROOT, file), language, text });
  }
  return out;
}

const MUTATIONS = ['drop-line', 'duplicate-line', 'flip-char', 'indent-shift', 'splice', 'insert-junk', 'truncate'] as const;
const JUNK = ['\t', '\\', '"', "'", '{{', '}}', '$(', '${', '&', '|', '#', ':', '- ', '---\n', '<<EOF\n', '\u0000', '\r', '\uFEFF', '*', '[', ']', '&a ', '*a', '!!binary '];

function mutate(text: string, all: Seed[], random: () => number, applied: string[]): string {
  const lines = text.split('\n');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const at = () => Math.floor(random() * Math.max(1, lines.length));
  const kind = pick(MUTATIONS);
  applied.push(kind);
  switch (kind) {
    case 'drop-line': lines.splice(at(), 1); break;
    case 'duplicate-line': { const i = at(); lines.splice(i, 0, lines[i] ?? ''); break; }
    case 'flip-char': {
      const i = at();
      const l = lines[i] ?? '';
      const j = Math.floor(random() * (l.length + 1));
      lines[i] = l.slice(0, j) + String.fromCharCode(32 + Math.floor(random() * 95)) + l.slice(j + 1);
      break;
    }
    case 'indent-shift': { const i = at(); lines[i] = random() < 0.5 ? '  ' + (lines[i] ?? '') : (lines[i] ?? '').replace(/^ {1,2}/, ''); break; }
    case 'splice': {
      const other = pick(all).text.split('\n');
      const from = Math.floor(random() * other.length);
      lines.splice(at(), 0, ...other.slice(from, from + 1 + Math.floor(random() * 8)));
      break;
    }
    case 'insert-junk': {
      const i = at();
      const l = lines[i] ?? '';
      const j = Math.floor(random() * (l.length + 1));
      lines[i] = l.slice(0, j) + pick(JUNK) + l.slice(j);
      break;
    }
    case 'truncate': return text.slice(0, Math.floor(random() * text.length));
  }
  return lines.join('\n');
}

function inside(r: Range, index: LineIndex): boolean {
  for (const p of [r.start, r.end]) {
    if (p.line < 0 || p.character < 0 || p.line >= index.lineCount || p.character > index.lineText(p.line).length) return false;
  }
  return r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
}

/** Checks one input; returns a problem description or undefined. */
export async function checkInput(text: string, language: Language, yaml: KubernetesYamlService, limitMs: number): Promise<string | undefined> {
  const started = performance.now();
  const res = await lint({ text, language, services: { yaml } });
  const elapsed = performance.now() - started;
  if (elapsed > limitMs) return `took ${elapsed.toFixed(0)} ms (limit ${limitMs} ms)`;
  const index = new LineIndex(text);
  for (const f of res.findings) {
    if (f.messageId === 'internal') return `rule ${f.ruleId} threw: ${f.message}`;
    if (!inside(f.range, index)) return `${f.ruleId} range ${JSON.stringify(f.range)} outside the document`;
    for (const fix of f.fixes) {
      for (const e of fix.edits) if (!inside(e.range, index)) return `${f.ruleId} fix "${fix.title}" edit outside the document`;
      try {
        applyEdits(text, fix.edits);
      } catch (err) {
        return `${f.ruleId} fix "${fix.title}": ${(err as Error).message}`;
      }
    }
  }
  const diagnostics = res.findings.map((f) => toDiagnostic(f, 1));
  for (const only of [undefined, ['source.fixAll']]) {
    for (const action of codeActions({ uri: 'file:///fuzz', language, lines: res.model.lines, findings: res.findings, diagnostics, only })) {
      const edits = action.edit?.changes?.['file:///fuzz'] ?? [];
      try {
        applyEdits(text, edits);
      } catch (err) {
        return `code action "${action.title}": ${(err as Error).message}`;
      }
    }
  }
  return undefined;
}

export async function runFuzz(opts: FuzzOptions): Promise<{ failures: FuzzFailure[]; inputs: number; seeds: number }> {
  const random = rng(opts.seed);
  const all = seeds(opts.includeCorpora ?? true);
  if (!all.length) throw new Error('no fuzz seeds found');
  const yaml = new KubernetesYamlService();
  // The first document of a kind compiles that kind's schema (up to a second for a file of many
  // kinds); warm those up untimed so the time limit measures steady-state work.
  const seen = new Set<string>();
  for (const s of all) {
    if (s.language !== 'kubernetes') continue;
    const kinds = [...s.text.matchAll(/^kind:\s*(\S+)/gm)].map((m) => m[1]).filter((k) => !seen.has(k));
    if (!kinds.length) continue;
    kinds.forEach((k) => seen.add(k));
    await lint({ text: s.text, language: 'kubernetes', services: { yaml } });
  }
  const failures: FuzzFailure[] = [];
  for (let i = 0; i < opts.iterations; i++) {
    const seed = all[Math.floor(random() * all.length)];
    const mutations: string[] = [];
    let text = seed.text;
    const n = 1 + Math.floor(random() * 4);
    for (let k = 0; k < n; k++) text = mutate(text, all, random, mutations);
    let problem: string | undefined;
    try {
      problem = await checkInput(text, seed.language, yaml, opts.limitMs ?? 1000);
    } catch (err) {
      problem = `exception: ${(err as Error)?.stack ?? err}`;
    }
    if (problem) failures.push({ iteration: i, source: seed.file, mutations, problem, input: text });
    opts.onProgress?.(i + 1);
  }
  return { failures, inputs: opts.iterations, seeds: all.length };
}
