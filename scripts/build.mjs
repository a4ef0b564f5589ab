// Builds dist/: the Kubernetes schemas (generated from registry packages), and esbuild bundles of
// the client (dist/client.js), the language server (dist/server.js) and the CLI (dist/cli.js).
// `--watch` rebuilds the bundles on change. No network is used.
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs';
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

// yaml-language-server compiles four JSON Schema meta-schema validators (drafts 4, 7, 2019-09,
// 2020-12) when its module loads, about a tenth of a second of every server start; they are used
// only for schemas that declare $schema, which the bundled Kubernetes and CRD schemas do not. They
// are compiled on first use instead. The build fails if the library's code no longer looks as expected.
const META_VALIDATORS = [['04', 'ajv4', 'v4'], ['07', 'ajv7', 'v7'], ['2019', 'ajv2019', 'v2019_09'], ['2020', 'ajv2020', 'v2020_12']];
const lazyMetaValidators = {
  name: 'lazy-meta-schema-validators',
  setup(b) {
    b.onLoad({ filter: /yaml-language-server[\\/]out[\\/]server[\\/]src[\\/]languageservice[\\/]services[\\/]yamlSchemaService\.js$/ }, (args) => {
      let code = readFileSync(args.path, 'utf8');
      const replace = (from, to) => {
        if (code.split(from).length !== 2) throw new Error(`${args.path}: expected exactly one "${from}" (yaml-language-server changed; update scripts/build.mjs)`);
        code = code.replace(from, to);
      };
      for (const [v, ajv, draft] of META_VALIDATORS) {
        replace(`const schema${v}Validator = getDefaultMetaSchemaValidator(${ajv});`, `let schema${v}Validator;`);
        replace(`case jsonLanguageTypes_1.SchemaDraft.${draft}:\n            return schema${v}Validator;`,
          `case jsonLanguageTypes_1.SchemaDraft.${draft}:\n            return (schema${v}Validator ??= getDefaultMetaSchemaValidator(${ajv}));`);
      }
      return { contents: code, loader: 'js' };
    });
  },
};
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
  }, lazyMetaValidators],
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
