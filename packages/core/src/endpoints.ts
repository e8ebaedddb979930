/** Where clients connect when their options do not say. */
export interface Endpoints {
  /** REST base URL including the API version, e.g. `https://discord.com/api/v10`. */
  restUrl: string;
  /** Gateway URL; when undefined, the one `GET /gateway/bot` returns is used. */
  gatewayUrl: string | undefined;
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
