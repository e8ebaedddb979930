/**
 * Loaded on the event thread by `kokoro run --fake`: starts the embedded fake Discord, points
 * every client created afterwards at it, and exposes it to the console as `fake` (and `sandbox`,
 * the guild of the bot accounts it makes on demand).
 */

import { useFakeDiscord } from '../fake.js';
import { fakeSandbox } from '../fake-accounts.js';

(globalThis as Record<string, unknown>).fake = await useFakeDiscord();
Object.defineProperty(globalThis, 'sandbox', { get: fakeSandbox, configurable: true, enumerable: false });
