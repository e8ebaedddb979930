import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Embed } from '@kokoro/builders';
import { Cache, Client, ManualClock, ValidationError } from '@kokoro/core';
import type { FakeDiscord } from '@kokoro/testing';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { field, option } from '../src/index.js';
import { sharedFake, until } from './helpers.js';

const shared = sharedFake();

async function world(name: string, slash: Record<string, unknown> = {}) {
  const bot = shared.fake.addBot({ name });
  const guild = shared.fake.addGuild({ name: `${name} guild`, members: [bot] });
  const channel = shared.fake.addChannel(guild, { name: 'general' });
  const client = new Client({
    name,
    token: bot.token,
    restUrl: shared.fake.restUrl,
    gatewayUrl: shared.fake.gatewayUrl,
    pool: shared.pool,
    cache: new Cache(),
    extensions: ['slash'],
    slash: { syncOnReady: false, ...slash },
  });
  return { bot, guild, channel, client };
}

test('bad declarations are ValidationErrors at declaration time, naming the field', async () => {
  const { client } = await world('Declarer');
  try {
    assert.throws(() => client.interactions(() => 'x', { name: 'Bad Name', description: 'd' }), ValidationError);
    assert.throws(() => client.interactions(function ok() {}, { description: '' }), /description/);
    assert.throws(() => client.interactions(function ok() {}, { description: 'x'.repeat(101) }), /description/);
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`o${i}`, option.string('d')]));
    assert.throws(() => client.interactions(function ok() {}, { description: 'd', options: many }), /options/);
    assert.throws(
      () =>
        client.interactions(function ok() {}, {
          description: 'd',
          options: { a: option.string('a'), b: option.string('b', { required: true }) },
        }),
      /required options must come before optional ones/,
    );
    assert.throws(
      () =>
        client.interactions(function ok() {}, {
          description: 'd',
          options: { a: option.string('a', { choices: Array.from({ length: 26 }, (_, i) => `c${i}`) }) },
        }),
      /choices/,
    );
    assert.throws(
      () =>
        client.interactions(function ok() {}, {
          description: 'd',
          options: { a: option.integer('a', { minValue: 5, maxValue: 1 }) },
        }),
      /minValue/,
    );
    assert.throws(
      () => client.interactions(function ok() {}, { description: 'd', options: { a: option.string({}) } }),
      /ok\.options\.a\.description/,
    );
    assert.throws(() => client.interactions(() => 'x', { description: 'd' }), /needs a name/);
    assert.throws(() => client.interactions(function ok() {}, { description: 'd', guild: 'not-an-id' }), /guild/);
    assert.equal(client.slash.commands.size, 0);
  } finally {
    await client.destroy();
  }
});

test('typed options, each response kind, subcommands, context menus, errors; sync counts by diff', async () => {
  const clock = new ManualClock();
  const { bot, guild, channel, client } = await world('Answerer', { clock });
  const errors: unknown[] = [];
  client.on('error', (_c, error) => errors.push(error));
  try {
    await client.start();
    let got: unknown;
    client.interactions(
      function echo(_client, event, { text, count, user }) {
        got = { text, count, user: user?.id, name: event.commandName };
        return `${text}${count ?? ''}`;
      },
      {
        guild,
        description: 'Echo',
        options: {
          text: option.string('What to say', { required: true, maxLength: 50 }),
          count: option.integer('How many', { minValue: 1, maxValue: 5 }),
          user: option.user('Who'),
        },
      },
    );
    client.interactions(() => ({ content: 'secret', ephemeral: true }), {
      name: 'secret',
      guild,
      description: 'Ephemeral',
    });
    client.interactions(() => new Embed().title('An embed'), { name: 'embed', guild, description: 'Embed' });
    client.interactions(
      () => {
        throw new Error('boom');
      },
      { name: 'fail', guild, description: 'Fails' },
    );
    client.interactions(
      async (_c, event) => {
        await event.defer();
        await event.followUp('later');
        return 'edited';
      },
      { name: 'defer', guild, description: 'Defers' },
    );
    const tag = client.interactions(undefined, { name: 'tag', guild, description: 'Tags' });
    tag.interactions(
      function add(_c, event, { name }) {
        return `added ${name} via ${event.subcommand.join(' ')}`;
      },
      { description: 'Add', options: { name: option.string('Tag name', { required: true }) } },
    );
    client.interactions((_c, _e, target) => `hello ${target.username}`, { name: 'Greet', guild, target: 'user' });

    const first = await client.slash.sync();
    assert.equal(first.created, 7);
    const second = await client.slash.sync();
    assert.deepEqual([second.created, second.edited, second.deleted, second.unchanged], [0, 0, 0, 7]);

    const run = async (action: Parameters<FakeDiscord['interact']>[2]) => {
      const interaction = shared.fake.interact(bot, channel, action);
      await until(() => shared.fake.interactionResponse(interaction)?.responseType !== undefined, action.kind);
      await until(
        () =>
          shared.fake.interactionResponse(interaction)?.originalMessageId !== undefined ||
          shared.fake.interactionResponse(interaction)?.responseType === InteractionResponseType.Modal,
        'original',
      );
      return shared.fake.interactionResponse(interaction)!;
    };
    const echoed = await run({
      kind: 'command',
      name: 'echo',
      options: [
        { name: 'text', type: 3, value: 'hi' },
        { name: 'count', type: 4, value: 3 },
        { name: 'user', type: 6, value: bot.id },
      ],
    });
    assert.equal(echoed.responseType, InteractionResponseType.ChannelMessageWithSource);
    assert.deepEqual(got, { text: 'hi', count: 3, user: bot.id, name: 'echo' });
    assert.equal(shared.fake.messages(channel).at(-1)?.content, 'hi3');

    const secret = await run({ kind: 'command', name: 'secret' });
    assert.equal(
      ((secret.response as { data: { flags: number } }).data.flags ?? 0) & MessageFlags.Ephemeral,
      MessageFlags.Ephemeral,
    );
    await run({ kind: 'command', name: 'embed' });
    assert.equal(shared.fake.messages(channel).at(-1)?.embeds[0]?.title, 'An embed');
    const failed = await run({ kind: 'command', name: 'fail' });
    assert.match(String((failed.response as { data: { content: string } }).data.content), /Something went wrong/);
    await until(() => errors.length === 1, 'the error event');
    assert.match(String(errors[0]), /boom/);
    await run({
      kind: 'command',
      name: 'tag',
      options: [{ name: 'add', type: 1, options: [{ name: 'name', type: 3, value: 'x' }] }],
    });
    assert.equal(shared.fake.messages(channel).at(-1)?.content, 'added x via add');
    const greeted = shared.fake.interact(bot, channel, {
      kind: 'command',
      name: 'Greet',
      commandType: 2,
      targetId: bot.id,
    });
    await until(
      () => shared.fake.messages(channel).at(-1)?.content === `hello ${bot.user.username}`,
      'the user command',
    );
    assert.ok(shared.fake.interactionResponse(greeted));
    const deferred = shared.fake.interact(bot, channel, { kind: 'command', name: 'defer' });
    await until(() => shared.fake.messages(channel).some((m) => m.content === 'later'), 'the follow-up');
    await until(
      () =>
        shared.fake
          .messages(channel)
          .some((m) => m.id === shared.fake.interactionResponse(deferred)?.originalMessageId && m.content === 'edited'),
      'the edit',
    );

    // One changed description is one edit; a removed command is one delete.
    client.interactions(() => 'x', { name: 'secret', guild, description: 'Ephemeral, now described differently' });
    client.slash.remove('embed');
    const third = await client.slash.sync();
    assert.deepEqual([third.created, third.edited, third.deleted], [0, 1, 1]);
  } finally {
    await client.destroy();
  }
});

test('auto-defer: a slow handler is deferred before 3 s (fake clock) and its result edits the response', async () => {
  const clock = new ManualClock();
  const { bot, guild, channel, client } = await world('Slowpoke', { clock });
  try {
    await client.start();
    let finish!: (value: string) => void;
    client.interactions(() => new Promise<string>((resolve) => (finish = resolve)), {
      name: 'slow',
      guild,
      description: 'Slow',
    });
    await client.slash.sync();
    const interaction = shared.fake.interact(bot, channel, { kind: 'command', name: 'slow' });
    await until(() => finish !== undefined, 'the handler');
    await clock.advance(2400);
    assert.equal(shared.fake.interactionResponse(interaction)?.responseType, undefined, 'not deferred before 2.5 s');
    await clock.advance(200);
    await until(() => shared.fake.interactionResponse(interaction)?.responseType !== undefined, 'the deferral');
    assert.equal(
      shared.fake.interactionResponse(interaction)?.responseType,
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    finish('done at last');
    await until(() => shared.fake.messages(channel).some((m) => m.content === 'done at last'), 'the edited response');
    const original = shared.fake.interactionResponse(interaction)?.originalMessageId;
    assert.equal(shared.fake.messages(channel).find((m) => m.id === original)?.content, 'done at last');
  } finally {
    await client.destroy();
  }
});

test('autocomplete, components with captured parameters, and modals with typed fields', async () => {
  const { bot, guild, channel, client } = await world('Router');
  try {
    await client.start();
    client.interactions(
      function pick(_c, _e, { fruit }) {
        return `picked ${fruit}`;
      },
      {
        guild,
        description: 'Pick',
        options: {
          fruit: option.string('Fruit', {
            required: true,
            autocomplete: (_c, _e, value) => ['apple', 'apricot', 'banana'].filter((f) => f.startsWith(value)),
          }),
        },
      },
    );
    const feedback = client.slash.modal(
      (_c, _e, values, params) =>
        `${params.id}: ${values.name} rated ${values.rating}, agree=${values.agree}, optional=${String(values.note)}`,
      {
        customId: 'feedback:{id}',
        title: 'Feedback',
        fields: {
          name: field.text('Your name'),
          note: field.text('A note', { required: false }),
          rating: field.radio('Rating', ['1', '2', '3']),
          agree: field.checkbox('I agree'),
        },
      },
    );
    client.interactions(() => feedback.open({ id: '42' }), { name: 'form', guild, description: 'Form' });
    const votes: string[] = [];
    client.interactions(
      (_c, event, params) => {
        votes.push(`${params.id}:${event.values.join(',')}`);
        return `voted ${params.id}`;
      },
      { customId: 'vote:{id}' },
    );
    client.slash.component(/^page:(?<n>\d+)$/, (_c, _e, params) => `page ${params.n}`);
    await client.slash.sync();

    const auto = shared.fake.interact(bot, channel, {
      kind: 'autocomplete',
      name: 'pick',
      options: [{ name: 'fruit', type: 3, value: 'ap', focused: true }],
    });
    await until(() => shared.fake.interactionResponse(auto)?.responseType !== undefined, 'the choices');
    assert.deepEqual((shared.fake.interactionResponse(auto)!.response as { data: { choices: unknown } }).data.choices, [
      { name: 'apple', value: 'apple' },
      { name: 'apricot', value: 'apricot' },
    ]);

    await client.messageCreate(channel.id, 'a message with buttons');
    const message = shared.fake.messages(channel).at(-1)!;
    shared.fake.interact(bot, channel, { kind: 'component', customId: 'vote:7', message });
    await until(() => shared.fake.messages(channel).some((m) => m.content === 'voted 7'), 'the button');
    shared.fake.interact(bot, channel, { kind: 'component', customId: 'page:3', message });
    await until(() => shared.fake.messages(channel).some((m) => m.content === 'page 3'), 'the RegExp route');
    assert.deepEqual(votes, ['7:']);

    const form = shared.fake.interact(bot, channel, { kind: 'command', name: 'form' });
    await until(
      () => shared.fake.interactionResponse(form)?.responseType === InteractionResponseType.Modal,
      'the modal',
    );
    assert.equal(
      (shared.fake.interactionResponse(form)!.response as { data: { custom_id: string } }).data.custom_id,
      'feedback:42',
    );
    shared.fake.interact(bot, channel, {
      kind: 'modal',
      customId: 'feedback:42',
      components: [
        { type: 18, component: { type: 4, custom_id: 'name', value: 'Mika' } },
        { type: 18, component: { type: 4, custom_id: 'note', value: '' } },
        { type: 18, component: { type: 21, custom_id: 'rating', value: '3' } },
        { type: 18, component: { type: 23, custom_id: 'agree', value: true } },
      ],
    });
    await until(
      () => shared.fake.messages(channel).some((m) => m.content === '42: Mika rated 3, agree=true, optional=undefined'),
      'the modal handler',
    );
  } finally {
    await client.destroy();
  }
});

test("two clients with 'slash' in one runtime answer their own commands only", async () => {
  const a = await world('SlashA');
  const bBot = shared.fake.addBot({ name: 'SlashB' });
  shared.fake.addMembers(a.guild, [bBot]);
  const b = new Client({
    name: 'SlashB',
    token: bBot.token,
    restUrl: shared.fake.restUrl,
    gatewayUrl: shared.fake.gatewayUrl,
    pool: shared.pool,
    cache: a.client.cache,
    extensions: ['slash'],
    slash: { syncOnReady: false },
  });
  try {
    await Promise.all([a.client.start(), b.start()]);
    const calls: string[] = [];
    a.client.interactions(
      function who() {
        calls.push('A');
        return 'A';
      },
      { guild: a.guild, description: 'Who' },
    );
    b.interactions(
      function who() {
        calls.push('B');
        return 'B';
      },
      { guild: a.guild, description: 'Who' },
    );
    await Promise.all([a.client.slash.sync(), b.slash.sync()]);
    shared.fake.interact(bBot, a.channel, { kind: 'command', name: 'who' });
    await until(() => shared.fake.messages(a.channel).some((m) => m.content === 'B'), "B's answer");
    shared.fake.interact(a.bot, a.channel, { kind: 'command', name: 'who' });
    await until(() => shared.fake.messages(a.channel).some((m) => m.content === 'A'), "A's answer");
    assert.deepEqual(calls, ['B', 'A']);
  } finally {
    await Promise.all([a.client.destroy(), b.destroy()]);
  }
});

test('the fake refuses what Discord would: unregistered, bad options, missing permissions', async () => {
  const { bot, guild, channel } = await world('Refused');
  const user = shared.fake.addUser({ username: 'plain' });
  shared.fake.addMembers(guild, [user]);
  shared.fake.addCommand(
    bot,
    {
      name: 'cmd',
      description: 'd',
      options: [
        { type: 3, name: 'text', description: 't', required: true, choices: [{ name: 'a', value: 'a' }] },
        { type: 4, name: 'n', description: 'n', min_value: 1, max_value: 3 },
      ],
    },
    { guild },
  );
  shared.fake.addCommand(bot, { name: 'admin', description: 'd', default_member_permissions: '8' }, { guild });
  assert.throws(
    () => shared.fake.interact(bot, channel, { kind: 'command', name: 'nope' }),
    /\/nope \(type 1\) is not registered/,
  );
  assert.throws(() => shared.fake.interact(bot, channel, { kind: 'command', name: 'cmd' }), /required option 'text'/);
  assert.throws(
    () =>
      shared.fake.interact(bot, channel, {
        kind: 'command',
        name: 'cmd',
        options: [{ name: 'text', type: 4, value: 1 }],
      }),
    /type 3, given type 4/,
  );
  assert.throws(
    () =>
      shared.fake.interact(bot, channel, {
        kind: 'command',
        name: 'cmd',
        options: [{ name: 'text', type: 3, value: 'b' }],
      }),
    /one of its choices/,
  );
  assert.throws(
    () =>
      shared.fake.interact(bot, channel, {
        kind: 'command',
        name: 'cmd',
        options: [
          { name: 'text', type: 3, value: 'a' },
          { name: 'n', type: 4, value: 9 },
        ],
      }),
    /above 3/,
  );
  assert.throws(
    () =>
      shared.fake.interact(bot, channel, {
        kind: 'command',
        name: 'cmd',
        options: [{ name: 'zzz', type: 3, value: 'a' }],
      }),
    /no option 'zzz'/,
  );
  assert.throws(
    () =>
      shared.fake.interact(bot, channel, {
        kind: 'autocomplete',
        name: 'cmd',
        options: [{ name: 'text', type: 3, value: 'a', focused: true }],
      }),
    /has no autocomplete/,
  );
  assert.throws(
    () => shared.fake.interact(bot, channel, { kind: 'command', name: 'admin' }, { user }),
    /default_member_permissions/,
  );
  assert.ok(
    shared.fake.interact(bot, channel, {
      kind: 'command',
      name: 'cmd',
      options: [{ name: 'text', type: 3, value: 'a' }],
    }),
  );
});

test('selects give their values, update edits the message, deleteResponse removes the answer; a guild the client is not in is warned about', async () => {
  const { bot, guild, channel, client } = await world('Updater');
  const other = shared.fake.addGuild({ name: 'elsewhere', members: [] });
  const warnings: string[] = [];
  const warn = client.logger.warn.bind(client.logger);
  client.logger.warn = ((...args: unknown[]) => {
    warnings.push(String(args.at(-1)));
    return (warn as (...a: unknown[]) => void)(...args);
  }) as typeof client.logger.warn;
  try {
    await client.start();
    client.slash.component('choose', async (_c, event) => {
      await event.update({ content: `chose ${event.values.join('+')}` });
    });
    client.interactions(
      async function gone(_c, event) {
        await event.respond('soon gone');
        await event.deleteResponse();
      },
      { guild, description: 'Deletes its answer' },
    );
    client.interactions(
      function far() {
        return 'x';
      },
      { guild: other, description: 'In a guild the bot is not in' },
    );
    const report = await client.slash.sync();
    assert.deepEqual(report.missingGuilds, [other.id]);
    assert.ok(
      warnings.some((line) => line.includes(other.id)),
      warnings.join('\n'),
    );

    const host = await client.messageCreate(channel.id, 'pick one');
    const raw = shared.fake.messages(channel).find((m) => m.id === host.id)!;
    shared.fake.interact(bot, channel, {
      kind: 'component',
      customId: 'choose',
      componentType: 3,
      values: ['a', 'b'],
      message: raw,
    });
    await until(
      () => shared.fake.messages(channel).find((m) => m.id === host.id)?.content === 'chose a+b',
      'the update',
    );

    const gone = shared.fake.interact(bot, channel, { kind: 'command', name: 'gone' });
    await until(() => shared.fake.interactionResponse(gone)?.originalMessageId !== undefined, 'the answer');
    const original = shared.fake.interactionResponse(gone)!.originalMessageId!;
    await until(() => !shared.fake.messages(channel).some((m) => m.id === original), 'the deletion');
  } finally {
    await client.destroy();
  }
});

test("hata's yield: an async generator answers in turns (a bare yield defers, later values edit or follow up)", async () => {
  const { bot, guild, channel, client } = await world('Yielder');
  try {
    await client.start();
    client.interactions(
      async function* think() {
        yield; // acknowledge: a deferral
        yield 'thought about it'; // edits the deferred response
        yield 'and one more thing'; // a follow-up
      },
      { guild, description: 'Thinks' },
    );
    await client.slash.sync();
    const interaction = shared.fake.interact(bot, channel, { kind: 'command', name: 'think' });
    await until(() => shared.fake.messages(channel).some((m) => m.content === 'and one more thing'), 'the follow-up');
    const state = shared.fake.interactionResponse(interaction)!;
    assert.equal(state.responseType, InteractionResponseType.DeferredChannelMessageWithSource);
    assert.equal(
      shared.fake.messages(channel).find((m) => m.id === state.originalMessageId)?.content,
      'thought about it',
    );
  } finally {
    await client.destroy();
  }
});
