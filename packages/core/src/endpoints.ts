/** What a client asks the fake's account maker for. */
export interface AccountRequest {
  /** The client's name (the bot's name on the fake). */
  name: string;
  /** The token the client was given, if any. */
  token: string | undefined;
  /** The intents it will identify with. */
  intents: number;
}

/** Makes bot accounts on a fake Discord: returns the token the client is to use. */
export type AccountMaker = (request: AccountRequest) => string;

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
