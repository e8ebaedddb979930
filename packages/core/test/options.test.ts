// Options from plain JavaScript are checked at construction, with the option's name and what it accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '@kokoro/cache';
import { ValidationError } from '@kokoro/common';
import { Client } from '../src/index.js';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GxYzAb.options-test-token-value';

function make(extra: Record<string, unknown>) {
  // As plain JavaScript would pass them: no compiler in the way.
  const options = {
    name: 'Checked',
    token: TOKEN,
    restUrl: 'http://127.0.0.1:9/api/v10',
    cache: new Cache(),
    ...extra,
  };
  return new Client(options as unknown as ConstructorParameters<typeof Client>[0]);
}

const cases: [Record<string, unknown>, string, RegExp][] = [
  [{ compression: 'zlib' }, 'compression', /'zlib-stream', 'zstd-stream' or null .*got 'zlib'/],
  [{ encoding: 'xml' }, 'encoding', /'json' or 'etf', got 'xml'/],
  [{ intents: 'Guilds' }, 'intents', /bitfield of GatewayIntentBits .*got 'Guilds'/],
  [{ intents: -1 }, 'intents', /non-negative integer/],
  [{ intents: 1.5 }, 'intents', /non-negative integer/],
  [{ intents: 2 ** 30 }, 'intents', /bits Discord does not define/],
  [{ shardCount: 0 }, 'shardCount', /positive integer or 'auto'/],
  [{ shardCount: 'many' }, 'shardCount', /positive integer or 'auto'/],
  [{ shardCount: 2, shardIds: [0, 2] }, 'shardIds[1]', /from 0 to 1 \(shardCount 2\), got 2/],
  [{ shardIds: [-1] }, 'shardIds[0]', /non-negative integer/],
  [{ shardIds: [0, 0] }, 'shardIds[1]', /listed twice/],
  [{ shardIds: 3 }, 'shardIds', /non-empty array/],
  [{ gatewayUrl: 'http://example.com' }, 'gatewayUrl', /ws: or wss: URL/],
  [{ restUrl: 'not a url' }, 'restUrl', /http: or https: URL/],
  [{ waitGuildsTimeout: -5 }, 'waitGuildsTimeout', /0 or more/],
  [{ gateway: { startAttempts: 0 } }, 'gateway.startAttempts', /positive integer/],
  [{ gateway: { startTimeout: 'soon' } }, 'gateway.startTimeout', /above 0/],
];

for (const [options, path, message] of cases) {
  test(`${JSON.stringify(options)} is refused at construction (${path})`, () => {
    assert.throws(
      () => make(options),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError, String(error));
        assert.equal(error.path, path);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}

test('good options pass', () => {
  const client = make({
    compression: null,
    encoding: 'etf',
    intents: 0,
    shardCount: 2,
    shardIds: [1],
    waitGuildsTimeout: 0,
  });
  assert.equal(client.intents, 0);
  void client.destroy();
});
