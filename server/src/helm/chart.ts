/**
 * The files of a chart as Helm names them: `<chart>/templates/x.yaml` for the chart itself and
 * `<chart>/charts/<name or alias>/templates/x.yaml` for unpacked subcharts, so a name in Helm's
 * output or errors leads to a file on disk. Also which values source (chart defaults, `-f` files,
 * `--set`) sets a `.Values` path, for the notes on mapped findings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

export interface ChartNode {
  dir: string;
  /** `name` from Chart.yaml (folder name when unreadable). */
  name: string;
  /** Prefixes Helm gives this chart's files, e.g. `parent/charts/sub` (several with aliases). */
  prefixes: string[];
  /** Subcharts unpacked under charts/. */
  subcharts: ChartNode[];
  /** Packaged subcharts (`charts/*.tgz`): their files cannot be opened. */
  archives: string[];
}

export interface ChartLayout {
  root: ChartNode;
  /** Every chart (root first). */
  all: ChartNode[];
}

function readYaml(file: string): unknown {
  try {
    // Never a FIFO or a device: reading one would block, or take what Helm must read.
    if (!fs.statSync(file).isFile()) return undefined;
    return parseYaml(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** True when `dir` holds a Chart.yaml. */
export function isChartDir(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, 'Chart.yaml')).isFile();
  } catch {
    return false;
  }
}

/** The chart folder holding `file` (itself when it is a chart folder), if any. */
export function findChartDir(file: string): string | undefined {
  let dir = path.resolve(file);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    // A template of a subchart belongs to the subchart, which Helm renders as part of its parent.
    if (isChartDir(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function loadNode(dir: string, prefixes: string[], depth: number): ChartNode {
  const meta = obj(readYaml(path.join(dir, 'Chart.yaml')));
  const name = typeof meta.name === 'string' && meta.name ? meta.name : path.basename(dir);
  const node: ChartNode = { dir, name, prefixes, subcharts: [], archives: [] };
  if (depth > 8) return node;
  const aliases = new Map<string, string[]>();
  for (const dep of Array.isArray(meta.dependencies) ? meta.dependencies : []) {
    const d = obj(dep);
    if (typeof d.name === 'string' && typeof d.alias === 'string' && d.alias) aliases.set(d.name, [...(aliases.get(d.name) ?? []), d.alias]);
  }
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(path.join(dir, 'charts'), { withFileTypes: true });
  } catch {
    // no charts/ folder
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, 'charts', e.name);
    if ((e.isDirectory() || e.isSymbolicLink()) && isChartDir(full)) {
      const subMeta = obj(readYaml(path.join(full, 'Chart.yaml')));
      const subName = typeof subMeta.name === 'string' && subMeta.name ? subMeta.name : e.name;
      const names = [subName, ...(aliases.get(subName) ?? [])];
      node.subcharts.push(loadNode(full, prefixes.flatMap((p) => names.map((n) => `${p}/charts/${n}`)), depth + 1));
    } else if (e.isFile() && /\.tgz$/.test(e.name)) node.archives.push(full);
  }
  return node;
}

export function loadChart(dir: string): ChartLayout {
  const abs = path.resolve(dir);
  const meta = obj(readYaml(path.join(abs, 'Chart.yaml')));
  const name = typeof meta.name === 'string' && meta.name ? meta.name : path.basename(abs);
  const root = loadNode(abs, [name], 0);
  const all: ChartNode[] = [];
  const walk = (n: ChartNode): void => { all.push(n); n.subcharts.forEach(walk); };
  walk(root);
  return { root, all };
}

/** The file on disk for a name Helm printed (`c/templates/x.yaml`, `c/charts/s/templates/y.yaml`). */
export function fileForSource(layout: ChartLayout, source: string): string | undefined {
  let best: { node: ChartNode; prefix: string } | undefined;
  for (const node of layout.all) {
    for (const prefix of node.prefixes) {
      if (source.startsWith(prefix + '/') && (!best || prefix.length > best.prefix.length)) best = { node, prefix };
    }
  }
  if (!best) return undefined;
  const rel = source.slice(best.prefix.length + 1);
  // A deeper path through charts/ that matched no unpacked subchart is inside a packaged one.
  if (rel.startsWith('charts/')) return undefined;
  return path.join(best.node.dir, ...rel.split('/'));
}

/** The chart Helm calls `name` in values.schema.json errors (`parent`, `parent.sub`...). */
export function chartByName(layout: ChartLayout, name: string): ChartNode | undefined {
  return layout.all.find((n) => n.prefixes.some((p) => p.replace(/\/charts\//g, '.') === name || p === name)) ?? layout.all.find((n) => n.name === name);
}

/** Where a value can come from, lowest precedence first. */
export interface ValuesSource {
  /** How it is shown: `values.yaml (chart defaults)`, `-f prod.yaml`, `--set image.tag=latest`. */
  label: string;
  /** Whether it sets `path` (dotted, as written after `.Values`) or a part of it. */
  sets(path: string[]): boolean;
}

function walkPath(value: unknown, keys: string[]): { found: boolean; value?: unknown } {
  let cur = value;
  for (const k of keys) {
    const o = obj(cur);
    if (!(k in o)) return { found: false };
    cur = o[k];
  }
  return { found: true, value: cur };
}

/** The keys a `--set` value assigns (`a.b=1,c[0].d=2` -> [[a,b],[c,d]]); escaped commas and dots kept. */
export function setKeys(set: string): string[][] {
  const keys: string[][] = [];
  let key = '';
  let inKey = true;
  let depth = 0;
  for (let i = 0; i < set.length; i++) {
    const c = set[i];
    if (c === '\\') { if (inKey) key += set[i + 1] ?? ''; i++; continue; }
    if (inKey) {
      if (c === '=') { inKey = false; keys.push(splitKey(key)); key = ''; }
      else if (c === ',') key = '';
      else key += c;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (c === ',' && depth === 0) inKey = true;
    }
  }
  return keys;
}

function splitKey(key: string): string[] {
  return key.replace(/\[\d+\]/g, '').split('.').filter(Boolean);
}

const startsWith = (a: string[], b: string[]): boolean => b.length <= a.length && b.every((k, i) => a[i] === k);

/**
 * Values sources of a render, lowest precedence first: chart defaults, `-f` files in order, `--set`
 * in order. For a subchart (`prefix` like `parent/charts/api`), its own values.yaml comes first and
 * the parent's sources are read under the subchart's key (`api.`), as Helm coalesces them.
 */
export function valuesSources(layout: ChartLayout, valuesFiles: readonly string[], sets: readonly string[], cwd: string, prefix = layout.root.prefixes[0]): ValuesSource[] {
  const sources: ValuesSource[] = [];
  const fileSource = (file: string, label: string, under: string[]): ValuesSource => {
    const data = readYaml(file);
    return { label, sets: (p) => (p.length === 0 && under.length === 0 ? data !== undefined : walkPath(data, [...under, ...p]).found) };
  };
  // The chain of charts from the root to the template's chart, and each one's key in its parent.
  const names = prefix.split('/charts/').slice(1);
  const chain: { node: ChartNode; under: string[] }[] = [];
  let node: ChartNode | undefined = layout.root;
  chain.push({ node: layout.root, under: names });
  for (let i = 0; i < names.length && node; i++) {
    const want: string = `${node.prefixes[0]}/charts/${names[i]}`;
    node = node.subcharts.find((s) => s.prefixes.some((p) => p === want || p.endsWith(`/charts/${names[i]}`)));
    if (node) chain.push({ node, under: names.slice(i + 1) });
  }
  for (const { node: n, under } of chain.reverse()) {
    const file = path.join(n.dir, 'values.yaml');
    if (!fs.existsSync(file)) continue;
    const rel = path.relative(layout.root.dir, file).split(path.sep).join('/');
    sources.push(fileSource(file, n === layout.root ? 'values.yaml (chart defaults)' : `${rel} (subchart defaults)`, under));
  }
  for (const f of valuesFiles) {
    const abs = path.resolve(cwd, f);
    const shown = path.relative(cwd, abs);
    sources.push(fileSource(abs, `-f ${shown.startsWith('..') || path.isAbsolute(shown) ? abs : shown}`, names));
  }
  for (const s of sets) {
    const keys = setKeys(s);
    // A --set of a.b touches .Values.a (part of it) and .Values.a.b.c (inside it).
    sources.push({ label: `--set ${s}`, sets: (p) => keys.some((k) => startsWith(k, [...names, ...p]) || startsWith([...names, ...p], k)) });
  }
  return sources;
}

/** `.Values.a.b` paths an expression reads (also `$.Values.x`). */
export function valuesPaths(expr: string): string[][] {
  const out: string[][] = [];
  const re = /(?:^|[^\w.$])\$?\.Values((?:\.[A-Za-z_]\w*)+)/g;
  for (let m = re.exec(expr); m; m = re.exec(expr)) out.push(m[1].slice(1).split('.'));
  return out;
}
