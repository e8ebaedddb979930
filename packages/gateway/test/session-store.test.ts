import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { FakeDiscord } from '@kokoro/testing';
import {
  botIdFromToken,
  type GatewaySessionKey,
  type GatewaySessionStore,
  MemoryGatewaySessionStore,
  type Shard,
  type StoredGatewaySession,
} from '../src/index.js';
import { makeShard, probe, Recorder, setup, until } from './helpers.js';

let fake: FakeDiscord | undefined;
const shards: Shard[] = [];
afterEach(async () => {
  for (const shard of shards.splice(0)) await shard.close();
  await fake?.close();
  fake = undefined;
});

test('a new shard object resumes the session another one stored; close(1000) deletes it', async () => {
  const s = await setup();
  fake = s.fake;
  const sessions = new MemoryGatewaySessionStore();
  const first = new Recorder();
  const a = makeShard(s.fake, s.bot, first, { sessionStore: sessions, sessionSaveInterval: 5 });
  shards.push(a);
  await a.start();
  probe(s.fake, s.bot.id, 1, 3);
  await until(() => first.probes.length === 3, 'probes 1..3');
  await a.close(4000);
  const key = { botId: s.bot.id, shardId: 0, shardCount: 1 };
  assert.deepEqual(await sessions.load(key), {
    sessionId: a.sessionId,
    sequence: a.sequence,
    resumeUrl: `${s.fake.gatewayUrl}/resume`,
  });
  probe(s.fake, s.bot.id, 4, 6);
  const second = new Recorder();
  const b = makeShard(s.fake, s.bot, second, { sessionStore: sessions });
  shards.push(b);
  await b.start();
  await until(() => second.probes.length === 3, 'probes 4..6 replayed');
  assert.deepEqual(second.probes, [4, 5, 6]);
  assert.equal(s.fake.gateway.identifies.length, 1);
  assert.equal(s.fake.gateway.resumes.length, 1);
  await b.close(1000);
  assert.equal(await sessions.load(key), undefined);
  assert.equal(sessions.size, 0);
});

test('a store that never answers is given up: the shard identifies after sessionStoreTimeout', async () => {
  const s = await setup();
  fake = s.fake;
  const calls: string[] = [];
  const hanging: GatewaySessionStore = {
    load: (_key: GatewaySessionKey): Promise<StoredGatewaySession | undefined> => {
      calls.push('load');
      return new Promise(() => {});
    },
    save: () => {
      calls.push('save');
      return new Promise(() => {});
    },
    delete: () => Promise.resolve(),
  };
  const shard = makeShard(s.fake, s.bot, new Recorder(), { sessionStore: hanging, sessionStoreTimeout: 50 });
  shards.push(shard);
  await shard.start();
  assert.equal(s.fake.gateway.identifies.length, 1);
  assert.deepEqual(calls, ['load', 'save']);
});

test('botIdFromToken reads the user id of a token and never returns the token', () => {
  const id = '123456789012345678';
  assert.equal(botIdFromToken(`${Buffer.from(id).toString('base64')}.abc.def`), id);
  assert.equal(botIdFromToken(`Bot ${Buffer.from(id).toString('base64url')}.abc.def`), id);
  const other = botIdFromToken('not-a-discord-token');
  assert.match(other, /^t-[0-9a-f]{24}$/);
  assert.ok(!other.includes('not-a-discord-token'));
});
