/**
 * `npm run fuzz -- --iterations N --seed S [--no-corpora] [--limit-ms 1000]`: the engine fuzzer
 * from the command line. Writes failing inputs to .fuzz/ and exits 1 when any were found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz } from '../test/fuzz/fuzzer';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '2000' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      'no-corpora': { type: 'boolean', default: false },
      'limit-ms': { type: 'string', default: '1000' },
    },
  });
  const iterations = Number(values.iterations);
  const seed = Number(values.seed);
  if (!Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(seed)) {
    console.error('usage: npm run fuzz -- --iterations N --seed S [--no-corpora] [--limit-ms MS]');
    return 2;
  }
  const started = Date.now();
  const res = await runFuzz({
    iterations, seed, includeCorpora: !values['no-corpora'], limitMs: Number(values['limit-ms']),
    onProgress: (n) => { if (n % 1000 === 0) process.stderr.write(`  ${n}/${iterations}\n`); },
  });
  const secs = (Date.now() - started) / 1000;
  console.log(`fuzz: ${res.inputs} inputs from ${res.seeds} seed files in ${secs.toFixed(1)} s (seed ${seed}): ${res.failures.length} failures`);
  if (res.failures.length) {
    const dir = path.resolve(__dirname, '..', '.fuzz');
    fs.mkdirSync(dir, { recursive: true });
    res.failures.forEach((f, i) => {
      fs.writeFileSync(path.join(dir, `failure-${seed}-${i}.txt`), `${f.source} [${f.mutations.join(',')}]\n${f.problem}\n--- input ---\n${f.input}`);
    });
    for (const f of res.failures.slice(0, 10)) console.log(`#${f.iteration} ${f.source} [${f.mutations.join(',')}]: ${f.problem.split('\n')[0]}`);
    console.log(`inputs written to ${path.relative(process.cwd(), dir)}/`);
    return 1;
  }
  return 0;
}

main().then((code) => { process.exitCode = code; });
