// The runtime started by a program: the event thread keeps the gateway alive while the main
// thread is blocked, and evaluation runs against the live objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startRuntime } from 'kokoro';
import { fixture } from './helpers.js';

const typescript = fileURLToPath(new URL('../../../packages/kokoro/dist/src/preload/typescript.js', import.meta.url));

test('a blocked main thread does not stop heartbeats on the event thread', async () => {
  const handle = startRuntime({ modules: [fixture('heartbeat-bot.ts')], preload: [typescript], colors: false });
  try {
    const ready = await handle.ready;
    assert.deepEqual(ready.clients, ['Beat']);
    assert.deepEqual(ready.failures, []);
    const before = Number((await handle.eval('heartbeats()')).text);
    // Block this (main) thread: no timers, no I/O here for 400 ms.
    const until = Date.now() + 400;
    while (Date.now() < until) {
      // busy
    }
    const afterBlock = Number((await handle.eval('heartbeats()')).text);
    // At one heartbeat per 20 ms, 400 ms hold about 20; the event thread kept beating.
    assert.ok(afterBlock - before >= 5, `heartbeats during the block: ${afterBlock - before}`);
    assert.equal((await handle.eval('Beat.state')).text, "'ready'");
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});

test('startRuntime reports a module that fails to load, with its file name', async () => {
  const handle = startRuntime({ modules: [fixture('throws.ts')], preload: [typescript], colors: false });
  await assert.rejects(handle.ready, /throws\.ts[\s\S]*broken on purpose/);
  assert.equal(await handle.exited, 1);
});
