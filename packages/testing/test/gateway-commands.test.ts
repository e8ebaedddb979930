/**
 * The fake gateway's answers to a ready client's commands, seen by raw clients: op 4 (voice),
 * op 31 (soundboard sounds), the bot's own presence (Identify, op 3, offline at the end), and the
 * bot's user in READY.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shardIdForGuild } from '@kokoro/common';
import { ChannelType, GatewayIntentBits as I } from 'discord-api-types/v10';
import { createSoundboardSound } from '../src/actions/guilds.js';
import type { World } from '../src/world/index.js';
import { type GatewayHarness, type Payload, RawClient, startGateway } from './gateway-helpers.js';

const VOICE = I.Guilds | I.GuildVoiceStates;
const PRESENCES = I.Guilds | I.GuildPresences;

/** Identify and wait for READY and every GUILD_CREATE (the session's id is READY's). */
async function ready(url: string, token: string, intents: number, extra: object = {}) {
  const client = new RawClient(url);
  client.identify(token, intents, extra);
  const r = await client.dispatch('READY');
  await client.next((p) => p.s === r.s! + r.d.guilds.length);
  return { client, sessionId: r.d.session_id as string, ready: r };
}

/**
 * Wait until the server has carried out what the client sent (a heartbeat's ACK comes after them),
 * then until a marker dispatch arrives: whatever the session was sent before it has arrived.
 */
async function settle(h: GatewayHarness, client: RawClient, sessionId: string): Promise<Payload[]> {
  const acks = client.payloads.filter((p) => p.op === 11).length;
  client.send({ op: 1, d: null });
  await client.next((p) => p.op === 11 && client.payloads.filter((q) => q.op === 11).length > acks);
  const marker = `marker-${Math.random()}`;
  h.gateway.dispatchToSessions('TYPING_START', { marker }, { sessionId });
  await client.next((p) => p.d?.marker === marker);
  return client.payloads;
}

/** Resolve once `condition()` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

function named(payloads: Payload[], t: string): Payload[] {
  return payloads.filter((p) => p.op === 0 && p.t === t);
}

function guildWith(world: World, name: string, members: string[]) {
  const guild = world.createGuild({ name });
  for (const id of members) world.addMember(guild.guild.id, id, { quiet: true });
  return guild.guild.id;
}

describe('fake gateway: op 4 Voice State Update', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGateway({ voiceEndpoint: 'voice.fake:443' });
  });
  after(() => h.close());

  it('join, move, leave: VOICE_STATE_UPDATE to the guild (GUILD_VOICE_STATES), VOICE_SERVER_UPDATE to the requester', async () => {
    const nue = h.world.createBot({ name: 'Nue' });
    const peer = h.world.createBot({ name: 'Peer' });
    const deaf = h.world.createBot({ name: 'NoVoiceIntent' });
    const guildId = guildWith(h.world, 'voice', [nue.id, peer.id, deaf.id]);
    const lounge = h.world.createChannel(guildId, { name: 'lounge', type: ChannelType.GuildVoice, quiet: true }).id;
    const stage = h.world.createChannel(guildId, { name: 'stage', type: ChannelType.GuildStageVoice, quiet: true }).id;
    const a = await ready(h.url, nue.token, VOICE);
    const b = await ready(h.url, peer.token, VOICE);
    const c = await ready(h.url, deaf.token, I.Guilds);

    a.client.send({ op: 4, d: { guild_id: guildId, channel_id: lounge, self_mute: false, self_deaf: true } });
    const joined = await a.client.dispatch('VOICE_STATE_UPDATE');
    assert.equal(joined.d.user_id, nue.id);
    assert.equal(joined.d.channel_id, lounge);
    assert.equal(joined.d.session_id, a.sessionId, 'a bot voice session_id is its gateway session id');
    assert.equal(joined.d.self_deaf, true);
    assert.equal(joined.d.member?.user?.id, nue.id);
    const server = await a.client.dispatch('VOICE_SERVER_UPDATE');
    assert.ok(server.s! > joined.s!, 'VOICE_SERVER_UPDATE after VOICE_STATE_UPDATE');
    assert.equal(server.d.guild_id, guildId);
    assert.equal(server.d.endpoint, 'voice.fake:443');
    assert.equal(typeof server.d.token, 'string');
    assert.equal(h.world.guild(guildId)?.voiceStates.get(nue.id)?.channel_id, lounge);
    const seenByPeer = await b.client.dispatch('VOICE_STATE_UPDATE');
    assert.equal(seenByPeer.d.user_id, nue.id);

    a.client.send({ op: 4, d: { guild_id: guildId, channel_id: stage, self_mute: true, self_deaf: false } });
    const moved = await a.client.next((p) => p.t === 'VOICE_STATE_UPDATE' && p.d.channel_id === stage);
    assert.equal(moved.d.self_mute, true);
    await a.client.next((p) => p.t === 'VOICE_SERVER_UPDATE' && p.s! > moved.s!);

    a.client.send({ op: 4, d: { guild_id: guildId, channel_id: null, self_mute: false, self_deaf: false } });
    const left = await a.client.next((p) => p.t === 'VOICE_STATE_UPDATE' && p.d.channel_id === null);
    assert.equal(h.world.guild(guildId)?.voiceStates.has(nue.id), false);
    const mine = await settle(h, a.client, a.sessionId);
    assert.equal(named(mine, 'VOICE_SERVER_UPDATE').length, 2, 'none for the leave');
    assert.ok(!mine.some((p) => p.t === 'VOICE_SERVER_UPDATE' && p.s! > left.s!));
    const peers = await settle(h, b.client, b.sessionId);
    assert.equal(named(peers, 'VOICE_STATE_UPDATE').length, 3);
    assert.equal(named(peers, 'VOICE_SERVER_UPDATE').length, 0, 'the voice server is the requester’s alone');
    assert.equal(named(await settle(h, c.client, c.sessionId), 'VOICE_STATE_UPDATE').length, 0);
    for (const { client } of [a, b, c]) client.ws.close(1000);
  });

  it('the voice state ends with the gateway session that opened it', async () => {
    const nue = h.world.createBot({ name: 'Leaver' });
    const peer = h.world.createBot({ name: 'Stays' });
    const guildId = guildWith(h.world, 'voice 2', [nue.id, peer.id]);
    const lounge = h.world.createChannel(guildId, { name: 'lounge', type: ChannelType.GuildVoice, quiet: true }).id;
    const a = await ready(h.url, nue.token, VOICE);
    const b = await ready(h.url, peer.token, VOICE);
    a.client.send({ op: 4, d: { guild_id: guildId, channel_id: lounge, self_mute: false, self_deaf: false } });
    await b.client.next((p) => p.t === 'VOICE_STATE_UPDATE' && p.d.channel_id === lounge);
    a.client.ws.terminate();
    await until(() => h.gateway.connections({ botId: nue.id }).length === 0);
    assert.equal(h.world.guild(guildId)?.voiceStates.has(nue.id), true, 'kept while the session may resume');
    h.gateway.expireSessions({ botId: nue.id });
    const left = await b.client.next((p) => p.t === 'VOICE_STATE_UPDATE' && p.d.channel_id === null);
    assert.equal(left.d.user_id, nue.id);
    assert.equal(h.world.guild(guildId)?.voiceStates.has(nue.id), false);
    b.client.ws.close(1000);
  });

  it('a request it cannot carry out is ignored and the session goes on; a malformed one closes 4002', async () => {
    const nue = h.world.createBot({ name: 'Nue2' });
    const stranger = h.world.createBot({ name: 'Stranger' });
    // Two shards: a guild on shard 0 (where the session is) and one on shard 1.
    const guilds: string[] = [];
    const onShard = (shard: number) => guilds.some((id) => shardIdForGuild(id, 2) === shard);
    while (!onShard(0) || !onShard(1)) {
      guilds.push(guildWith(h.world, `g${guilds.length}`, [nue.id]));
    }
    const home = guilds.find((id) => shardIdForGuild(id, 2) === 0)!;
    const away = guilds.find((id) => shardIdForGuild(id, 2) === 1)!;
    const notMine = guildWith(h.world, 'not mine', [stranger.id]);
    const text = h.world.createChannel(home, { name: 'text', quiet: true }).id;
    const awayVoice = h.world.createChannel(away, { name: 'v', type: ChannelType.GuildVoice, quiet: true }).id;
    const otherVoice = h.world.createChannel(notMine, { name: 'v', type: ChannelType.GuildVoice, quiet: true }).id;
    const a = await ready(h.url, nue.token, VOICE, { shard: [0, 2] });
    const requests = [
      { guild_id: '1', channel_id: '2' }, // unknown guild
      { guild_id: notMine, channel_id: otherVoice }, // a guild the bot is not in
      { guild_id: away, channel_id: awayVoice }, // a guild on another shard
      { guild_id: home, channel_id: text }, // not a voice channel
      { guild_id: home, channel_id: '3' }, // unknown channel
      { guild_id: home, channel_id: otherVoice }, // another guild's channel
    ];
    for (const d of requests) a.client.send({ op: 4, d: { ...d, self_mute: false, self_deaf: false } });
    const seen = await settle(h, a.client, a.sessionId);
    assert.equal(named(seen, 'VOICE_STATE_UPDATE').length, 0);
    assert.equal(named(seen, 'VOICE_SERVER_UPDATE').length, 0);
    assert.equal(h.world.guild(away)?.voiceStates.size, 0);
    a.client.send({ op: 1, d: null });
    await a.client.next((p) => p.op === 11);
    assert.equal(a.client.closeCode, undefined, 'still open');

    a.client.send({ op: 4, d: { channel_id: null } });
    assert.equal(await a.client.closed, 4002);
  });
});

describe('fake gateway: op 31 Request Soundboard Sounds', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGateway();
  });
  after(() => h.close());

  it('one SOUNDBOARD_SOUNDS per requested guild the bot is in, to the requesting session only', async () => {
    const nue = h.world.createBot({ name: 'Nue' });
    const peer = h.world.createBot({ name: 'Peer' });
    const loud = guildWith(h.world, 'loud', [nue.id, peer.id]);
    const quiet = guildWith(h.world, 'quiet', [nue.id]);
    const foreign = guildWith(h.world, 'foreign', [peer.id]);
    const honk = createSoundboardSound(h.world, loud, 'honk');
    createSoundboardSound(h.world, loud, 'quack');
    const a = await ready(h.url, nue.token, I.Guilds);
    const b = await ready(h.url, peer.token, I.Guilds | I.GuildExpressions);
    a.client.send({ op: 31, d: { guild_ids: [loud, quiet, foreign, '1'] } });
    const answers = named(await settle(h, a.client, a.sessionId), 'SOUNDBOARD_SOUNDS');
    assert.deepEqual(
      answers.map((p) => p.d.guild_id),
      [loud, quiet],
    );
    assert.deepEqual(answers[0]!.d.soundboard_sounds.map((s: { name: string }) => s.name).sort(), ['honk', 'quack']);
    assert.equal(answers[0]!.d.soundboard_sounds[0].sound_id, honk.sound_id);
    assert.deepEqual(answers[1]!.d.soundboard_sounds, []);
    assert.equal(named(await settle(h, b.client, b.sessionId), 'SOUNDBOARD_SOUNDS').length, 0);

    a.client.send({ op: 31, d: { guild_ids: loud } });
    assert.equal(await a.client.closed, 4002);
    b.client.ws.close(1000);
  });
});

describe('fake gateway: the bot’s own presence', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGateway();
  });
  after(() => h.close());

  it('Identify’s presence, then op 3, reach GUILD_PRESENCES sessions of its guilds; close 1000 shows offline', async () => {
    const nue = h.world.createBot({ name: 'Nue' });
    const watcher = h.world.createBot({ name: 'Watcher' });
    const blind = h.world.createBot({ name: 'Blind' });
    const guildId = guildWith(h.world, 'shrine', [nue.id, watcher.id, blind.id]);
    const w = await ready(h.url, watcher.token, PRESENCES);
    const x = await ready(h.url, blind.token, I.Guilds);
    const presence = { since: null, afk: false, status: 'dnd', activities: [{ name: 'tests', type: 0 }] };
    const a = await ready(h.url, nue.token, PRESENCES, { presence });
    const first = await w.client.next((p) => p.t === 'PRESENCE_UPDATE' && p.d.user.id === nue.id);
    assert.equal(first.d.guild_id, guildId);
    assert.equal(first.d.status, 'dnd');
    assert.equal(first.d.activities[0].name, 'tests');
    assert.equal(typeof first.d.activities[0].created_at, 'number');
    assert.equal(h.world.presences(guildId).find((p) => p.user.id === nue.id)?.status, 'dnd');
    // The bot sees its own presence too, after its GUILD_CREATEs.
    await a.client.next((p) => p.t === 'PRESENCE_UPDATE' && p.d.user.id === nue.id);

    a.client.send({ op: 3, d: { since: null, afk: false, status: 'idle', activities: [] } });
    const idle = await w.client.next((p) => p.t === 'PRESENCE_UPDATE' && p.d.status === 'idle');
    assert.deepEqual(idle.d.activities, []);
    a.client.send({ op: 3, d: { since: null, afk: false, status: 'idle', activities: [] } });
    a.client.send({ op: 3, d: { since: null, afk: false, status: 'invisible', activities: [] } });
    await w.client.next((p) => p.t === 'PRESENCE_UPDATE' && p.d.status === 'offline');
    a.client.send({ op: 3, d: { since: null, afk: false, status: 'online', activities: [] } });
    await w.client.next((p) => p.t === 'PRESENCE_UPDATE' && p.d.status === 'online');

    a.client.ws.close(1000);
    await until(() => h.gateway.sessions({ botId: nue.id }).length === 0);
    const updates = named(await settle(h, w.client, w.sessionId), 'PRESENCE_UPDATE').filter(
      (p) => p.d.user.id === nue.id,
    );
    assert.deepEqual(
      updates.map((p) => p.d.status),
      ['dnd', 'idle', 'offline', 'online', 'offline'],
      'the same presence twice is shown once',
    );
    assert.equal(
      h.world.presences(guildId).find((p) => p.user.id === nue.id),
      undefined,
    );
    assert.equal(named(await settle(h, x.client, x.sessionId), 'PRESENCE_UPDATE').length, 0);
    w.client.ws.close(1000);
    x.client.ws.close(1000);
  });

  it('a bot on two shards goes offline when its last session ends (resume window passed)', async () => {
    const nue = h.world.createBot({ name: 'Sharded' });
    const watcher = h.world.createBot({ name: 'Watcher2' });
    const guildId = guildWith(h.world, 'watched', [nue.id, watcher.id]);
    const w = await ready(h.url, watcher.token, PRESENCES);
    const s0 = await ready(h.url, nue.token, I.Guilds, { shard: [0, 2] });
    const s1 = await ready(h.url, nue.token, I.Guilds, { shard: [1, 2] });
    s0.client.ws.close(1000);
    await until(() => h.gateway.sessions({ botId: nue.id }).length === 1);
    s1.client.ws.terminate();
    await until(() => h.gateway.connections({ botId: nue.id }).length === 0);
    const ofNue = (payloads: Payload[]) => named(payloads, 'PRESENCE_UPDATE').filter((p) => p.d.user.id === nue.id);
    let updates = ofNue(await settle(h, w.client, w.sessionId));
    assert.deepEqual(
      updates.map((p) => p.d.status),
      ['online'],
      'online once for both shards, still online while one session lives',
    );
    assert.equal(h.gateway.expireSessions({ botId: nue.id }), 1);
    updates = ofNue(await settle(h, w.client, w.sessionId));
    assert.deepEqual(
      updates.map((p) => [p.d.guild_id, p.d.status]),
      [
        [guildId, 'online'],
        [guildId, 'offline'],
      ],
    );
    w.client.ws.close(1000);
  });
});

describe('fake gateway: READY’s user', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGateway();
  });
  after(() => h.close());

  it('is the bot’s own user, with what only its owner sees', async () => {
    const nue = h.world.createBot({ name: 'Nue' });
    const { client, ready: r } = await ready(h.url, nue.token, I.Guilds);
    const user = r.d.user;
    assert.equal(user.id, nue.id);
    assert.equal(user.username, 'Nue');
    assert.equal(user.bot, true);
    assert.equal(user.verified, true);
    assert.equal(typeof user.mfa_enabled, 'boolean');
    assert.equal(user.email, null);
    assert.equal(typeof user.flags, 'number');
    assert.equal(user.discriminator, nue.user.discriminator);
    assert.equal('email' in nue.user, false, 'the shared user object is not changed');
    client.ws.close(1000);
  });
});
