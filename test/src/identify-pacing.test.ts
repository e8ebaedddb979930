// Identify pacing is per token across the runtime: two clients of one bot, or a client stopped and
// started again, identify one bucket window apart and never earn op 9. The fake and the clients
// share a ManualClock, so the 5 s window is fake time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, ManualClock, RestPool } from 'kokoro';
import { captureLogs, waitFor } from './helpers.js';

let fake: FakeDiscord;
let pool: RestPool;
const clock = new ManualClock(Date.now());

before(async () => {
  fake = await FakeDiscord.start({ clock, gatewayOptions: { recommendedShards: 2 } });
  pool = new RestPool();
});

after(async () => {
  await fake.close();
  await pool.close();
});

test('two clients of one bot (shards split) identify 5 s apart: no op 9, no warning', async () => {
  const bot = fake.addBot({ name: 'Split' });
  fake.addGuild({ name: 'home', members: [bot] });
  const { logger, lines } = captureLogs('warn');
  const common = {
    token: bot.token,
    intents: GatewayIntentBits.Guilds,
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    pool,
    cache: new Cache(),
    clock,
    logger,
    shardCount: 2,
    waitGuildsTimeout: 0,
  };
  const A = new Client({ ...common, name: 'SplitA', shardIds: [0] });
  const B = new Client({ ...common, name: 'SplitB', shardIds: [1] });
  try {
    let ready = false;
    const started = Promise.all([A.start(), B.start()]).then(() => {
      ready = true;
    });
    await waitFor(() => fake.gateway.identifies.length === 1, 'the first identify');
    // Fake time goes on in steps until both are ready (an op 9 retry comes after 1-5 s of it).
    for (let step = 0; step < 20 && !ready; step++) {
      await clock.advance(1000);
      await waitFor(() => ready || B.gateway?.shards.get(1)?.state !== 'connecting', 'B past connecting', 2000).catch(
        () => {},
      );
    }
    await started;
    assert.equal(fake.gateway.identifies.length, 2);
    assert.equal(fake.gateway.identifyViolations, 0, 'no identify too fast (op 9)');
    assert.ok(!lines.some((line) => /invalid session/.test(line)), lines.join('\n'));
  } finally {
    await Promise.all([A.destroy(), B.destroy()]);
  }
});

test('stop() then start() within 5 s waits for the window instead of earning op 9', async () => {
  const bot = fake.addBot({ name: 'Restarted' });
  fake.addGuild({ name: 'home', members: [bot] });
  const { logger } = captureLogs('warn');
  const R = new Client({
    name: 'Restarted',
    token: bot.token,
    intents: GatewayIntentBits.Guilds,
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    pool,
    cache: new Cache(),
    clock,
    logger,
    shardCount: 1,
  });
  try {
    await R.start();
    const before = fake.gateway.identifies.length;
    await R.stop();
    const again = R.start();
    await clock.advance(4000);
    assert.equal(fake.gateway.identifies.length, before, 'not yet: the window is not over');
    await clock.advance(1000);
    await again;
    assert.equal(fake.gateway.identifies.length, before + 1);
    assert.equal(fake.gateway.identifyViolations, 0);
  } finally {
    await R.destroy();
  }
});
