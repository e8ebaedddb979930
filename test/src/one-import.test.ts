// One import for users: `kokoro` gives bot code Discord's enums, ALL_INTENTS, the gateway's Shard
// and states, every error class and the fake's types, without discord-api-types in its own
// dependencies; string literals such as status: 'dnd' type-check. And importing it does not load
// the fake Discord.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as kokoro from 'kokoro';
import {
  ActivityType,
  ALL_INTENTS,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  type Client,
  ComponentType,
  type FakeBot,
  type FakeDiscord,
  type FakeDiscordOptions,
  GatewayIntentBits,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  PresenceUpdateStatus,
  Shard,
  ShardState,
  TextInputStyle,
} from 'kokoro';
import { ROOT } from './helpers.js';

// Compile-time: these lines are the test (the build fails if they do not type-check).
export function typeChecks(bot: Client, fake: FakeDiscord, options: FakeDiscordOptions, account: FakeBot): void {
  void bot.updatePresence({ status: 'dnd' });
  void bot.updatePresence({
    status: PresenceUpdateStatus.Idle,
    activities: [{ name: 'x', type: ActivityType.Playing }],
  });
  void fake;
  void options;
  void account.token;
}

test('the enums, ALL_INTENTS, Shard, ShardState and every error class come from kokoro', () => {
  for (const value of [
    ActivityType,
    ApplicationCommandOptionType,
    ApplicationCommandType,
    ButtonStyle,
    ChannelType,
    ComponentType,
    GatewayIntentBits,
    InteractionResponseType,
    InteractionType,
    MessageFlags,
    PermissionFlagsBits,
    PresenceUpdateStatus,
    TextInputStyle,
    ShardState,
  ]) {
    assert.equal(typeof value, 'object');
  }
  assert.equal(typeof Shard, 'function');
  const bits = Object.values(GatewayIntentBits).filter((v): v is number => typeof v === 'number');
  assert.equal(
    ALL_INTENTS,
    bits.reduce((a, b) => a | b, 0),
  );
  assert.ok((ALL_INTENTS & GatewayIntentBits.MessageContent) !== 0);
  const errors = [
    'KokoroError',
    'ValidationError',
    'DiscordAPIError',
    'RateLimitError',
    'InvalidRequestLimitError',
    'NetworkError',
    'RequestDeadlineError',
    'RestClosedError',
    'OAuth2Error',
    'GatewayFatalError',
    'GatewayConnectError',
    'GatewayDecodeError',
    'GatewayPayloadTooLargeError',
    'GatewayCompressionUnavailableError',
    'SessionStartLimitError',
    'ShardClosedError',
    'MissingIntentError',
    'GuildMembersRateLimitError',
    'GuildMembersTimeoutError',
    'EtfError',
    'CachePayloadError',
    'ClientNotReadyError',
    'ClientNotConnectedError',
    'ExtensionError',
    'ModuleLoadError',
    'ModuleReloadError',
  ];
  const exported = kokoro as unknown as Record<string, unknown>;
  const missing = errors.filter((name) => typeof exported[name] !== 'function');
  assert.deepEqual(missing, []);
  assert.equal(exported.FakeDiscord, undefined, 'the fake is exported as a type only');
});

test('importing kokoro does not load the fake Discord; kokoro/testing does', () => {
  // A resolve hook (on the loader thread) appends every module URL the importer resolves to a file.
  const hook = join(ROOT, 'test', 'dist', `resolve-hook-${process.pid}.mjs`);
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, result.url + '\\n');
  return result;
}
`,
  );
  const probe = (specifier: string) => {
    const file = join(ROOT, 'test', 'dist', `resolved-${process.pid}-${specifier.replace('/', '-')}.txt`);
    writeFileSync(file, '');
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { register } from 'node:module';
register(${JSON.stringify(`file://${hook}`)}, import.meta.url, { data: { file: ${JSON.stringify(file)} } });
await import(${JSON.stringify(specifier)});`,
      ],
      { cwd: join(ROOT, 'test'), encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(child.status, 0, child.stderr);
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  };
  const urls = probe('kokoro');
  assert.ok(
    urls.some((url) => url.includes('/packages/core/')),
    'the hook saw the import',
  );
  assert.deepEqual(
    urls.filter((url) => url.includes('/packages/testing/')),
    [],
  );
  assert.ok(
    probe('kokoro/testing').some((url) => url.includes('/packages/testing/')),
    'kokoro/testing loads the fake',
  );
});
