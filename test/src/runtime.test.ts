// The runtime started by a program (`startRuntime` from 'kokoro': TypeScript modules load with no
// further set-up): the event thread keeps the gateway alive while the main thread is blocked, and
// evaluation runs against the live objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRuntime } from 'kokoro';
import { fixture, waitFor } from './helpers.js';

// The event thread reads its log settings from the environment it starts with: pretty lines go
// through the runtime's output (where a test can read them), and the test output stays quiet.
process.env.KOKORO_LOG_LEVEL = 'warn';
process.env.KOKORO_LOG_FORMAT = 'pretty';

test('a blocked main thread does not stop heartbeats on the event thread', async () => {
  const handle = startRuntime({ modules: [fixture('heartbeat-bot.ts')], colors: false });
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
  const handle = startRuntime({ modules: [fixture('throws.ts')], colors: false });
  await assert.rejects(handle.ready, /throws\.ts[\s\S]*broken on purpose/);
  assert.equal(await handle.exited, 1);
});

test('an interrupted evaluation answers at once; the next input runs; its late result is dropped', async () => {
  const handle = startRuntime({ modules: [fixture('two-bots.ts')], fake: true, colors: false });
  try {
    await handle.ready;
    const hung = handle.eval('await new Promise((resolve) => { globalThis.kokoroRelease = resolve }); "late result"');
    handle.interrupt();
    const interrupted = await hung;
    assert.equal(interrupted.ok, false);
    assert.match(interrupted.text, /^Interrupted/);
    assert.equal((await handle.eval('One.state')).text, "'ready'", 'the next input runs');
    assert.equal((await handle.eval('typeof kokoroRelease')).text, "'function'");
    // The abandoned input finishes while a new one runs: the new one gets its own result.
    const next = await handle.eval('kokoroRelease(); await new Promise((r) => setTimeout(r, 20)); "own result"');
    assert.equal(next.text, "'own result'");
    assert.equal((await handle.eval('_')).text, "'own result'", 'the dropped result is not `_` either');
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});

test('an error thrown later by a callback an input scheduled is shown, and the console goes on', async () => {
  const handle = startRuntime({ modules: [fixture('two-bots.ts')], fake: true, colors: false });
  let errors = '';
  handle.setOutput((stream, text) => {
    if (stream === 'stderr') errors += text;
  });
  try {
    await handle.ready;
    const scheduled = await handle.eval('setTimeout(() => { throw new Error("thrown later by a timer") }, 5); 2');
    assert.equal(scheduled.text, '2');
    await waitFor(() => errors.includes('thrown later by a timer'), 'the late error');
    assert.match(errors, /Uncaught Error: thrown later by a timer/);
    assert.equal((await handle.eval('1 + 1')).text, '2');
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});

test('the token never shows: not in clients, REST, gateway, logs nor errors, however deep one looks', async () => {
  const previous = process.env.KOKORO_LOG_LEVEL;
  process.env.KOKORO_LOG_LEVEL = 'debug';
  const handle = startRuntime({
    modules: [fixture('secret-bot.ts')],
    fake: true,
    colors: false,
  });
  process.env.KOKORO_LOG_LEVEL = previous;
  let output = '';
  handle.setOutput((_stream, text) => {
    output += text;
  });
  try {
    await handle.ready;
    const token = JSON.parse((await handle.eval('JSON.stringify(tokenForTheTest)')).text.slice(1, -1)) as string;
    assert.ok(token.length > 20);
    const inputs = [
      'Secret',
      'Secret.rest',
      'Secret.api',
      'Secret.gateway',
      'Secret.logger',
      'runtime',
      'util.inspect(Secret, { depth: 8, showHidden: true })',
      'util.inspect(Secret.rest, { depth: 8, showHidden: true })',
      'util.inspect(Secret.gateway, { depth: 8, showHidden: true })',
      'util.inspect(runtime, { depth: 6, showHidden: true })',
      'Object.entries(Secret)',
      'JSON.stringify(Secret.rest)',
      'JSON.stringify(Secret.gateway)',
      "await Secret.api.get('/nowhere')",
      "await Secret.messageCreate('1', 'x')",
      "await Secret.messageCreate(channel, '')",
      'console.log(Secret, Secret.rest, Secret.gateway)',
      'await stopClients()',
    ];
    for (const input of inputs) {
      const result = await handle.eval(input);
      assert.ok(!result.text.includes(token), `${input} shows the token:\n${result.text}`);
    }
    assert.match(output, /Secret is ready/, 'debug logs were read');
    assert.ok(!output.includes(token), `the output shows the token:\n${output}`);
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});

test('completion of names and properties, and heavy work on the executor pool, from the console', async () => {
  const handle = startRuntime({ modules: [fixture('two-bots.ts')], fake: true, colors: false });
  try {
    await handle.ready;
    const [names, base] = await handle.complete('On');
    assert.equal(base, 'On');
    assert.ok(names.includes('One'), names.join(', '));
    const [properties] = await handle.complete('One.gui');
    assert.ok(properties.includes('One.guilds') && properties.includes('One.guildGet'), properties.join(', '));
    assert.ok(properties.every((p) => p.startsWith('One.gui')));
    const [methods] = await handle.complete('Two.commands.a');
    assert.ok(methods.includes('Two.commands.add') && methods.includes('Two.commands.all'), methods.join(', '));
    const doubled = await handle.eval(`await runtime.run({ filename: ${JSON.stringify(fixture('double.mjs'))} }, 21)`);
    assert.equal(doubled.text, '42');
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});
