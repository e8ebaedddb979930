import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { Cache } from '@kokoro/cache';
import { createLogger, ValidationError } from '@kokoro/common';
import { Client, ClientTokenError, runtime } from '../src/index.js';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GxYzAb.client-test-token-value';

function client(name: string) {
  return new Client({ name, token: TOKEN, restUrl: 'http://127.0.0.1:9/api/v10', cache: new Cache() });
}

test('bad message input is refused before any request is sent', async () => {
  let requests = 0;
  const count = () => {
    requests += 1;
  };
  diagnostics.subscribe('undici:request:create', count);
  try {
    const bot = client('Validator');
    await assert.rejects(bot.messageCreate('123', 'x'.repeat(2001)), (error: Error) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /content: must be at most 2000 characters/);
      return true;
    });
    await assert.rejects(bot.messageCreate('123', { content: '' }), /a message needs content/);
    await assert.rejects(bot.messageCreate('not-an-id', 'hi'), /channel: expected a channel entity or a snowflake id/);
    await assert.rejects(bot.messageEdit({ id: '1', channel: { id: '2' } }, 'x'.repeat(2001)), ValidationError);
    await assert.rejects(
      bot.messageCreate('123', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }),
      /embeds/,
      'embeds are validated too',
    );
    await assert.rejects(
      bot.messageCreate('123', {
        content: 'x',
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: 'y'.repeat(101) }] }],
      }),
      /custom_id/,
    );
    assert.equal(requests, 0);
  } finally {
    diagnostics.unsubscribe('undici:request:create', count);
  }
});

test('a client registers itself in the runtime, and inspecting it shows no token', () => {
  const bot = client('Shown');
  assert.ok(runtime.clients.has(bot));
  const shown = inspect(bot);
  assert.match(shown, /Shown/);
  assert.ok(!shown.includes(TOKEN) && !shown.includes('client-test-token-value'), shown);
  assert.ok(!JSON.stringify(Object.keys(bot)).includes('token'));
  const rest = inspect(bot.rest);
  assert.match(rest, /^Rest\(Bot application \d+, http:\/\/127\.0\.0\.1:9\/api\/v10\)$/);
});

test('with no token key the token defaults to DISCORD_TOKEN; neither is a clear error at construction', () => {
  const saved = process.env.DISCORD_TOKEN;
  try {
    delete process.env.DISCORD_TOKEN;
    assert.throws(() => new Client({ name: 'Empty', token: '' }), /client "Empty": the token option is empty/);
    assert.throws(
      () => new Client({ name: 'NoToken', restUrl: 'http://127.0.0.1:9/api/v10' }),
      /client "NoToken": no token: give the token option, or set DISCORD_TOKEN/,
    );
    process.env.DISCORD_TOKEN = TOKEN;
    const fromEnv = new Client({ name: 'FromEnv', restUrl: 'http://127.0.0.1:9/api/v10', cache: new Cache() });
    assert.match(
      inspect(fromEnv.rest),
      /^Rest\(Bot application \d+,/,
      'the REST handle uses the token from the environment',
    );
    assert.ok(!inspect(fromEnv).includes('client-test-token-value'));
    void fromEnv.destroy();
  } finally {
    if (saved === undefined) delete process.env.DISCORD_TOKEN;
    else process.env.DISCORD_TOKEN = saved;
  }
});

test('a token key present but undefined or empty is an error, never a fallback to DISCORD_TOKEN', () => {
  const saved = process.env.DISCORD_TOKEN;
  try {
    process.env.DISCORD_TOKEN = TOKEN;
    const restUrl = 'http://127.0.0.1:9/api/v10';
    for (const token of [undefined, '', '   ']) {
      assert.throws(
        () => new Client({ name: 'Second', token, restUrl, cache: new Cache() }),
        (error: Error) => {
          assert.ok(error instanceof ClientTokenError, `token ${JSON.stringify(token)} gives a ClientTokenError`);
          assert.equal(error.client, 'Second');
          assert.match(error.message, /client "Second": the token option is (undefined|empty)/);
          assert.match(error.message, /set that variable/);
          assert.ok(!error.message.includes(TOKEN), 'the message never carries a token');
          return true;
        },
      );
    }
    assert.throws(() => new Client({ name: 'Num', token: 42 as unknown as string, restUrl }), ClientTokenError);
    // No token key at all: DISCORD_TOKEN is still the default.
    const fromEnv = new Client({ name: 'KeyAbsent', restUrl, cache: new Cache() });
    void fromEnv.destroy();
  } finally {
    if (saved === undefined) delete process.env.DISCORD_TOKEN;
    else process.env.DISCORD_TOKEN = saved;
  }
});

test('two clients on one token get a warning naming both clients, not the token', async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'warn', destination, format: 'json' });
  const restUrl = 'http://127.0.0.1:9/api/v10';
  const token = 'MTA5ODc2NTQzMjEwOTg3NjU1.GxYzAb.twin-token-value';
  const first = new Client({ name: 'TwinA', token, restUrl, cache: new Cache(), logger });
  const other = new Client({ name: 'Other', token: `${token}-other`, restUrl, cache: new Cache(), logger });
  assert.equal(lines.length, 0, 'distinct tokens: no warning');
  const second = new Client({ name: 'TwinB', token: `Bot ${token}`, restUrl, cache: new Cache(), logger });
  try {
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /client \\?"TwinB\\?" uses the same token as client \\?"TwinA\\?"/);
    assert.ok(!lines[0]!.includes('twin-token-value'), 'the warning never carries the token');
  } finally {
    await Promise.all([first.destroy(), other.destroy(), second.destroy()]);
  }
  const third = new Client({ name: 'TwinC', token, restUrl, cache: new Cache(), logger });
  await third.destroy();
  assert.equal(lines.length, 1, 'destroyed clients are forgotten: no warning against them');
});

test('every generated REST operation is a method of the client', async () => {
  const { restMethodNames } = await import('@kokoro/rest');
  const bot = client('Methods') as unknown as Record<string, unknown>;
  const missing = restMethodNames.filter((name: string) => typeof bot[name] !== 'function');
  assert.deepEqual(missing, []);
  assert.ok(restMethodNames.length >= 242);
});

test("the client's id before READY is a clear error, never a placeholder sent over the wire", async () => {
  const { ClientNotReadyError } = await import('../src/index.js');
  let requests = 0;
  const count = () => {
    requests += 1;
  };
  diagnostics.subscribe('undici:request:create', count);
  try {
    const bot = client('Early');
    assert.throws(
      () => bot.id,
      (error: unknown) => {
        assert.ok(error instanceof ClientNotReadyError);
        assert.match(String(error), /client "Early": id is known once Discord sent READY/);
        return true;
      },
    );
    await assert.rejects(async () => bot.guildMemberGet('1', bot.id), ClientNotReadyError);
    assert.equal(requests, 0);
    assert.doesNotMatch(inspect(bot), /pending/);
  } finally {
    diagnostics.unsubscribe('undici:request:create', count);
  }
});
