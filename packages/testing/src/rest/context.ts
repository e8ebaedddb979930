import type { GatewayServerLike } from '../gateway-seam.js';
import type { World } from '../world/world.js';

/** What route handlers share: the world, and the fake's gateway and addresses. */
export interface RouteContext {
  world: World;
  /** The fake gateway (shard counts, session start limits). */
  gateway(): GatewayServerLike;
  /** `ws://127.0.0.1:PORT`, what `GET /gateway/bot` returns. */
  gatewayUrl(): string;
  /** `http://127.0.0.1:PORT/api/v10`, for attachment and avatar urls. */
  restUrl(): string;
}
