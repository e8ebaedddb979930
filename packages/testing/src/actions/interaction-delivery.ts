/**
 * HTTP interactions as Discord sends them. An application may take interactions on an HTTP endpoint
 * instead of the gateway: Discord POSTs each interaction, signed with Ed25519 over
 * `timestamp + body` (`X-Signature-Ed25519`, `X-Signature-Timestamp`), and the HTTP answer is the
 * initial response. Setting the endpoint is checked first, as the developer portal does: a signed
 * PING must be answered `{ type: 1 }`, and a request with a wrong signature must be refused with 401.
 *
 * The fake signs with its own key pair (`fake.publicKey` is the hex public key a bot verifies with)
 * and hands the HTTP answer to its own callback route in-process, as soon as it is read, so the
 * answer is checked and recorded exactly like one sent over REST (and before the bot's follow-ups).
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { request } from 'node:http';
import type { APIInteraction } from 'discord-api-types/v10';
import type { RestRequest, Router } from '../rest/router.js';
import { FakeDiscordError } from '../world/errors.js';
import type { World } from '../world/world.js';

/** What one delivery got back. */
export interface DeliveryResult {
  status: number;
  body: unknown;
}

/** The fake's signing key and the bots' interaction endpoints. */
export class InteractionDelivery {
  /** The Ed25519 public key (64 hex digits) bots verify the fake's requests with. */
  readonly publicKey: string;
  /** Endpoint URL per bot id. */
  readonly endpoints = new Map<string, string>();
  /** Every delivery's outcome, by interaction id. */
  readonly results = new Map<string, DeliveryResult | Error>();
  readonly #privateKey: KeyObject;
  readonly #world: World;
  readonly #router: Router;

  constructor(world: World, router: Router) {
    this.#world = world;
    this.#router = router;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.#privateKey = privateKey;
    this.publicKey = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  }

  /** Check `url` as the portal does (signed PING → PONG, bad signature → 401), then deliver there. */
  async setEndpoint(botId: string, url: string): Promise<void> {
    const ping = await this.post(url, { type: 1, id: this.#world.nextId(), application_id: botId, version: 1 });
    if (ping.status !== 200 || (ping.body as { type?: number })?.type !== 1) {
      throw new FakeDiscordError(
        `setInteractionsEndpoint: ${url} answered a PING with ${ping.status} ${JSON.stringify(ping.body)}, not { type: 1 }`,
      );
    }
    const forged = await this.post(
      url,
      { type: 1, id: this.#world.nextId(), application_id: botId, version: 1 },
      { forge: true },
    );
    if (forged.status !== 401) {
      throw new FakeDiscordError(
        `setInteractionsEndpoint: ${url} accepted a request with a bad signature (${forged.status}); it must answer 401`,
      );
    }
    this.endpoints.set(botId, url);
  }

  /** Deliver an interaction to its bot's endpoint; the answer goes through the callback route. */
  async deliver(botId: string, interaction: APIInteraction): Promise<void> {
    const url = this.endpoints.get(botId);
    if (!url) return;
    try {
      const result = await this.post(url, interaction);
      this.results.set(interaction.id, result);
      if (result.status === 200 && typeof result.body === 'object' && result.body !== null) {
        await this.#callback(interaction, result.body);
      }
    } catch (error) {
      this.results.set(interaction.id, error as Error);
    }
  }

  /** Record the HTTP answer through the callback route, as if it had been POSTed there. */
  async #callback(interaction: APIInteraction, body: unknown): Promise<void> {
    const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
    const found = this.#router.match('POST', path);
    if (!found.route) throw new FakeDiscordError('the interaction callback route is missing');
    const request: RestRequest = {
      method: 'POST',
      route: found.route.key,
      params: found.params,
      query: new URLSearchParams(),
      body,
      files: new Map(),
      headers: {},
      bot: undefined,
      bearer: undefined,
      reason: undefined,
    };
    await found.route.handler(request);
  }

  /** POST JSON, signed with the fake's key (or with a wrong signature when `forge`). */
  post(url: string, payload: unknown, options: { forge?: boolean } = {}): Promise<DeliveryResult> {
    const body = Buffer.from(JSON.stringify(payload));
    const timestamp = String(Math.floor(this.#world.clock.now() / 1000));
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), this.#privateKey);
    if (options.forge) signature[0]! ^= 0xff;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-signature-ed25519': signature.toString('hex'),
      'x-signature-timestamp': timestamp,
    };
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
