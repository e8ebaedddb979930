/**
 * The recorded-shape event stream of the gateway benchmarks: a realistic mix of the busiest
 * dispatches of a large bot (presence updates, messages, typing, reactions, member updates), with
 * the fields and sizes Discord sends. Deterministic for a seed, so every client reads the same bytes.
 */

import { constants, createDeflate } from 'node:zlib';
import { seededRandom } from '@kokoro/common';

const MIX: [string, number][] = [
  ['PRESENCE_UPDATE', 0.34],
  ['MESSAGE_CREATE', 0.24],
  ['TYPING_START', 0.14],
  ['MESSAGE_REACTION_ADD', 0.1],
  ['GUILD_MEMBER_UPDATE', 0.1],
  ['MESSAGE_UPDATE', 0.05],
  ['MESSAGE_DELETE', 0.03],
];

const WORDS = 'the quick brown fox jumps over a lazy dog while kokoro answers every ping with pong and more'.split(' ');

/** The dispatch events (`{op, t, s, d}` JSON texts) of the stream, numbered from `firstSeq`. */
export function buildEventStream(count: number, seed = 42, firstSeq = 2): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const id = () => String((BigInt(Math.floor(random() * 2 ** 40)) << 22n) | BigInt(Math.floor(random() * 4096)));
  const guilds = Array.from({ length: 50 }, id);
  const channels = Array.from({ length: 400 }, id);
  const users = Array.from({ length: 5000 }, (_, i) => ({
    id: id(),
    username: `user${i}`,
    global_name: `User ${i}`,
    avatar: random() < 0.8 ? 'a'.repeat(32) : null,
    discriminator: '0',
    public_flags: 0,
    avatar_decoration_data: null,
  }));
  const member = (user: (typeof users)[number]) => ({
    roles: [id(), id()],
    nick: random() < 0.3 ? `nick ${user.username}` : null,
    avatar: null,
    premium_since: null,
    joined_at: '2024-03-01T12:00:00.000000+00:00',
    pending: false,
    deaf: false,
    mute: false,
    flags: 0,
    communication_disabled_until: null,
  });
  const text = () => Array.from({ length: 3 + Math.floor(random() * 25) }, () => pick(WORDS)).join(' ');
  const message = (guildId: string, channelId: string) => {
    const user = pick(users);
    return {
      id: id(),
      type: 0,
      channel_id: channelId,
      guild_id: guildId,
      author: user,
      member: member(user),
      content: text(),
      timestamp: '2026-11-24T06:00:00.000000+00:00',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: random() < 0.2 ? [{ ...pick(users), member: member(pick(users)) }] : [],
      mention_roles: [],
      attachments: [],
      embeds:
        random() < 0.1
          ? [
              {
                type: 'rich',
                title: text(),
                description: text(),
                color: 0x5865f2,
                fields: [{ name: 'a', value: text(), inline: true }],
              },
            ]
          : [],
      pinned: false,
      flags: 0,
      components: [],
      nonce: id(),
    };
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let r = random();
    let t = MIX[0]![0];
    for (const [name, weight] of MIX) {
      if (r < weight) {
        t = name;
        break;
      }
      r -= weight;
    }
    const guildId = pick(guilds);
    const channelId = pick(channels);
    const user = pick(users);
    let d: unknown;
    switch (t) {
      case 'PRESENCE_UPDATE':
        d = {
          user: { id: user.id },
          guild_id: guildId,
          status: pick(['online', 'idle', 'dnd', 'offline']),
          activities:
            random() < 0.6
              ? [
                  {
                    name: 'Some Game',
                    type: 0,
                    id: id().slice(0, 16),
                    created_at: 1_763_900_000_000,
                    timestamps: { start: 1_763_900_000_000 },
                    application_id: id(),
                  },
                ]
              : [],
          client_status: { desktop: 'online' },
        };
        break;
      case 'MESSAGE_CREATE':
        d = message(guildId, channelId);
        break;
      case 'MESSAGE_UPDATE':
        d = { ...message(guildId, channelId), edited_timestamp: '2026-11-24T06:01:00.000000+00:00' };
        break;
      case 'TYPING_START':
        d = {
          user_id: user.id,
          channel_id: channelId,
          guild_id: guildId,
          timestamp: 1_763_964_000,
          member: { ...member(user), user },
        };
        break;
      case 'MESSAGE_REACTION_ADD':
        d = {
          user_id: user.id,
          channel_id: channelId,
          message_id: id(),
          guild_id: guildId,
          member: { ...member(user), user },
          emoji: { id: null, name: pick(['👍', '❤️', '😂', '🎉']) },
          burst: false,
          type: 0,
        };
        break;
      case 'GUILD_MEMBER_UPDATE':
        d = { guild_id: guildId, ...member(user), user };
        break;
      default:
        d = { id: id(), channel_id: channelId, guild_id: guildId };
    }
    out.push(JSON.stringify({ op: 0, t, s: firstSeq + i, d }));
  }
  return out;
}

/**
 * Compress gateway payloads as one zlib-stream: one deflate context for all of them, each payload
 * flushed with Z_SYNC_FLUSH so its frame ends with 00 00 ff ff, as Discord sends them.
 */
export async function zlibStreamFrames(texts: string[]): Promise<Buffer[]> {
  const deflate = createDeflate({ level: 6 });
  const frames: Buffer[] = [];
  let chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const text of texts) {
    deflate.write(text);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    frames.push(Buffer.concat(chunks));
    chunks = [];
  }
  deflate.close();
  return frames;
}
