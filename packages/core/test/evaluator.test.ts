import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Evaluator } from '../src/runtime/evaluator.js';

test('the evaluator keeps declarations, awaits at top level and reports errors as text', async () => {
  const evaluator = new Evaluator({ colors: false });
  try {
    assert.deepEqual(await evaluator.evaluate('const kokoroTestValue = await Promise.resolve({ content: "hi" })'), {
      ok: true,
      incomplete: false,
      text: 'undefined',
    });
    assert.equal((await evaluator.evaluate('kokoroTestValue.content')).text, "'hi'");
    const open = await evaluator.evaluate('function kokoroTestF() {');
    assert.equal(open.incomplete, true);
    const closed = await evaluator.evaluate('function kokoroTestF() {\n  return 6 * 7\n}\nkokoroTestF()');
    assert.equal(closed.text, '42');
    const thrown = await evaluator.evaluate('throw new RangeError("out of range")');
    assert.equal(thrown.ok, false);
    assert.match(thrown.text, /^Uncaught RangeError: out of range/);
    assert.doesNotMatch(thrown.text, /node:repl|evaluator/, 'internal frames are hidden');
    const rejected = await evaluator.evaluate('await Promise.reject(new TypeError("async failure"))');
    assert.match(rejected.text, /TypeError: async failure/);
    const syntax = await evaluator.evaluate('let let = 1');
    assert.equal(syntax.ok, false);
    assert.match(syntax.text, /SyntaxError/);
    assert.equal((await evaluator.evaluate('{ a: 1 }')).text, '{ a: 1 }');
    assert.equal((await evaluator.evaluate('kokoroTestValue.content.length')).text, '2', 'still usable after errors');
    const [completions] = await evaluator.complete('kokoroTestValue.con');
    assert.ok(completions.includes('kokoroTestValue.content'), completions.join(','));
  } finally {
    evaluator.close();
  }
});

test('inputs are evaluated one at a time, in order', async () => {
  const evaluator = new Evaluator({ colors: false });
  try {
    const order: string[] = [];
    (globalThis as Record<string, unknown>).kokoroOrder = order;
    await Promise.all([
      evaluator.evaluate('await new Promise((r) => setTimeout(r, 20)); kokoroOrder.push("slow")'),
      evaluator.evaluate('kokoroOrder.push("fast")'),
    ]);
    assert.deepEqual(order, ['slow', 'fast']);
  } finally {
    evaluator.close();
  }
});
