/**
 * `npm run bench`: Shipshape against the libraries it builds on, on generated inputs (see
 * generate.ts). Prints medians, ratios and PASS/FAIL per target, writes bench/results.json and the
 * table between `<!-- bench:start -->` and `<!-- bench:end -->` in README.md.
 *
 * Options: --runs N (medians of N, default 5), --no-package (measure the existing .vsix instead of
 * running `npm run package`), --no-readme, --root DIR (measure another checkout's sources and dist/).
 *
 * Wall-clock medians are the measurements; CPU time (process.cpuUsage) is recorded beside the
 * in-process ones because it is less sensitive to other load on the machine.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import { bigDockerfile, bigManifest, workspace } from './generate';
import { LspSession, requestCancelledInOneWrite, type Position } from './lsp';
import { SERVER_NODE_OPTIONS } from '../../client/src/serverProcess';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const repo = path.resolve(__dirname, '..', '..');
const root = path.resolve(option('--root', repo));
const RUNS = Math.max(1, Number(option('--runs', '5')));
const SLOW_RUNS = Math.max(1, Math.min(RUNS, 3));
const out = path.join(repo, 'bench');
const tmp = path.join(out, 'tmp');
const started = performance.now();

// --- helpers -----------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => r1(bytes / 1024 / 1024);

interface Sample {
  wallMs: number;
  cpuMs: number;
}
interface Stat {
  medianMs: number;
  cpuMedianMs: number;
  runsMs: number[];
}
const stat = (samples: Sample[]): Stat => ({
  medianMs: r1(median(samples.map((s) => s.wallMs))),
  cpuMedianMs: r1(median(samples.map((s) => s.cpuMs))),
  runsMs: samples.map((s) => r1(s.wallMs)),
});

async function measure(fn: () => unknown): Promise<Sample> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wallMs = performance.now() - t;
  const c = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

function log(msg: string) {
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);
}

/** Offsets → LSP positions (the text only grows by inserted characters, so recomputing is cheap enough). */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

/** `count` one-character edits spread over the documents: a digit appended to a value. */
function editPoints(text: string, count: number): number[] {
  const marker = 'revisionHistoryLimit: 5';
  const all: number[] = [];
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + 1)) all.push(i + marker.length);
  const step = Math.max(1, Math.floor(all.length / count));
  // Interleaved (start, end, middle, ...) so consecutive edits are far apart.
  return Array.from({ length: count }, (_, k) => all[(k * step * 7) % all.length]);
}

const loadavg = () => os.loadavg().map(r2);

/** Pause before each warm edit through the LSP: longer than the server's 120 ms debounce. */
const EDIT_PAUSE_MS = 250;

// --- engine modules of the measured checkout ----------------------------------------------------

async function load<T>(rel: string): Promise<T> {
  return (await import(pathToFileURL(path.join(root, rel)).href)) as T;
}

type Engine = {
  lint: typeof import('../../server/src/engine/runner').lint;
  normalizeSettings: typeof import('../../server/src/engine/settings').normalizeSettings;
  KubernetesYamlService: typeof import('../../server/src/languages/kubernetes/yamlService').KubernetesYamlService;
  incremental?: typeof import('../../server/src/languages/kubernetes/incremental');
};

async function engine(): Promise<Engine> {
  const runner = await load<typeof import('../../server/src/engine/runner')>('server/src/engine/runner.ts');
  const settings = await load<typeof import('../../server/src/engine/settings')>('server/src/engine/settings.ts');
  const ys = await load<typeof import('../../server/src/languages/kubernetes/yamlService')>('server/src/languages/kubernetes/yamlService.ts');
  let incremental: Engine['incremental'];
  try {
    incremental = await load('server/src/languages/kubernetes/incremental.ts');
  } catch {
    incremental = undefined;
  }
  return { lint: runner.lint, normalizeSettings: settings.normalizeSettings, KubernetesYamlService: ys.KubernetesYamlService, incremental };
}

// --- the measurements ----------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(tmp, { recursive: true });
  const manifest = bigManifest();
  const dockerfile = bigDockerfile();
  const wsDir = path.join(tmp, 'workspace');
  const wsFiles = workspace(wsDir);
  fs.writeFileSync(path.join(tmp, 'big.yaml'), manifest);
  fs.writeFileSync(path.join(tmp, 'Dockerfile'), dockerfile);
  const small = fs.readFileSync(path.join(repo, 'examples', 'k8s', 'web.yaml'), 'utf8');
  const inputs = {
    manifest: { documents: manifest.split(/^---$/m).length - 1, lines: manifest.split('\n').length - 1, bytes: manifest.length },
    dockerfile: { lines: dockerfile.split('\n').length - 1, stages: (dockerfile.match(/^FROM /gm) ?? []).length },
    workspace: { files: wsFiles },
  };
  log(`inputs: ${JSON.stringify(inputs)}; root ${path.relative(repo, root) || '.'}; load average ${loadavg().join(' ')}`);

  // Package first: it also rebuilds dist/, which the LSP and CLI measurements run.
  let vsix: { bytes?: number; file?: string; error?: string } = {};
  if (!flag('--no-package')) {
    log('npm run package');
    const res = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (res.status !== 0) vsix.error = `npm run package failed: ${(res.stderr || res.stdout).trim().split('\n').slice(-3).join(' ')}`;
  }
  const vsixFile = fs.readdirSync(root).filter((f) => /^shipshape-.*\.vsix$/.test(f)).map((f) => path.join(root, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (vsixFile) vsix = { ...vsix, file: path.basename(vsixFile), bytes: fs.statSync(vsixFile).size };
  const serverJs = path.join(root, 'dist', 'server.js');
  const cliJs = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(serverJs) || !fs.existsSync(cliJs)) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });

  const e = await engine();
  const { parseAllDocuments } = await import('yaml');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const dockerfileUtils = await import('dockerfile-utils');
  const settings = e.normalizeSettings({});
  const rulesOnlySettings = e.normalizeSettings({ providers: { kubernetesSchema: false } });
  let uriCounter = 0;
  const freshUri = () => `file:///bench/cold-${process.pid}-${++uriCounter}.yaml`;

  // 1. Cold validation of the big manifest (fresh services every run: schemas loaded and compiled).
  log(`cold validation of the ${inputs.manifest.documents}-document manifest (${RUNS} rounds)`);
  const cold = { yls: [] as Sample[], incremental: [] as Sample[], lint: [] as Sample[], rulesOnly: [] as Sample[], parse: [] as Sample[] };
  let findingCount = 0;
  let schemaProblems = 0;
  for (let round = 0; round < RUNS; round++) {
    cold.parse.push(await measure(() => parseAllDocuments(manifest)));
    {
      const ys = new e.KubernetesYamlService();
      cold.yls.push(await measure(async () => {
        schemaProblems = (await ys.validate(TextDocument.create(freshUri(), 'yaml', 1, manifest))).length;
      }));
    }
    if (e.incremental) {
      const inc = e.incremental;
      const ys = new e.KubernetesYamlService();
      cold.incremental.push(await measure(async () => {
        findingCount = (await inc.lintIncremental({ text: manifest, language: 'kubernetes', settings, uri: freshUri(), services: { yaml: ys } }, inc.createIncrementalCache())).findings.length;
      }));
      if (round < SLOW_RUNS) {
        cold.rulesOnly.push(await measure(() => inc.lintIncremental({ text: manifest, language: 'kubernetes', settings: rulesOnlySettings, uri: freshUri() }, inc.createIncrementalCache())));
      }
    }
    if (round < SLOW_RUNS) {
      const ys = new e.KubernetesYamlService();
      cold.lint.push(await measure(async () => {
        const n = (await e.lint({ text: manifest, language: 'kubernetes', settings, uri: freshUri(), services: { yaml: ys } })).findings.length;
        if (!e.incremental) findingCount = n;
      }));
    }
  }

  // 2. Warm re-validation after one-character edits, in process.
  const EDITS = 10;
  const points = editPoints(manifest, EDITS);
  log(`warm re-validation after ${EDITS} one-character edits (in process)`);
  const warm = { yls: [] as Sample[], incremental: [] as Sample[] };
  {
    const ys = new e.KubernetesYamlService();
    const uri = freshUri();
    let text = manifest;
    await ys.validate(TextDocument.create(uri, 'yaml', 1, text));
    for (const [k, p] of points.entries()) {
      text = insertAt(text, manifest, p);
      const doc = TextDocument.create(uri, 'yaml', k + 2, text);
      warm.yls.push(await measure(() => ys.validate(doc)));
    }
  }
  let warmStats: unknown[] = [];
  if (e.incremental) {
    const inc = e.incremental;
    const ys = new e.KubernetesYamlService();
    const cache = inc.createIncrementalCache();
    const uri = freshUri();
    let text = manifest;
    await inc.lintIncremental({ text, language: 'kubernetes', settings, uri, services: { yaml: ys } }, cache);
    for (const p of points) {
      text = insertAt(text, manifest, p);
      warm.incremental.push(await measure(() => inc.lintIncremental({ text, language: 'kubernetes', settings, uri, services: { yaml: ys } }, cache)));
      warmStats.push(cache.stats);
    }
  }

  // 3. Through the LSP: cold open, warm edits, a burst of edits, a cancelled request, memory.
  log('language server: open, edits, burst, cancellation, memory');
  const memFile = path.join(tmp, `memory-${process.pid}.json`);
  fs.rmSync(memFile, { force: true });
  const lsp = new LspSession(serverJs, {
    // Started as the extension starts it (client/src/serverProcess.ts).
    nodeArgs: [...SERVER_NODE_OPTIONS, '--expose-gc', '-r', path.join(__dirname, 'memory-probe.cjs')],
    env: { SHIPSHAPE_BENCH_MEMORY_FILE: memFile },
    cwd: tmp,
  });
  const lspResult: Record<string, unknown> = {};
  const lspWarm: number[] = [];
  const lspBackToBack: number[] = [];
  let burst: Record<string, unknown> = {};
  let cancellation: Record<string, unknown> = {};
  let memory: Record<string, number | undefined> = {};
  try {
    await lsp.initialize();
    const uri = pathToFileURL(path.join(tmp, 'big.yaml')).toString();
    let text = manifest;
    let version = 1;
    const t0 = performance.now();
    await lsp.open(uri, text, 'yaml', version);
    const first = await lsp.waitFor((p) => p.uri === uri && p.version === 1);
    lspResult.coldOpenMs = r1(first.at - t0);
    lspResult.diagnostics = first.count;
    // Each edit after a pause longer than the server's debounce (120 ms), as a single edit in an
    // editor comes: the server checks the first change after a quiet spell at once. Then the same
    // edits back to back (each sent as soon as the previous diagnostics arrived): a change that comes
    // within 120 ms of the previous one is checked only after 120 ms without changes.
    for (const [list, pause] of [[lspWarm, EDIT_PAUSE_MS], [lspBackToBack, 0]] as const) {
      for (const p of points) {
        if (pause) await new Promise((r) => setTimeout(r, pause));
        const at = positionAt(text, insertOffset(text, manifest, p));
        text = insertAt(text, manifest, p);
        version++;
        const v = version;
        const t = performance.now();
        await lsp.change(uri, v, at, '5');
        const pub = await lsp.waitFor((x) => x.uri === uri && x.version === v);
        list.push(pub.at - t);
      }
    }
    // A burst: 10 edits 5 ms apart; only the last version's diagnostics should be published.
    const burstStart = performance.now();
    const firstBurstVersion = version + 1;
    for (let i = 0; i < 10; i++) {
      const off = text.indexOf('timeout: 30s') + 'timeout: 3'.length;
      const at = positionAt(text, off);
      text = text.slice(0, off) + '0' + text.slice(off);
      version++;
      await lsp.change(uri, version, at, '0');
      await new Promise((r) => setTimeout(r, 5));
    }
    const lastChange = performance.now();
    const finalVersion = version;
    const finalPub = await lsp.waitFor((x) => x.uri === uri && x.version === finalVersion);
    await new Promise((r) => setTimeout(r, 300));
    const during = lsp.published.filter((p) => p.uri === uri && p.at >= burstStart);
    burst = {
      edits: 10,
      publishes: during.length,
      stalePublishes: during.filter((p) => (p.version ?? 0) < finalVersion && (p.version ?? 0) >= firstBurstVersion).length,
      lastChangeToDiagnosticsMs: r1(finalPub.at - lastChange),
    };
    // Cancellation: a completion request and its cancellation, read by the server together (sent as
    // two writes, a server quick enough answers before the cancellation arrives, which says nothing).
    {
      const at = positionAt(text, text.indexOf('imagePullPolicy: ') + 'imagePullPolicy: '.length);
      const t = performance.now();
      let outcome = 'answered';
      try {
        const answer = await requestCancelledInOneWrite(lsp.child.stdin!, lsp.child.stdout!, 'textDocument/completion', { textDocument: { uri }, position: at }, 30_000);
        if (answer.startsWith('"error":{"code":-32800')) outcome = 'cancelled';
        else if (answer.startsWith('"error"')) outcome = `error ${answer}`;
      } catch (err) {
        outcome = `error ${(err as Error).message}`;
      }
      cancellation = { request: 'textDocument/completion', outcome, responseMs: r1(performance.now() - t) };
      // And the same request, not cancelled, for reference.
      const t2 = performance.now();
      await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: at });
      cancellation.uncancelledMs = r1(performance.now() - t2);
    }
    // Memory with the big file open: RSS, and heap after GC through the preloaded probe.
    lsp.child.kill('SIGUSR2');
    for (let i = 0; i < 100 && !fs.existsSync(memFile); i++) await new Promise((r) => setTimeout(r, 50));
    const usage = fs.existsSync(memFile) ? (JSON.parse(fs.readFileSync(memFile, 'utf8')) as { heapUsed: number; rss: number; external: number }) : undefined;
    memory = { rssBytes: lsp.rss(), heapUsedAfterGcBytes: usage?.heapUsed, rssAfterGcBytes: usage?.rss, externalBytes: usage?.external };
  } catch (err) {
    lspResult.error = (err as Error).message;
  } finally {
    await lsp.stop();
    fs.rmSync(memFile, { force: true });
  }

  // 4. Activation, approximated: server spawn -> first publishDiagnostics for a small manifest.
  log(`activation (${RUNS} server starts)`);
  const activation: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = new LspSession(serverJs, { cwd: tmp, nodeArgs: [...SERVER_NODE_OPTIONS] });
    try {
      await s.initialize();
      const uri = pathToFileURL(path.join(tmp, 'web.yaml')).toString();
      await s.open(uri, small);
      const p = await s.waitFor((x) => x.uri === uri, 30_000);
      activation.push(p.at - s.spawnedAt);
    } finally {
      await s.stop();
    }
  }

  // 5. Dockerfile: Shipshape (rules + dockerfile-utils) vs dockerfile-utils' validate alone.
  log(`${inputs.dockerfile.lines}-line Dockerfile (${RUNS} runs)`);
  const docker = { shipshape: [] as Sample[], utils: [] as Sample[] };
  let dockerFindings = 0;
  for (let i = 0; i < RUNS; i++) {
    docker.utils.push(await measure(() => dockerfileUtils.validate(dockerfile)));
    docker.shipshape.push(await measure(async () => {
      dockerFindings = (await e.lint({ text: dockerfile, language: 'dockerfile', settings })).findings.length;
    }));
  }

  // 6. CLI throughput on the workspace (a fresh process per run, as in CI).
  log(`CLI on the ${wsFiles}-file workspace (${SLOW_RUNS} runs)`);
  const cli: number[] = [];
  let cliError: string | undefined;
  for (let i = 0; i < SLOW_RUNS; i++) {
    const t = performance.now();
    const res = spawnSync(process.execPath, [cliJs, 'lint', '--format', 'json', wsDir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    cli.push(performance.now() - t);
    if (res.status !== 0 && res.status !== 1) cliError = res.stderr.slice(0, 500);
  }

  // --- results ---------------------------------------------------------------------------------
  const s = {
    coldYls: stat(cold.yls),
    coldIncremental: cold.incremental.length ? stat(cold.incremental) : undefined,
    coldLint: stat(cold.lint),
    coldRulesOnly: cold.rulesOnly.length ? stat(cold.rulesOnly) : undefined,
    parse: stat(cold.parse),
    warmYls: stat(warm.yls),
    warmIncremental: warm.incremental.length ? stat(warm.incremental) : undefined,
    dockerShipshape: stat(docker.shipshape),
    dockerUtils: stat(docker.utils),
  };
  const coldShipshape = s.coldIncremental ?? s.coldLint;
  const lspWarmMedian = lspWarm.length ? r1(median(lspWarm)) : undefined;
  const lspBackToBackMedian = lspBackToBack.length ? r1(median(lspBackToBack)) : undefined;
  const activationMedian = activation.length ? r1(median(activation)) : undefined;
  const cliMedian = median(cli);
  const rulesOnly = s.coldRulesOnly;
  const targets = [
    { id: 'warm-edit-lsp', description: 'warm edit -> diagnostics through the LSP, 1,000-document file', target: '<= 40 ms', value: lspWarmMedian, unit: 'ms', pass: lspWarmMedian !== undefined && lspWarmMedian <= 40 },
    { id: 'cold-vs-yls', description: 'cold full validation (schema + all rules) / yaml-language-server alone', target: '<= 1.2x', value: r2(coldShipshape.medianMs / s.coldYls.medianMs), unit: 'x', pass: coldShipshape.medianMs <= 1.2 * s.coldYls.medianMs },
    { id: 'lint-vs-parse', description: 'total lint (schema + all rules, the CLI engine\'s lint()) / bare yaml parse', target: '<= 2x', value: r2(s.coldLint.medianMs / s.parse.medianMs), unit: 'x', pass: s.coldLint.medianMs <= 2 * s.parse.medianMs },
    { id: 'server-rss', description: 'server RSS with the big file open', target: '<= 150 MB', value: memory.rssBytes ? mb(memory.rssBytes) : undefined, unit: 'MB', pass: !!memory.rssBytes && memory.rssBytes <= 150 * 1024 * 1024 },
    { id: 'vsix-size', description: '.vsix size', target: '<= 3 MB', value: vsix.bytes ? r2(vsix.bytes / 1024 / 1024) : undefined, unit: 'MB', pass: !!vsix.bytes && vsix.bytes <= 3 * 1024 * 1024 },
    { id: 'activation', description: 'server start -> first diagnostics, small file (approximates activation)', target: '<= 500 ms', value: activationMedian, unit: 'ms', pass: activationMedian !== undefined && activationMedian <= 500 },
    { id: 'superseded', description: 'burst of 10 edits: no diagnostics published for superseded versions', target: '0 stale', value: burst.stalePublishes as number | undefined, unit: 'stale publishes', pass: burst.stalePublishes === 0 },
    { id: 'cancellable', description: 'a cancelled completion request is answered with RequestCancelled', target: 'cancelled', value: cancellation.outcome as string | undefined, unit: '', pass: cancellation.outcome === 'cancelled' },
  ];
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: r1(os.totalmem() / 1024 ** 3), node: process.version, loadAverageAtEnd: loadavg() },
    versions: { 'yaml-language-server': pkgVersion('yaml-language-server'), yaml: pkgVersion('yaml'), 'dockerfile-utils': pkgVersion('dockerfile-utils') },
    runs: RUNS,
    inputs,
    kubernetes: {
      findings: findingCount,
      schemaProblems,
      cold: {
        shipshapeIncremental: s.coldIncremental,
        shipshapeLint: s.coldLint,
        shipshapeRulesOnly: s.coldRulesOnly,
        yamlLanguageServer: s.coldYls,
        yamlParse: s.parse,
        ratios: {
          incrementalVsYls: s.coldIncremental && r2(s.coldIncremental.medianMs / s.coldYls.medianMs),
          lintVsYls: r2(s.coldLint.medianMs / s.coldYls.medianMs),
          shipshapeVsParse: r2(coldShipshape.medianMs / s.parse.medianMs),
          lintVsParse: r2(s.coldLint.medianMs / s.parse.medianMs),
          rulesOnlyVsParse: rulesOnly && r2(rulesOnly.medianMs / s.parse.medianMs),
          ylsVsParse: r2(s.coldYls.medianMs / s.parse.medianMs),
        },
      },
      warmEdit: {
        lsp: { medianMs: lspWarmMedian, runsMs: lspWarm.map(r1), pauseBeforeEachMs: EDIT_PAUSE_MS },
        lspBackToBack: { medianMs: lspBackToBackMedian, runsMs: lspBackToBack.map(r1) },
        incrementalInProcess: s.warmIncremental,
        incrementalSteps: warmStats,
        yamlLanguageServer: s.warmYls,
        ratios: { lspVsYls: lspWarmMedian !== undefined ? r2(lspWarmMedian / s.warmYls.medianMs) : undefined, incrementalVsYls: s.warmIncremental && r2(s.warmIncremental.medianMs / s.warmYls.medianMs) },
      },
      lsp: lspResult,
      burst,
      cancellation,
    },
    dockerfile: { findings: dockerFindings, shipshape: s.dockerShipshape, dockerfileUtils: s.dockerUtils, ratio: r2(s.dockerShipshape.medianMs / s.dockerUtils.medianMs) },
    cli: { files: wsFiles, medianMs: r1(cliMedian), runsMs: cli.map(r1), filesPerSecond: r1(wsFiles / (cliMedian / 1000)), error: cliError },
    server: { memory: { rssMB: memory.rssBytes && mb(memory.rssBytes), heapUsedAfterGcMB: memory.heapUsedAfterGcBytes && mb(memory.heapUsedAfterGcBytes), rssAfterGcMB: memory.rssAfterGcBytes && mb(memory.rssAfterGcBytes) }, activationMs: { median: activationMedian, runs: activation.map(r1) } },
    vsix: { file: vsix.file, MB: vsix.bytes && r2(vsix.bytes / 1024 / 1024), error: vsix.error },
    targets,
    totalSeconds: 0,
  };
  results.totalSeconds = Math.round((performance.now() - started) / 1000);

  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const table = markdown(results);
  process.stdout.write('\n' + table + '\n');
  for (const t of targets) process.stdout.write(`${t.pass ? 'PASS' : 'FAIL'}  ${t.description}: ${t.value ?? 'n/a'}${t.unit && t.unit !== 'x' ? ' ' + t.unit : t.unit} (target ${t.target})\n`);
  if (!flag('--no-readme')) updateReadme(table);
  log(`wrote bench/results.json${flag('--no-readme') ? '' : ' and the README performance section'}`);
}

/** Applies the `k`-th benchmark edit (a '5' after an edit point of the original text) to `text`. */
function insertOffset(text: string, original: string, point: number): number {
  // Every earlier edit added one character before or after `point`; find the same spot by context.
  const before = original.slice(Math.max(0, point - 200), point);
  let at = text.indexOf(before, Math.max(0, point - 300));
  if (at === -1) at = text.indexOf(before);
  return at + before.length;
}

function insertAt(text: string, original: string, point: number): string {
  const at = insertOffset(text, original, point);
  return text.slice(0, at) + '5' + text.slice(at);
}

function pkgVersion(name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

type Results = {
  inputs: { manifest: { documents: number; lines: number }; dockerfile: { lines: number; stages: number } };
  kubernetes: {
    cold: Record<string, Stat | undefined | Record<string, number | undefined>> & { ratios: Record<string, number | undefined> };
    warmEdit: { lsp: { medianMs?: number; pauseBeforeEachMs?: number }; lspBackToBack?: { medianMs?: number }; incrementalInProcess?: Stat; yamlLanguageServer: Stat; ratios: Record<string, number | undefined> };
    burst: Record<string, unknown>;
    cancellation: Record<string, unknown>;
    lsp?: { coldOpenMs?: number };
  };
  dockerfile: { shipshape: Stat; dockerfileUtils: Stat; ratio: number };
  cli: { files: number; medianMs: number; filesPerSecond: number };
  server: { memory: { rssMB?: number; heapUsedAfterGcMB?: number }; activationMs: { median?: number } };
  vsix: { MB?: number };
  targets: Array<{ id: string; target: string; pass: boolean }>;
  machine: { cpus: number; node: string; loadAverageAtEnd: number[] };
  runs: number;
  generatedAt: string;
};

function markdown(res: unknown): string {
  const r = res as Results;
  const c = r.kubernetes.cold as unknown as Record<string, Stat | undefined>;
  const ratios = r.kubernetes.cold.ratios;
  const w = r.kubernetes.warmEdit;
  const pass = (id: string) => {
    const t = r.targets.find((x) => x.id === id)!;
    return `${t.pass ? 'PASS' : 'FAIL'} (${t.target})`;
  };
  const ms = (s?: Stat) => (s ? `${s.medianMs} ms` : 'n/a');
  const x = (v?: number) => (v === undefined ? 'n/a' : `${v}x`);
  const rows = [
    ['Measurement', 'Shipshape', 'Baseline', 'Ratio', 'Target'],
    ['---', '---:', '---:', '---:', '---'],
    [`Cold validation, ${r.inputs.manifest.documents} documents / ${r.inputs.manifest.lines} lines (schema + all rules), editor engine`, ms(c.shipshapeIncremental), `yaml-language-server ${ms(c.yamlLanguageServer)}`, x(ratios.incrementalVsYls), pass('cold-vs-yls')],
    ['Same, editor engine through the LSP (didOpen -> diagnostics, the server started as the extension starts it)', r.kubernetes.lsp?.coldOpenMs !== undefined ? `${r.kubernetes.lsp.coldOpenMs} ms` : 'n/a', '', '', ''],
    ['Same, `lint()` (CLI engine)', ms(c.shipshapeLint), `yaml-language-server ${ms(c.yamlLanguageServer)}`, x(ratios.lintVsYls), ''],
    ['Total lint, `lint()` (schema + all rules) vs a bare parse', ms(c.shipshapeLint), `\`yaml\` parseAllDocuments ${ms(c.yamlParse)}`, x(ratios.lintVsParse), pass('lint-vs-parse')],
    ['Same, Shipshape rules only (schema check off)', ms(c.shipshapeRulesOnly), `\`yaml\` parseAllDocuments ${ms(c.yamlParse)}`, x(ratios.rulesOnlyVsParse), ''],
    ['yaml-language-server alone vs a bare parse', ms(c.yamlLanguageServer), `\`yaml\` parseAllDocuments ${ms(c.yamlParse)}`, x(ratios.ylsVsParse), ''],
    [`Warm: one-character edit -> diagnostics, through the LSP (each after a ${w.lsp.pauseBeforeEachMs} ms pause)`, w.lsp.medianMs !== undefined ? `${w.lsp.medianMs} ms` : 'n/a', `yaml-language-server ${ms(w.yamlLanguageServer)}`, x(w.ratios.lspVsYls), pass('warm-edit-lsp')],
    ['Same edits back to back (a change within 120 ms of the previous one waits for 120 ms without changes)', w.lspBackToBack?.medianMs !== undefined ? `${w.lspBackToBack.medianMs} ms` : 'n/a', '', '', ''],
    ['Warm: same, incremental engine in process', ms(w.incrementalInProcess), `yaml-language-server ${ms(w.yamlLanguageServer)}`, x(w.ratios.incrementalVsYls), ''],
    [`Burst of 10 edits 5 ms apart: publishes / stale / last edit -> diagnostics`, `${r.kubernetes.burst.publishes} / ${r.kubernetes.burst.stalePublishes} / ${r.kubernetes.burst.lastChangeToDiagnosticsMs} ms`, '', '', pass('superseded')],
    ['Completion request sent together with its cancellation', `${r.kubernetes.cancellation.outcome} after ${r.kubernetes.cancellation.responseMs} ms`, `uncancelled ${r.kubernetes.cancellation.uncancelledMs} ms`, '', pass('cancellable')],
    [`Dockerfile, ${r.inputs.dockerfile.lines} lines / ${r.inputs.dockerfile.stages} stages`, ms(r.dockerfile.shipshape), `dockerfile-utils validate ${ms(r.dockerfile.dockerfileUtils)}`, x(r.dockerfile.ratio), ''],
    [`CLI, ${r.cli.files}-file workspace`, `${r.cli.filesPerSecond} files/s (${r.cli.medianMs} ms)`, '', '', ''],
    ['Server memory, big file open', `RSS ${r.server.memory.rssMB ?? 'n/a'} MB, heap after GC ${r.server.memory.heapUsedAfterGcMB ?? 'n/a'} MB`, '', '', pass('server-rss')],
    ['Activation (approximated: server start -> first diagnostics, small file)', `${r.server.activationMs.median ?? 'n/a'} ms`, '', '', pass('activation')],
    ['.vsix size', `${r.vsix.MB ?? 'n/a'} MB`, '', '', pass('vsix-size')],
  ];
  const table = rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
  return `${table}\n\nMedians of ${r.runs} runs (3 for the slowest rows) on ${r.machine.cpus} CPUs, Node ${r.machine.node}, ${r.generatedAt.slice(0, 10)}; load average at the end ${r.machine.loadAverageAtEnd.join(' / ')}. Raw numbers: \`bench/results.json\`.`;
}

function updateReadme(table: string): void {
  const file = path.join(repo, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const block = `${start}\n${table}\n${end}`;
  let next: string;
  if (readme.includes(start) && readme.includes(end)) {
    next = readme.slice(0, readme.indexOf(start)) + block + readme.slice(readme.indexOf(end) + end.length);
  } else {
    next = readme.replace(/\s*$/, '\n') + `\n## Performance\n\n${block}\n`;
  }
  if (next !== readme) fs.writeFileSync(file, next);
}

main().catch((err) => {
  process.stderr.write(`benchmark failed: ${(err as Error)?.stack ?? err}\n`);
  process.exitCode = 1;
});
