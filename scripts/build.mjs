// Builds dist/: the Kubernetes schemas (generated from registry packages), and esbuild bundles of
// the client (dist/client.js), the language server (dist/server.js) and the CLI (dist/cli.js).
// `--watch` rebuilds the bundles on change. No network is used.
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const started = Date.now();

// 1. Kubernetes schemas, regenerated when the generator is newer than its output.
const schemaIndex = join(root, 'dist', 'schemas', 'index.json');
const generator = join(root, 'scripts', 'gen-k8s-schemas.mjs');
const generatorParts = [generator, join(root, 'scripts', 'k8s-schemas-client-node.mjs')];
const newestPart = Math.max(...generatorParts.filter(existsSync).map((f) => statSync(f).mtimeMs));
if (!existsSync(schemaIndex) || newestPart > statSync(schemaIndex).mtimeMs) {
  execFileSync(process.execPath, [generator, '--out', join(root, 'dist', 'schemas')], { stdio: 'inherit' });
}

// 2. Bundles. prettier is a dependency of yaml-language-server's formatter, which Shipshape does not
// use; a stub keeps ~10 MB out of the bundle (documented in the README).
mkdirSync(join(root, 'dist'), { recursive: true });
const stub = join(root, 'scripts', 'stubs', 'prettier.cjs');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  minify: !watch,
  logLevel: 'warning',
  plugins: [{
    name: 'stub-prettier',
    setup(b) {
      b.onResolve({ filter: /^prettier(\/.*)?$/ }, () => ({ path: stub }));
    },
  }],
};
const entries = [
  { entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client.js'), external: ['vscode'] },
  { entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') },
  { entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(root, 'dist/cli.js') },
];
if (watch) {
  for (const e of entries) await (await context({ ...common, ...e })).watch();
  console.log('watching for changes');
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
  chmodSync(join(root, 'dist/cli.js'), 0o755);
  console.log(`built dist/ in ${Date.now() - started} ms`);
}
