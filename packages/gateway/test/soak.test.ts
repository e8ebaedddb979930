/** A short soak: random session-keeping faults back to back, nothing lost or doubled. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seededRandom } from '@kokoro/common';
import { assertAllOnce, makeShard, probe, Recorder, setup, until } from './helpers.js';

it('survives 60 random faults in a row with every probe delivered exactly once', async () => {
  const s = await setup({ heartbeatInterval: 60 });
  const rec = new Recorder();
  const shard = makeShard(s.fake, s.bot, rec);
  const random = seededRandom(11);
  const filter = { botId: s.bot.id };
  const g = s.fake.gateway;
  const faults = [
    () => g.dropConnections(filter),
    () => g.closeConnections([4000, 4001, 4008, 1011][Math.floor(random() * 4)]!, filter),
    () => g.sendReconnect(filter),
    () => g.sendInvalidSession(true, filter),
    () => g.stopHeartbeatAcks(filter),
    () => g.requestHeartbeat(filter),
    () => {
      g.reconnectBeforeHello = 1;
      g.dropConnections(filter);
    },
    () => {
      g.refuseConnections = true;
      g.dropConnections(filter);
      setTimeout(() => {
        g.refuseConnections = false;
      }, 15);
    },
  ];
  try {
    await shard.start();
    let sent = 0;
    for (let i = 0; i < 60; i++) {
      probe(s.fake, s.bot.id, sent + 1, sent + 2);
      sent += 2;
      const resumes = g.resumes.length;
      const fault = Math.floor(random() * faults.length);
      faults[fault]!();
      probe(s.fake, s.bot.id, sent + 1, sent + 2);
      sent += 2;
      if (fault === 4) await until(() => g.resumes.length > resumes, 'the zombie replaced');
      await until(() => shard.isConnected && rec.probes.length >= sent, `recovery from fault ${i}`);
    }
    assertAllOnce(rec, sent);
    assert.equal(g.identifies.length, 1, 'every fault resumed');
  } finally {
    await shard.close();
    await s.fake.close();
  }
});
