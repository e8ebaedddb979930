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
  encodeWav,
  type FakeBot,
  type FakeDiscord,
  type FakeDiscordOptions,
  GatewayDispatchEvents,
  type GatewayDispatchPayload,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
  type GatewayReceivePayload,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  PresenceUpdateStatus,
  Shard,
  ShardState,
  sineWave,
  TextInputStyle,
  wavHeader,
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

// Compile-time: a raw payload narrows to a dispatch and its data with kokoro's types alone.
export function rawContent(payload: GatewayReceivePayload): string | undefined {
  const dispatch: GatewayDispatchPayload | undefined = 't' in payload && payload.t ? payload : undefined;
  if (dispatch?.t !== GatewayDispatchEvents.MessageCreate) return undefined;
  const data: GatewayMessageCreateDispatchData = dispatch.d;
  return data.content;
}

test('the tone and WAV helpers come from kokoro', () => {
  const pcm = sineWave(440, 0.01);
  assert.equal(pcm.length, 480 * 4, '10 ms of s16le stereo at 48 kHz');
  assert.ok(pcm.readInt16LE(4 * 10) > 0, 'a rising sine');
  const wav = encodeWav(pcm);
  assert.equal(wav.subarray(0, 4).toString('ascii'), 'RIFF');
  assert.equal(wav.length, 44 + pcm.length);
  assert.deepEqual(wav.subarray(0, 44), wavHeader(pcm.length));
  assert.equal(
    rawContent({ op: 0, s: 1, t: GatewayDispatchEvents.MessageCreate, d: { content: 'hi' } } as GatewayReceivePayload),
    'hi',
  );
});

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
  // The WAV helpers come from @kokoro/voice's wav subpath: voice itself (native modules) loads on first use.
  assert.deepEqual(
    urls.filter((url) => url.includes('/packages/voice/') && !/\/play\/wav\.js$|\/errors\.js$/.test(url)),
    [],
  );
  assert.ok(
    !urls.some((url) => /node_modules\/(@discordjs\/opus|sodium-native|@snazzah\/davey)\//.test(url)),
    'no voice native module',
  );
  assert.ok(
    probe('kokoro/testing').some((url) => url.includes('/packages/testing/')),
    'kokoro/testing loads the fake',
  );
});
