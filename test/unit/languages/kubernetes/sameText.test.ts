/** SameText (server/src/languages/kubernetes/sameText.ts): which documents of a previous version are reused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SameText } from '../../../../server/src/languages/kubernetes/sameText';

const docs = (...texts: string[]) => texts.map((text, id) => ({ text, id }));

test('documents in place, edited, inserted and removed are matched by text, each previous one at most once', () => {
  const previous = docs('a', 'b', 'c', 'd', 'a');
  const same = new SameText(previous);
  assert.equal(same.take('a')?.id, 0);
  assert.equal(same.take('B'), undefined, 'edited: nothing to reuse');
  assert.equal(same.take('new'), undefined, 'inserted');
  assert.equal(same.take('c')?.id, 2, 'found next to where the walk is');
  assert.equal(same.take('a')?.id, 4, 'a second "a" is the other previous one');
  assert.equal(same.take('a'), undefined, 'no third');
  assert.deepEqual(same.untaken().map((d) => d.id), [1, 3]);
});

test('documents moved far away are found by text once a few were not found nearby', () => {
  const previous = docs(...Array.from({ length: 50 }, (_, i) => `doc ${i}`));
  const same = new SameText(previous);
  for (let i = 0; i < 5; i++) assert.equal(same.take(`fresh ${i}`), undefined);
  assert.equal(same.take('doc 40')?.id, 40);
  assert.equal(same.take('doc 41')?.id, 41, 'and the walk goes on from there');
  assert.equal(same.take('doc 2')?.id, 2);
  assert.equal(same.untaken().length, 47);
});
