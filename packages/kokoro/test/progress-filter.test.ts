// `--progress`: a line when it changed; an unchanged one every sixth interval only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressFilter } from '../src/cluster-config.js';

test('progress lines: each change is printed, an unchanged line only every sixth interval', () => {
  const printable = progressFilter();
  const printed = ['a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'a'].map((line) => printable(line));
  assert.deepEqual(printed, [true, false, false, true, false, false, false, false, false, true, false, true]);
  const everyTime = progressFilter(1);
  assert.deepEqual(
    ['x', 'x', 'x'].map((line) => everyTime(line)),
    [true, true, true],
  );
});
