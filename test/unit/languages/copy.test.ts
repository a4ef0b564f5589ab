/** COPY/ADD arguments: operands in plain and JSON form, where an instruction's own text ends, the --from flag. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { copyFromFlag, copyOperands } from '../../../server/src/languages/dockerfile/copy';
import { headerEndLine } from '../../../server/src/languages/dockerfile/instructions';
import { DockerfileModel } from '../../../server/src/languages/dockerfile/model';

function instructions(text: string) {
  const model = new DockerfileModel(text);
  return { model, instrs: model.ast.getInstructions() };
}

describe('COPY and ADD arguments', () => {
  test('plain form: flags left out, quotes removed, `inner` inside the quotes', () => {
    const { model, instrs } = instructions("FROM alpine:3.20\nCOPY --chown=app 'a.txt' b /dest\n");
    const ops = copyOperands(model, instrs[1]);
    assert.deepEqual(ops.map((o) => o.value), ['a.txt', 'b', '/dest']);
    assert.deepEqual([ops[0].range.start.character, ops[0].inner.start.character, ops[0].inner.end.character, ops[0].range.end.character], [17, 18, 23, 24]);
    assert.deepEqual(ops[2].inner, ops[2].range);
  });
  test('JSON form', () => {
    const { model, instrs } = instructions('FROM alpine:3.20\nADD ["a", "/dest/"]\n');
    const ops = copyOperands(model, instrs[1]);
    assert.deepEqual(ops.map((o) => o.value), ['a', '/dest/']);
    assert.deepEqual([ops[1].range.start.character, ops[1].inner.start.character], [10, 11]);
  });
  test('continuation lines count (comment lines inside them too), heredoc bodies do not', () => {
    const { model, instrs } = instructions('FROM alpine:3.20\nCOPY a \\\n  # note\n  b /dest/\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\n');
    assert.equal(headerEndLine(model, instrs[1]), 3);
    assert.deepEqual(copyOperands(model, instrs[1]).map((o) => o.value), ['a', 'b', '/dest/']);
    assert.equal(headerEndLine(model, instrs[2]), 4);
    assert.deepEqual(copyOperands(model, instrs[2]).map((o) => o.value), ['<<EOF', '/etc/app.conf']);
  });
  test('--from is found among other flags, in any case', () => {
    const { instrs } = instructions('FROM alpine:3.20\nCOPY --link --FROM=build /app /app\nCOPY --from=nginx:1.27 /a /b\nCOPY /a /b\n');
    assert.equal(copyFromFlag(instrs[1])?.getValue(), 'build');
    assert.equal(copyFromFlag(instrs[2])?.getValue(), 'nginx:1.27');
    assert.equal(copyFromFlag(instrs[3]), undefined);
  });
});
