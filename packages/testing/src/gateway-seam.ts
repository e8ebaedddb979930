import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewaySessionStartLimit } from 'discord-api-types/v10';

/**
 * What `FakeDiscord` needs from the fake gateway (src/gateway/server.ts, `FakeGateway`): the HTTP
 * server forwards websocket upgrades to it, and `GET /gateway/bot` asks it for shard counts and the
 * session start limit.
 */
export interface GatewayServerLike {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  sessionStartLimit(botId: string): APIGatewaySessionStartLimit;
  recommendedShards(botId: string): number;
  close(): Promise<void>;
}
