#!/usr/bin/env node
/**
 * The `shipshape` command line: the same engine as the editor, for CI. Commands: lint, fix,
 * rules. Exit codes: 0 clean (or only non-error findings), 1 error-level findings, 2 usage
 * errors. Argument parsing is node's own util.parseArgs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { fixText } from './engine/fixer';
import { allRules, docsUrl, getRule } from './engine/registry';
import { lint } from './engine/runner';
import { normalizeSettings, parseSeverity, type EngineSettings } from './engine/settings';
import type { Finding, Language } from './engine/types';
import { collectFiles } from './cli/files';
import { formatJson, formatSarif, formatText, TOOL_VERSION, type FileFindings } from './cli/format';
import { cmdPin, PIN_USAGE } from './cli/pin';
import { cmdHelm } from './cli/helm';
import { DigestCache, defaultCacheDir, staleDigest } from './registry/cache';
import { KubernetesYamlService } from './languages/kubernetes/yamlService';
import { WorkspaceIndex } from './languages/kubernetes/workspaceIndex';
import { customResourceDefinitionsOf } from './languages/kubernetes/crdSchemas';
import type { Candidate } from './cli/files';

class UsageError extends Error {}

const HELP = `Shipshape ${TOOL_VERSION}: lint and fix Dockerfiles and Kubernetes manifests.

Usage:
  shipshape lint [paths...] [--format text|json|sarif] [--rule id=severity]... [--kubernetes-version X.Y]
  shipshape fix  [paths...] [--rule id]... [--dry-run]
${PIN_USAGE}
  shipshape helm <chart> [-f values.yaml]... [--set k=v]... [--release name] [--namespace ns] [--kube-version v] [--helm path] [--format text|json|sarif]
  shipshape rules [--json]

Paths default to the current folder; folders are searched for Dockerfiles and Kubernetes YAML.
lint exits 1 when an error-level finding exists, 2 on usage errors.
fix applies safe fixes in place; naming a rule with --rule applies only that rule's fixes,
including ones that involve a choice (the first alternative is used). --dry-run prints a diff.
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

let yamlService: KubernetesYamlService | undefined;
/** The registry cache `shipshape pin` fills; read (never written) by lint for stale digests. */
let digestCache: DigestCache | undefined;

/** Every Kubernetes object of the run, so rules about references see the whole file set. */
function indexOf(candidates: Candidate[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const c of candidates) if (c.language === 'kubernetes') index.setFile(c.file, c.text);
  index.complete = true;
  return index;
}

async function lintFile(file: string, text: string, language: Language, settings: EngineSettings, index: WorkspaceIndex, only?: ReadonlySet<string>): Promise<Finding[]> {
  if (language === 'kubernetes') {
    yamlService ??= new KubernetesYamlService({ kubernetesVersion: settings.kubernetes.version || undefined });
    yamlService.setCustomResourceDefinitions(customResourceDefinitionsOf(index.view('').objects));
  }
  digestCache ??= DigestCache.inDir(defaultCacheDir());
  const cache = digestCache;
  const res = await lint({ text, language, settings, services: { yaml: yamlService, staleDigest: (ref) => staleDigest(ref, cache) }, only, workspace: index.view(file) });
  return res.findings;
}

function parseRuleSeverities(values: string[]): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const v of values) {
    const m = /^([a-z]+\/[a-z0-9-]+)=(\w+)$/.exec(v);
    if (!m) throw new UsageError(`--rule expects id=severity (e.g. dockerfile/no-latest-tag=error), got "${v}"`);
    if (!getRule(m[1])) throw new UsageError(`unknown rule "${m[1]}" (see \`shipshape rules\`)`);
    if (!parseSeverity(m[2])) throw new UsageError(`unknown severity "${m[2]}" (off, hint, info, warning, error)`);
    rules[m[1]] = m[2];
  }
  return rules;
}

function gather(paths: string[], io: Io) {
  const { candidates, skipped, missing } = collectFiles(paths.length ? paths : ['.']);
  if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  for (const s of skipped) io.err(`shipshape: skipped ${s.file}: ${s.reason}\n`);
  return candidates;
}

async function cmdLint(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { format: { type: 'string', default: 'text' }, rule: { type: 'string', multiple: true, default: [] }, 'kubernetes-version': { type: 'string' } },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}" (text, json, sarif)`);
  const kv = values['kubernetes-version'];
  if (kv !== undefined && !/^\d+\.\d+$/.test(kv)) throw new UsageError(`--kubernetes-version expects X.Y, got "${kv}"`);
  const settings = normalizeSettings({ rules: parseRuleSeverities(values.rule!), kubernetes: { version: kv ?? '' } });
  const results: FileFindings[] = [];
  const candidates = gather(positionals, io);
  const index = indexOf(candidates);
  for (const c of candidates) results.push({ file: c.file, findings: await lintFile(c.file, c.text, c.language, settings, index) });
  const render = format === 'json' ? formatJson : format === 'sarif' ? formatSarif : formatText;
  io.out(render(results, io.cwd));
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** The fixed text must still parse where the original did; otherwise the file is left alone. */
function stillParses(language: Language, before: string, after: string): boolean {
  if (language !== 'kubernetes') return true;
  const errs = (t: string) => parseAllDocuments(t).reduce((n, d) => n + ('errors' in d ? d.errors.length : 0), 0);
  return errs(after) <= errs(before);
}

/** Writes through a temporary file and a rename, so an interrupted write never leaves half a file. */
function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.shipshape-${process.pid}.tmp`);
  const mode = fs.statSync(file).mode;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

async function cmdFix(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { rule: { type: 'string', multiple: true, default: [] }, 'dry-run': { type: 'boolean', default: false } },
  });
  for (const id of values.rule!) if (!getRule(id)) throw new UsageError(`unknown rule "${id}" (see \`shipshape rules\`)`);
  const named = values.rule!.length ? new Set(values.rule!) : undefined;
  const settings = normalizeSettings({});
  let changed = 0;
  const candidates = gather(positionals, io);
  const index = indexOf(candidates);
  for (const c of candidates) {
    const fixed = await fixText(c.text, (t) => lintFile(c.file, t, c.language, settings, index, named), { rules: named });
    if (fixed.text === c.text) continue;
    if (!stillParses(c.language, c.text, fixed.text)) {
      io.err(`shipshape: not fixing ${c.file}: the result would not parse\n`);
      continue;
    }
    changed++;
    const name = path.relative(io.cwd, path.resolve(c.file)).split(path.sep).join('/');
    if (values['dry-run']) io.out(createTwoFilesPatch('a/' + name, 'b/' + name, c.text, fixed.text));
    else {
      writeAtomic(c.file, fixed.text);
      io.err(`shipshape: fixed ${name} (${fixed.applied} edit${fixed.applied === 1 ? '' : 's'})\n`);
    }
  }
  if (changed === 0) io.err('shipshape: nothing to fix\n');
  return 0;
}

function cmdRules(args: string[], io: Io): number {
  const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean', default: false } } });
  if (values.json) {
    io.out(JSON.stringify(allRules.map((r) => ({
      id: r.id, language: r.language, defaultSeverity: r.defaultSeverity, description: r.description, rationale: r.rationale,
      fixable: r.fixable, sources: r.sources, docs: docsUrl(r.id),
    })), null, 2) + '\n');
  } else {
    for (const r of allRules) io.out(`${r.id.padEnd(44)} ${r.defaultSeverity.padEnd(8)} ${r.fixable ? 'fix ' : '    '} ${r.description}\n`);
  }
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint': return await cmdLint(rest, io);
      case 'fix': return await cmdFix(rest, io);
      case 'pin': return await cmdPin(rest, io);
      case 'helm': return await cmdHelm(rest, io);
      case 'rules': return cmdRules(rest, io);
      case '--version': case '-v': io.out(TOOL_VERSION + '\n'); return 0;
      case undefined: case 'help': case '--help': case '-h': io.out(HELP); return command === undefined ? 2 : 0;
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`shipshape: ${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() }).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`shipshape: internal error: ${err?.stack ?? err}\n`); process.exitCode = 3; },
  );
}
