import { KokoroError } from '@kokoro/common';

/**
 * A misuse of the fake Discord's set-up or control API (an unknown id, a duplicate token...). The
 * message names the call and what to create first. REST callers never see it: they get Discord's
 * JSON errors instead.
 */
export class FakeDiscordError extends KokoroError {
  constructor(message: string) {
    super('KOKORO_FAKE_DISCORD', message);
  }
}
