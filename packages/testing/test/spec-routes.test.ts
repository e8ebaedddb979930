// Issue 15, point 3: every operation of Discord's OpenAPI spec has a route in the fake. The test
// walks the spec: each operation, called with ids the world does not have, answers Discord's 404
// with the JSON code of the first unknown object (never a bare `404: Not Found`); called on a world
// that has every object, it answers something other than a 404 — a success, a Discord error, or a
// 501 naming the route for what the world cannot model yet.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RESTJSONErrorCodes as Codes } from 'discord-api-types/v10';
import { FakeDiscord, NOT_MODELLED_STATUS, notModelledRoutes } from '../src/index.js';
import { specOperations } from '../src/rest/spec-operations.js';

// dist/test/ -> the repository root is four levels up; the spec lives beside the repository.
const specPath = fileURLToPath(new URL('../../../../../shared/discord-api-spec/openapi.json', import.meta.url));

/** The spec's operations: from the spec itself when it is here, else the package's generated copy. */
function operations(): { method: string; path: string; auth: string }[] {
  return specOperations.map(([method, path, , auth]) => ({ method, path, auth }));
}

/** The JSON code Discord gives for an unknown object named by each path parameter. */
const UNKNOWN_CODE: Record<string, number> = {
  guild_id: Codes.UnknownGuild,
  channel_id: Codes.UnknownChannel,
  message_id: Codes.UnknownMessage,
  user_id: Codes.UnknownUser,
  user_id_1: Codes.UnknownUser,
  webhook_id: Codes.UnknownWebhook,
  interaction_id: Codes.UnknownInteraction,
  lobby_id: Codes.UnknownLobby,
  sku_id: Codes.UnknownSKU,
  pack_id: Codes.UnknownStickerPack,
  sticker_id: Codes.UnknownSticker,
  entitlement_id: Codes.UnknownEntitlement,
};

/** Path parameters the test fills with unknown values; the first of these in a path decides the 404 code. */
function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? '1'));
}

const UNKNOWN_ID = '100000000000000001';

let fake: FakeDiscord;
let token: string;

before(async () => {
  fake = await FakeDiscord.start();
  token = fake.addBot({ name: 'Walker' }).token;
});
after(() => fake.close());

async function call(method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.restUrl}${path}`, {
    method,
    headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('the spec-walking route test', () => {
  it('the package knows the 242 operations of the spec, and the same as the spec', () => {
    assert.equal(specOperations.length, 242);
    if (!existsSync(specPath)) return;
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const fromSpec = Object.entries(spec.paths).flatMap(([path, item]) =>
      ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
    );
    assert.deepEqual(
      operations().map((o) => `${o.method} ${o.path}`),
      fromSpec,
      'regenerate with node packages/testing/scripts/spec-operations.mjs',
    );
  });

  it('every operation matches a route of the fake', () => {
    const missing = operations().filter((op) => !fake.router.match(op.method, fill(op.path, {})).route);
    assert.deepEqual(missing, []);
  });

  it('with unknown ids, every operation answers a Discord error: the 404 of the first unknown object, never a bare 404', async () => {
    const wrong: string[] = [];
    for (const op of operations()) {
      const { status, body } = await call(op.method, fill(op.path, {}).replace(/\/1(?=\/|$)/g, `/${UNKNOWN_ID}`));
      const where = `${op.method} ${op.path} -> ${status} ${JSON.stringify(body)}`;
      if (status === 404 && body.code === 0) wrong.push(`bare 404: ${where}`);
      else if (status === 405 || (status >= 500 && status !== NOT_MODELLED_STATUS)) wrong.push(where);
      else if (
        status === NOT_MODELLED_STATUS &&
        !String(body.message).includes(`does not model ${op.method} ${op.path} `)
      ) {
        wrong.push(`501 not naming the route: ${where}`);
      } else if (op.auth === 'bearer') {
        if (status !== 401) wrong.push(`bearer-only operation without a bearer token: ${where}`);
      } else {
        const first = op.path.match(/\{(\w+)\}/)?.[1];
        if (first === 'application_id') {
          // Another application's id: Discord answers 403 (20012 not authorized, 50001 Missing Access) or 404 10002.
          const ok =
            (status === 403 && (body.code === 20012 || body.code === 50001)) ||
            (status === 404 && body.code === Codes.UnknownApplication) ||
            (status === 401 && body.code === 50025);
          if (!ok) wrong.push(`expected 403 or 404 10002: ${where}`);
        } else {
          const expected = first ? UNKNOWN_CODE[first] : undefined;
          if (expected !== undefined && (status !== 404 || body.code !== expected)) {
            wrong.push(`expected 404 ${expected}: ${where}`);
          }
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('on a world with every object, no operation answers 404 Not Found; what is not modelled answers 501 naming the route', async () => {
    const bot = fake.addBot({ name: 'Owner' });
    token = bot.token;
    const user = fake.addUser({ username: 'alice' });
    const guild = fake.addGuild({ name: 'Everything', members: [bot, user] });
    const channel = fake.addChannel(guild, { name: 'general' });
    const message = await fake.user('alice').says(channel, 'hello');
    const values: Record<string, string> = {
      guild_id: guild.id,
      channel_id: channel.id,
      message_id: message.id,
      user_id: user.id,
      user_id_1: user.id,
      user_id_2: bot.id,
      application_id: bot.applicationId,
      role_id: guild.id,
      emoji_name: '👍',
    };
    const silent: string[] = [];
    const notModelled: string[] = [];
    for (const op of operations()) {
      const { status, body } = await call(op.method, fill(op.path, values));
      // The fake's auto-moderation routes answer an unknown rule with Discord's bare 404 (no JSON code exists for it).
      const bareAllowed = op.path.endsWith('/auto-moderation/rules/{rule_id}');
      if (status === 404 && body.code === 0 && !bareAllowed) silent.push(`${op.method} ${op.path}`);
      if (status === 405 || (status >= 500 && status !== NOT_MODELLED_STATUS)) {
        silent.push(`${op.method} ${op.path} -> ${status}`);
      }
      if (status === NOT_MODELLED_STATUS) {
        notModelled.push(`${op.method} ${op.path}`);
        assert.equal(body.code, 0);
        assert.match(
          String(body.message),
          new RegExp(`does not model ${op.method} ${op.path.replace(/[{}]/g, '\\$&')} `),
        );
      }
    }
    assert.deepEqual(silent, []);
    // Every 501 seen is a route the layer says it added; the list is what the README documents.
    for (const route of notModelled) assert.ok(notModelledRoutes(fake.router).includes(route), route);
    assert.ok(notModelled.length < operations().length / 2, `${notModelled.length} operations are not modelled`);
  });
});
