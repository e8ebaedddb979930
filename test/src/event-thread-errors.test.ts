// Errors nobody caught on the event thread are shown; the bots keep running.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRuntime } from 'kokoro';
import { fixture, waitFor } from './helpers.js';

test('an uncaught error and an unhandled rejection in a bot module are shown and the bots keep running', async () => {
  const handle = startRuntime({ modules: [fixture('late-throw.ts')], colors: false });
  let errors = '';
  handle.setOutput((stream, text) => {
    if (stream === 'stderr') errors += text;
  });
  try {
    await handle.ready;
    await waitFor(() => errors.includes('was rejected'), 'both errors shown');
    assert.match(errors, /uncaught error on the event thread[\s\S]*a timer in a bot module threw/);
    assert.match(errors, /unhandled promise rejection[\s\S]*a promise in a bot module was rejected/);
    assert.equal((await handle.eval('JSON.stringify(fired)')).text, `'{"timer":true,"rejection":true}'`);
    assert.equal((await handle.eval('Fragile.state')).text, "'ready'");
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});
