/**
 * Kokoro: several Discord bots on one event thread with a shared cache, and a console into them.
 * This umbrella package re-exports the core and turns on the built-in extensions.
 *
 * @document ../README.md
 *
 * @module kokoro
 */
import '@kokoro/commands';
import '@kokoro/slash';
import './voice.js';

export * from '@kokoro/builders';
export * from '@kokoro/commands';
export * from '@kokoro/core';
export * from '@kokoro/slash';
// The fake Discord's types only: a value import would load it (see fake.ts).
export type {
  CreateBotOptions,
  FakeBot,
  FakeDiscord,
  FakeDiscordOptions,
  FakeGatewayOptions,
  WorldDispatch,
} from '@kokoro/testing';
// WAV and tone helpers: @kokoro/voice's `wav` subpath, which loads no native module (the rest of
// voice loads on the first voiceJoin).
export { encodeWav, sineWave, wavHeader } from '@kokoro/voice/wav';
export { releaseFakeDiscord, useFakeDiscord } from './fake.js';
export { type FakeSandbox, fakeSandbox } from './fake-accounts.js';
// Shadows core's startRuntime: this one also loads TypeScript bot modules and can start the fake.
export { type KokoroRuntimeOptions, startRuntime } from './start.js';
export { type FakeTest, type FakeTestOptions, fakeDiscordForTest } from './test-helpers.js';
export { loadVoice } from './voice.js';
