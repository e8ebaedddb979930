// The 'commands' extension against the fake Discord: two clients with their own prefixes in one
// runtime, parameters resolved from the shared cache, checks through real permissions, and a
// command that waits for the author's next message on an injected clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addMemberRole, createEmoji, createRole, FakeDiscord, updateChannel } from '@kokoro/testing';
import {
  Cache,
  Client,
  Color,
  CommandFailedError,
  check,
  Embed,
  GatewayIntentBits,
  ManualClock,
  param,
  RestPool,
  WaitForTimeoutError,
} from 'kokoro';
import { waitFor } from './helpers.js';

const intents =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMembers |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.GuildMessageReactions |
  GatewayIntentBits.GuildExpressions |
  GatewayIntentBits.MessageContent;
const privilegedIntents = GatewayIntentBits.MessageContent | GatewayIntentBits.GuildMembers;

let fake: FakeDiscord;
let pool: RestPool;
let cache: Cache;

before(async () => {
  fake = await FakeDiscord.start();
  pool = new RestPool();
  cache = new Cache();
});

after(async () => {
  await fake.close();
  await pool.close();
});

/** A guild with two bots, mika (the owner) and rin, and a channel. */
function world() {
  const a = fake.addBot({ name: 'Alpha', privilegedIntents });
  const b = fake.addBot({ name: 'Beta', privilegedIntents });
  const mika = fake.addUser({ username: 'mika' });
  const rin = fake.addUser({ username: 'rin' });
  const guild = fake.addGuild({ name: 'Commands', members: [a, b, mika, rin] });
  const channel = fake.addChannel(guild, { name: 'general' });
  return { a, b, mika, rin, guild, channel };
}

/** The messages a bot sent after `from` messages of the channel. */
function sentBy(channelId: string, botId: string, from: number) {
  return fake
    .messages(channelId)
    .slice(from)
    .filter((m) => m.author.id === botId);
}

/** The contents of the replies a bot made after `from` messages of the channel. */
function repliesOf(channelId: string, botId: string, from: number): string[] {
  return sentBy(channelId, botId, from).map((m) => m.content);
}

/** Alpha with 'commands' (prefix `!`) on the shared fake, cache and pool; `extra` overrides. */
function alpha(token: string, extra: { clock?: ManualClock; slash?: boolean; perPage?: number } = {}) {
  return new Client({
    name: 'Alpha',
    token,
    intents,
    prefix: '!',
    extensions: extra.slash ? ['commands', 'slash'] : ['commands'],
    ...(extra.perPage ? { help: { perPage: extra.perPage } } : {}),
    ...(extra.clock ? { clock: extra.clock } : {}),
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    cache,
    pool,
  });
}

/** Say `content` as `author`, then wait for `count` replies of `bot`; returns the messages. */
async function askFor(channelId: string, botId: string, content: string, author: { id: string }, count = 1) {
  const from = fake.messages(channelId).length;
  await fake.userSays(channelId, content, { author });
  return waitFor(() => {
    const replies = sentBy(channelId, botId, from);
    return replies.length >= count && replies;
  }, `${count} reply to ${content}`);
}

/** Say `content` as `author`, then wait for `count` replies of `bot`; returns their contents. */
async function ask(channelId: string, botId: string, content: string, author: { id: string }, count = 1) {
  return (await askFor(channelId, botId, content, author, count)).map((m) => m.content);
}

test('two clients with different prefixes in one runtime each answer only their own prefix', async () => {
  const { a, b, mika, channel } = world();
  const options = {
    intents,
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    cache,
    pool,
    extensions: ['commands'] as const,
  };
  const Alpha = new Client({ name: 'Alpha', token: a.token, prefix: 'a!', ...options });
  const Beta = new Client({ name: 'Beta', token: b.token, prefix: ['b!', 'beta '], ...options });
  Alpha.commands.add('who', (client) => `I am ${client.name}`);
  Beta.commands.add('who', (client) => `I am ${client.name}`);
  await Promise.all([Alpha.start(), Beta.start()]);
  try {
    assert.deepEqual(await ask(channel.id, a.id, 'a!who', mika), ['I am Alpha']);
    assert.deepEqual(await ask(channel.id, b.id, 'b!who', mika), ['I am Beta']);
    assert.deepEqual(await ask(channel.id, b.id, 'beta who', mika), ['I am Beta']);
    assert.deepEqual(await ask(channel.id, b.id, `<@${b.id}> who`, mika), ['I am Beta']);
    const all = fake.messages(channel.id).map((m) => `${m.author.username}: ${m.content}`);
    assert.equal(all.filter((line) => line.startsWith('Alpha:')).length, 1, `Alpha answered once:\n${all.join('\n')}`);
    assert.equal(all.filter((line) => line.startsWith('Beta:')).length, 3);
  } finally {
    await Promise.all([Alpha.destroy(), Beta.destroy()]);
  }
});

test('user, member, role, channel, message and emoji parameters resolve from the cache; bad ones name the parameter', async () => {
  const { a, mika, rin, guild, channel } = world();
  const role = createRole(fake.world, guild.id, { name: 'Helpers' });
  const emoji = createEmoji(fake.world, guild.id, 'kokoro');
  const Alpha = alpha(a.token);
  Alpha.commands.add('who', (_c, _m, { member }) => `${member.displayName} ${member.id}`, {
    params: { member: param.member() },
  });
  Alpha.commands.add('user', (_c, _m, { user }) => user.username, { params: { user: param.user() } });
  Alpha.commands.add('role', (_c, _m, { role }) => `${role.name} ${role.id}`, { params: { role: param.role() } });
  Alpha.commands.add('where', (_c, _m, { where }) => where.name, { params: { where: param.channel() } });
  Alpha.commands.add('quote', (_c, _m, { target }) => `"${target.content}" by ${target.author.username}`, {
    params: { target: param.message() },
  });
  Alpha.commands.add('react', (_c, _m, { e }) => `${e.name}:${e.id}`, { params: { e: param.emoji() } });
  await Alpha.start();
  try {
    const said = await fake.userSays(channel.id, 'remember me', { author: rin });
    assert.deepEqual(await ask(channel.id, a.id, `!who <@${rin.id}>`, mika), [`rin ${rin.id}`]);
    assert.deepEqual(await ask(channel.id, a.id, '!who RIN', mika), [`rin ${rin.id}`]);
    assert.deepEqual(await ask(channel.id, a.id, `!user ${mika.id}`, rin), ['mika']);
    assert.deepEqual(await ask(channel.id, a.id, '!role helpers', mika), [`Helpers ${role.id}`]);
    assert.deepEqual(await ask(channel.id, a.id, `!role <@&${role.id}>`, mika), [`Helpers ${role.id}`]);
    assert.deepEqual(await ask(channel.id, a.id, `!where <#${channel.id}>`, mika), ['general']);
    assert.deepEqual(await ask(channel.id, a.id, '!where #general', mika), ['general']);
    const link = `https://discord.com/channels/${guild.id}/${channel.id}/${said.id}`;
    assert.deepEqual(await ask(channel.id, a.id, `!quote ${link}`, mika), ['"remember me" by rin']);
    assert.deepEqual(await ask(channel.id, a.id, `!quote ${said.id}`, mika), ['"remember me" by rin']);
    assert.deepEqual(await ask(channel.id, a.id, '!react :kokoro:', mika), [`kokoro:${emoji.id}`]);
    const [bad] = await ask(channel.id, a.id, '!who nobody', mika);
    assert.match(
      bad!,
      /^parameter `member`: expected a member of this server .*, got `nobody`\.\nUsage: `!who <member>`$/,
    );
    const [badRole] = await ask(channel.id, a.id, '!role 123456789012345678', mika);
    assert.match(badRole!, /parameter `role`: no role of this server has that id/);
  } finally {
    await Alpha.destroy();
  }
});

test('permission checks follow the member’s roles in the cache; NSFW and owner checks', async () => {
  const { a, mika, rin, guild, channel } = world();
  const Alpha = alpha(a.token);
  Alpha.commands.add('purge', () => 'purged', {
    checks: [check.hasPermissions(['ManageMessages']), check.botHasPermissions(['ManageMessages'])],
  });
  Alpha.commands.add('lewd', () => 'ok', { checks: [check.nsfwChannel()] });
  Alpha.commands.add('shutdown', () => 'bye', { checks: [check.ownerOnly()] });
  await Alpha.start();
  try {
    assert.deepEqual(await ask(channel.id, a.id, '!purge', mika), ['purged'], 'the guild owner has every permission');
    assert.deepEqual(await ask(channel.id, a.id, '!purge', rin), ['You need the Manage Messages permission(s) here.']);
    const moderators = createRole(fake.world, guild.id, { name: 'Moderators', permissions: String(1n << 13n) });
    addMemberRole(fake.world, guild.id, rin.id, moderators.id);
    const cachedGuild = Alpha.guilds.get(guild.id)!;
    await waitFor(() => cachedGuild.members.get(rin.id)?.roles.some((r) => r.id === moderators.id), 'rin’s new role');
    assert.deepEqual(await ask(channel.id, a.id, '!purge', rin), ['purged']);

    assert.deepEqual(await ask(channel.id, a.id, '!lewd', mika), [
      'This command works only in an age-restricted channel.',
    ]);
    updateChannel(fake.world, channel.id, { nsfw: true });
    await waitFor(() => Alpha.cache.channels.get(channel.id)?.nsfw, 'the channel turning NSFW');
    assert.deepEqual(await ask(channel.id, a.id, '!lewd', mika), ['ok']);

    // The fake's application is owned by its built-in user.
    assert.deepEqual(await ask(channel.id, a.id, '!shutdown', mika), [
      'Only the owner of this bot can use this command.',
    ]);
    assert.deepEqual(await ask(channel.id, a.id, '!shutdown', fake.world.defaultUser), ['bye']);
  } finally {
    await Alpha.destroy();
  }
});

test('a command waits for the author’s next message; the wait times out on the client’s clock', async () => {
  const { a, mika, rin, channel } = world();
  const clock = new ManualClock();
  const Alpha = alpha(a.token, { clock });
  Alpha.commands.add('quiz', async function* (client, message) {
    yield 'What is 2 + 2?';
    try {
      const answer = await client.waitForMessage(message.channel, { author: message.author, timeout: 30_000 });
      yield answer.content === '4' ? 'Right!' : 'Wrong.';
    } catch (error) {
      if (!(error instanceof WaitForTimeoutError)) throw error;
      yield 'Too slow.';
    }
  });
  await Alpha.start();
  try {
    const from = fake.messages(channel.id).length;
    await ask(channel.id, a.id, '!quiz', mika);
    await fake.userSays(channel.id, '5', { author: rin }); // not the author: ignored
    await fake.userSays(channel.id, '4', { author: mika });
    await waitFor(() => repliesOf(channel.id, a.id, from).length === 2, 'the verdict');
    assert.deepEqual(repliesOf(channel.id, a.id, from), ['What is 2 + 2?', 'Right!']);

    const next = fake.messages(channel.id).length;
    await ask(channel.id, a.id, '!quiz', mika);
    await clock.advance(30_000);
    await waitFor(() => repliesOf(channel.id, a.id, next).length === 2, 'the timeout');
    assert.deepEqual(repliesOf(channel.id, a.id, next), ['What is 2 + 2?', 'Too slow.']);
  } finally {
    await Alpha.destroy();
  }
});

test('a returned Embed (from @kokoro/builders) is sent as an embed; an async iterable sends several messages', async () => {
  const { a, mika, channel } = world();
  const Alpha = alpha(a.token);
  Alpha.commands.add('card', (_c, message) =>
    new Embed().title('Card').description(`for ${message.author.username}`).color(Color.fromHex('#ff8800')),
  );
  Alpha.commands.add(
    'count',
    async function* (_c, _m, { to }) {
      for (let i = 1; i <= to; i++) yield `${i}`;
    },
    { params: { to: param.int({ min: 1, max: 5 }) } },
  );
  await Alpha.start();
  try {
    const [card] = await askFor(channel.id, a.id, '!card', mika);
    assert.deepEqual(
      card.embeds.map((e) => [e.title, e.description, e.color]),
      [['Card', 'for mika', 0xff8800]],
    );
    assert.deepEqual(await ask(channel.id, a.id, '!count 3', mika, 3), ['1', '2', '3']);
  } finally {
    await Alpha.destroy();
  }
});

test('with slash also enabled, help pages turn with buttons: a click updates the message to the asked page', async () => {
  const { a, mika, channel } = world();
  const Alpha = alpha(a.token, { slash: true, perPage: 2 });
  for (const name of ['one', 'two', 'three']) Alpha.commands.add(name, () => name, { description: `The ${name}.` });
  await Alpha.start();
  try {
    const [sent] = await askFor(channel.id, a.id, '!help', mika);
    assert.match(sent.content, /^\*\*Commands\*\* \(page 1\/2\)/);
    assert.doesNotMatch(sent.content, /another page/, 'buttons, not a page hint');
    const row = sent.components![0] as { components: { custom_id: string; disabled?: boolean }[] };
    const next = row.components[1]!;
    assert.equal(next.disabled, false);
    const click = fake.interact(
      a,
      channel.id,
      { kind: 'component', customId: next.custom_id, message: sent },
      { user: mika },
    );
    const answered = await waitFor(() => fake.interactionResponse(click)?.responseType, 'the click’s answer');
    assert.equal(answered, 7, 'UPDATE_MESSAGE');
    const updated = await waitFor(
      () => fake.messages(channel.id).find((m) => m.id === sent.id && m.content.includes('page 2/2')),
      'the message showing page 2',
    );
    assert.match(updated.content, /`!two` — The two\./);
  } finally {
    await Alpha.destroy();
  }
});

test('an unhandled error answers a short message and reaches the client’s error event; bad channels and messages name the parameter', async () => {
  const { a, mika, channel } = world();
  const Alpha = alpha(a.token);
  const errors: [unknown, string][] = [];
  Alpha.on('error', (_client, error, event) => {
    errors.push([error, event]);
  });
  Alpha.commands.add('boom', () => {
    throw new Error('the database is gone');
  });
  Alpha.commands.add('where', (_c, _m, { where }) => where.name, { params: { where: param.channel() } });
  Alpha.commands.add('quote', (_c, _m, { target }) => target.content, { params: { target: param.message() } });
  await Alpha.start();
  try {
    assert.deepEqual(await ask(channel.id, a.id, '!boom', mika), ['Something went wrong while running `boom`.']);
    const [[error, event]] = await waitFor(() => errors.length > 0 && errors, 'the error event');
    assert.ok(error instanceof CommandFailedError);
    assert.equal(error.command, 'boom');
    assert.equal((error.cause as Error).message, 'the database is gone');
    assert.equal(event, 'messageCreate');
    const [where] = await ask(channel.id, a.id, '!where #nowhere', mika);
    assert.match(where!, /^parameter `where`: expected a channel .*, got `#nowhere`\.\nUsage: `!where <where>`$/);
    const [quote] = await ask(channel.id, a.id, '!quote 123456789012345678', mika);
    assert.match(quote!, /^parameter `target`: no message found there/);
  } finally {
    await Alpha.destroy();
  }
});
