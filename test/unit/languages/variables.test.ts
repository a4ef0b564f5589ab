/** Dockerfile variables: references found as BuildKit expands them, ARG declarations, name suggestions. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DockerfileModel } from '../../../server/src/languages/dockerfile/model';
import { argDeclarations, editDistance, PLATFORM_ARGS, scanVariables } from '../../../server/src/languages/dockerfile/variables';

const refs = (text: string, escape = '\\') => scanVariables(text, escape).map((r) => [r.name, text.slice(r.start, r.end), r.guarded]);

describe('Dockerfile variables', () => {
  test('bare and braced references, with the offsets of what is replaced', () => {
    assert.deepEqual(refs('$A/${B}x $1 $ ${'), [['A', '$A', false], ['B', '${B}', false]]);
  });
  test('a modifier guards the reference, and references inside it follow it', () => {
    assert.deepEqual(refs('${A:-$B} ${C+x} ${D?no} ${E:-${F}}'), [
      ['A', '${A:-$B}', true], ['B', '$B', false], ['C', '${C+x}', true], ['D', '${D?no}', true], ['E', '${E:-${F}}', true], ['F', '${F}', false],
    ]);
  });
  test('not inside single quotes, not after the escape character; double quotes expand', () => {
    assert.deepEqual(refs(`'$A' \\$B "$C" "'$D'"`), [['C', '$C', false], ['D', '$D', false]]);
    assert.deepEqual(refs('`$A \\$B', '`'), [['B', '$B', false]]);
  });
  test('ARG declarations: `ARG A B` declares both, `ARG A=1 B=2` has defaults with their ranges', () => {
    const args = (line: string) => argDeclarations(new DockerfileModel(`${line}\n`).ast.getInstructions()[0]);
    assert.deepEqual(args('ARG A B').map((a) => [a.name, a.value, a.valueRange]), [['A', null, null], ['B', null, null]]);
    assert.deepEqual(args('ARG A B=1').map((a) => [a.name, a.value]), [['A', null], ['B', '1']]);
    const [a, b] = args('ARG A=1 B=22');
    assert.deepEqual([a.name, a.value, a.valueRange?.start.character, a.valueRange?.end.character], ['A', '1', 6, 7]);
    assert.deepEqual([b.name, b.value, b.valueRange?.start.character, b.valueRange?.end.character], ['B', '22', 10, 12]);
  });
  test('edit distance and the platform arguments', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('VERSION', 'VERSION'), 0);
    assert.ok(PLATFORM_ARGS.has('TARGETARCH') && PLATFORM_ARGS.has('BUILDPLATFORM') && !PLATFORM_ARGS.has('PATH'));
  });
});
