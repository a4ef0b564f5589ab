#!/usr/bin/env node
// Refreshes the end-of-life table of dockerfile/no-eol-base-image (server/src/rules/dockerfile/data/eol.ts)
// from the endoflife.date API (https://endoflife.date/api/<product>.json). Every product is fetched
// first, each request with a timeout; the file is rewritten only when all of them succeeded, so a
// machine without internet gets a clear error and an unchanged table. Products without an
// endoflife.date id (the deprecated openjdk image) are kept as they are.
//
// Usage: node scripts/refresh-eol.mjs [--dry-run] [--timeout <seconds>]   (default timeout 15 s)
//   SHIPSHAPE_EOL_API=<url> reads from a mirror with the same layout instead of endoflife.date.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'server', 'src', 'rules', 'dockerfile', 'data', 'eol.ts');
const START = 'const data: EolData = ';
const END = ';\n// </eol-data>';
/** SHIPSHAPE_EOL_API points at a mirror (same paths), e.g. in an air-gapped network. */
const API = (process.env.SHIPSHAPE_EOL_API ?? 'https://endoflife.date/api/').replace(/\/?$/, '/');
/** Alternative ids endoflife.date has used for a product. */
const ALIASES = { alpine: ['alpine', 'alpine-linux'] };

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const timeoutArg = args.indexOf('--timeout');
const timeoutMs = 1000 * (timeoutArg >= 0 ? Number(args[timeoutArg + 1]) || 15 : 15);

function fail(message) {
  console.error(`refresh-eol: ${message}`);
  console.error('refresh-eol: the table was not changed.');
  process.exit(1);
}

function readTable() {
  const text = fs.readFileSync(file, 'utf8');
  const s = text.indexOf(START);
  const e = text.indexOf(END);
  if (s < 0 || e < s) fail(`cannot find the data markers in ${path.relative(root, file)}`);
  return { text, s: s + START.length, e, data: JSON.parse(text.slice(s + START.length, e)) };
}

async function fetchJson(url) {
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    const why = err?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : err?.cause?.code ?? err?.message ?? String(err);
    throw new Error(`${url}: ${why}`);
  }
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

async function fetchProduct(id) {
  const errors = [];
  for (const slug of ALIASES[id] ?? [id]) {
    try {
      return await fetchJson(`${API}${slug}.json`);
    } catch (err) {
      errors.push(err.message);
    }
  }
  throw new Error(errors.join('; '));
}

const isDate = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** One endoflife.date release entry -> our cycle shape (see EolCycle in eol.ts). */
function toCycle(entry, product) {
  const cycle = { cycle: String(entry.cycle), release: entry.releaseDate };
  let eol = isDate(entry.eol) ? entry.eol : entry.eol === true ? entry.latestReleaseDate ?? entry.releaseDate : null;
  // The official Debian images keep publishing during Debian LTS: its end is the end of updates.
  if (product === 'debian' && isDate(entry.extendedSupport) && (!eol || entry.extendedSupport > eol)) eol = entry.extendedSupport;
  cycle.eol = eol;
  if (entry.lts === true || isDate(entry.lts)) cycle.lts = entry.lts;
  if (typeof entry.codename === 'string' && entry.codename.trim()) cycle.codename = entry.codename.trim().split(/\s+/)[0].toLowerCase();
  return cycle;
}

/** The same layout as the committed file: one cycle per line. */
function format(data) {
  const j = (v) => (Array.isArray(v) ? `[${v.map(j).join(', ')}]`
    : v && typeof v === 'object' ? `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${j(x)}`).join(', ')}}`
      : JSON.stringify(v));
  const lines = ['{', `  "compiled": ${JSON.stringify(data.compiled)},`, `  "note": ${JSON.stringify(data.note)},`, '  "products": {'];
  const names = Object.keys(data.products);
  names.forEach((name, n) => {
    const p = data.products[name];
    lines.push(`    ${JSON.stringify(name)}: {`);
    for (const [k, v] of Object.entries(p)) if (k !== 'cycles') lines.push(`      ${JSON.stringify(k)}: ${j(v)},`);
    lines.push('      "cycles": [');
    p.cycles.forEach((c, i) => lines.push(`        ${j(c)}${i < p.cycles.length - 1 ? ',' : ''}`));
    lines.push('      ]', `    }${n < names.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}');
  return lines.join('\n');
}

const table = readTable();
const today = new Date().toISOString().slice(0, 10);
const wanted = Object.entries(table.data.products).filter(([, p]) => p.endoflife);
const results = await Promise.allSettled(wanted.map(([, p]) => fetchProduct(p.endoflife)));
const failed = results.map((r, i) => (r.status === 'rejected' ? `${wanted[i][0]}: ${r.reason.message}` : null)).filter(Boolean);
if (failed.length) fail(`could not fetch ${failed.length} of ${wanted.length} products (is this machine online?):\n  ${failed.join('\n  ')}`);

const summary = [];
wanted.forEach(([name, product], i) => {
  const entries = results[i].value;
  if (!Array.isArray(entries) || entries.length === 0) fail(`${name}: unexpected answer (not a list of releases)`);
  const cycles = entries.filter((e) => e && e.cycle !== undefined && isDate(e.releaseDate)).map((e) => toCycle(e, name));
  cycles.sort((a, b) => b.release.localeCompare(a.release) || b.cycle.localeCompare(a.cycle, undefined, { numeric: true }));
  const before = new Map(product.cycles.map((c) => [c.cycle, c.eol]));
  const changed = cycles.filter((c) => before.get(c.cycle) !== c.eol).map((c) => c.cycle);
  summary.push(`${name.padEnd(16)} ${String(cycles.length).padStart(3)} cycles${changed.length ? `, changed or new: ${changed.join(' ')}` : ''}`);
  product.cycles = cycles;
  product.retrieved = today;
  product.method = 'endoflife.date';
  product.source = `${API}${product.endoflife}.json`;
});
table.data.compiled = today;
table.data.note = `Fetched from endoflife.date on ${today} by scripts/refresh-eol.mjs; products without an endoflife.date id are kept by hand (see their source).`;

console.log(summary.join('\n'));
if (dryRun) {
  console.log('refresh-eol: --dry-run, nothing written.');
} else {
  fs.writeFileSync(file, table.text.slice(0, table.s) + format(table.data) + table.text.slice(table.e));
  console.log(`refresh-eol: wrote ${path.relative(root, file)}`);
}
