/**
 * Loaded on the event thread by `kokoro run --fake`: starts the embedded fake Discord, points
 * every client created afterwards at it, and exposes it to the console as `fake`.
 */
import { useFakeDiscord } from '../fake.js';

(globalThis as Record<string, unknown>).fake = await useFakeDiscord();
