/**
 * Hand-written (the generator never rewrites this file): the generated methods over any `RestLike`,
 * for programs that want typed calls without a Kokoro `Client`.
 */
import { RestMethods } from './methods.js';
import type { RestLike } from './rest-like.js';

/**
 * Every generated method, sending through `rest`:
 * `await new TypedRest(new Rest({ token })).messageCreate(channelId, { content: 'hi' })`.
 */
export class TypedRest extends RestMethods {
  /** Where the requests go. */
  readonly rest: RestLike;

  constructor(rest: RestLike) {
    super();
    this.rest = rest;
  }
}
