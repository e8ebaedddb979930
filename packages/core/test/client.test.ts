import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { Cache } from '@kokoro/cache';
import { ValidationError } from '@kokoro/common';
import { Client, runtime } from '../src/index.js';

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

test('the token defaults to DISCORD_TOKEN; neither is a clear error at construction', () => {
  const saved = process.env.DISCORD_TOKEN;
  try {
    delete process.env.DISCORD_TOKEN;
    assert.throws(() => new Client({ name: 'Empty', token: '' }), /client "Empty": token must be a non-empty string/);
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
