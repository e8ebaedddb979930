import type { AccountMaker } from './client-token.js';

/** Where clients connect when their options do not say. */
export interface Endpoints {
  /** REST base URL including the API version, e.g. `https://discord.com/api/v10`. */
  restUrl: string;
  /** Gateway URL; when undefined, the one `GET /gateway/bot` returns is used. */
  gatewayUrl: string | undefined;
  /**
   * Set by the embedded fake Discord: makes a bot account for a client on these endpoints whose
   * token it does not know (see client-token.ts). Undefined against Discord.
   */
  accounts?: AccountMaker | undefined;
}

const defaults: Endpoints = { restUrl: 'https://discord.com/api/v10', gatewayUrl: undefined };

/**
 * Change the endpoints of clients created from now on, e.g. to point every bot of this runtime at
 * the embedded fake Discord (`kokoro run --fake` and `useFakeDiscord()` do this).
 */
export function setDefaultEndpoints(endpoints: Partial<Endpoints>): void {
  Object.assign(defaults, endpoints);
}

/** The current default endpoints. */
export function defaultEndpoints(): Readonly<Endpoints> {
  return { ...defaults };
}
