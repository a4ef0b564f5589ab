/**
 * Shared by the Helm tests: the real Helm 3.17.3 and 4.1.4 binaries (extracted by
 * test/e2e/lib/helm.ts; a missing binary fails the test when CI is set and skips it loudly
 * otherwise), an isolated Helm environment (no user config, no cluster), the fixture charts and
 * the Helm corpus.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { CORPORA_DIR } from '../conformance/corpora';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CHARTS = path.join(ROOT, 'test', 'fixtures', 'charts');
export const HELM_CORPUS = path.join(CORPORA_DIR, 'helm');
export const MAJORS = [3, 4] as const;
export type Major = (typeof MAJORS)[number];
export const EXPECTED_VERSIONS: Record<Major, string> = { 3: '3.17.3', 4: '4.1.4' };

export interface Helm {
  version: string;
  path: string;
}

let binaries: Promise<Helm[]> | undefined;

function missing(t: TestContext, msg: string): undefined {
  if (process.env.CI) assert.fail(`${msg} (CI is set, so this is a failure; run \`bash test/e2e/setup.sh\`)`);
  process.stderr.write(`\n!!! HELM MISSING: ${msg}. Run \`bash test/e2e/setup.sh\`. Skipping.\n\n`);
  t.skip(`HELM MISSING: ${msg}`);
  return undefined;
}

/** The real Helm of that major version, or undefined after skipping (failing on CI). */
export async function helmFor(t: TestContext, major: Major): Promise<Helm | undefined> {
  binaries ??= (async () => {
    // Loaded lazily: the extractor needs test/e2e's node_modules (yauzl and the layer packages).
    const lib = require('../e2e/lib/helm') as typeof import('../e2e/lib/helm');
    return lib.helmBinaries();
  })();
  let all: Helm[];
  try {
    all = await binaries;
  } catch (err) {
    return missing(t, `the Helm binaries could not be extracted (${(err as Error).message.split('\n')[0]})`);
  }
  const h = all.find((b) => b.version.startsWith(`${major}.`));
  if (!h || !fs.existsSync(h.path)) return missing(t, `no Helm ${major} among ${all.map((b) => b.version).join(', ') || 'none'}`);
  assert.equal(h.version, EXPECTED_VERSIONS[major]);
  return h;
}

let home: string | undefined;

/** An environment where Helm reads no user config and finds no cluster. */
export function helmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  home ??= fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-helm-home-'));
  return {
    ...process.env,
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_DATA_HOME: path.join(home, 'data'),
    KUBECONFIG: path.join(home, 'no-kubeconfig'),
    ...extra,
  };
}

/** A scratch folder, removed when the test ends. */
export function scratch(t: TestContext, prefix = 'shipshape-helm-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Line `n` (1-based) of a file. */
export function lineOf(file: string, n: number): string {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/)[n - 1] ?? '';
}

/** Whether a process is still alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the Helm corpus is there (skips loudly when not). */
export function requireHelmCorpus(t: TestContext): boolean {
  if (fs.existsSync(path.join(HELM_CORPUS, 'index.json'))) return true;
  const msg = `HELM CORPUS MISSING: ${HELM_CORPUS} not found; set SHIPSHAPE_CORPORA`;
  if (process.env.CI) assert.fail(msg);
  process.stderr.write(`\n!!! ${msg}. Skipping.\n\n`);
  t.skip(msg);
  return false;
}
