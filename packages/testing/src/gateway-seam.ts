import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewaySessionStartLimit } from 'discord-api-types/v10';

/**
 * What `FakeDiscord` needs from the fake gateway (src/gateway/server.ts, `FakeGateway`): the HTTP
 * server forwards websocket upgrades to it, and `GET /gateway/bot` asks it for shard counts and the
 * session start limit.
 */
export interface GatewayServerLike {
  /** Take over an HTTP upgrade request to `/` (the gateway websocket). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** What `GET /gateway/bot` reports as the bot's `session_start_limit`. */
  sessionStartLimit(botId: string): APIGatewaySessionStartLimit;
  /** What `GET /gateway/bot` reports as the recommended shard count. */
  recommendedShards(botId: string): number;
  /** Close every session and stop accepting connections. */
  close(): Promise<void>;
}
