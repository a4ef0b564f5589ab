/** A bounded fuzz run inside the test suite (SHIPSHAPE_FUZZ_ITERATIONS, default 2000; seed from SHIPSHAPE_FUZZ_SEED or fixed). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from './fuzzer';

test('fuzz: no exception, hang, out-of-range diagnostic or bad fix', { timeout: 15 * 60_000 }, async () => {
  const iterations = Number(process.env.SHIPSHAPE_FUZZ_ITERATIONS ?? 2000);
  const seed = Number(process.env.SHIPSHAPE_FUZZ_SEED ?? 20261124);
  const res = await runFuzz({ iterations, seed });
  process.stdout.write(`fuzz: ${res.inputs} inputs from ${res.seeds} seed files, seed ${seed}, ${res.failures.length} failures\n`);
  assert.deepEqual(res.failures.slice(0, 5).map((f) => `#${f.iteration} ${f.source} [${f.mutations.join(',')}]: ${f.problem}\n--- input ---\n${f.input.slice(0, 2000)}`), []);
});
