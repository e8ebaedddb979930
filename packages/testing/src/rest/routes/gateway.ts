/** `GET /gateway` and `GET /gateway/bot`: the fake's websocket url, shard count and session start limit. */
import type { APIGatewayBotInfo, APIGatewayInfo } from 'discord-api-types/v10';
import { botOf } from '../access.js';
import type { RouteContext } from '../context.js';
import type { Router } from '../router.js';

/** Add the gateway routes. */
export function addGatewayRoutes(router: Router, ctx: RouteContext): void {
  router.add('GET', '/gateway', (): APIGatewayInfo => ({ url: ctx.gatewayUrl() }), { auth: 'none' });
  router.add('GET', '/gateway/bot', (request): APIGatewayBotInfo => {
    const bot = botOf(request);
    const gateway = ctx.gateway();
    return {
      url: ctx.gatewayUrl(),
      shards: gateway.recommendedShards(bot.id),
      session_start_limit: gateway.sessionStartLimit(bot.id),
    };
  });
}
