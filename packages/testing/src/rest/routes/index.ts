import type { RouteContext } from '../context.js';
import { Router } from '../router.js';
import { addApplicationRoutes } from './applications.js';
import { addChannelRoutes } from './channels.js';
import { addCommandRoutes } from './commands.js';
import { addExpressionRoutes } from './expressions.js';
import { addGatewayRoutes } from './gateway.js';
import { addGuildBulkRoutes } from './guild-bulk.js';
import { addGuildFeatureRoutes } from './guild-features.js';
import { addGuildInfoRoutes } from './guild-info.js';
import { addGuildRoutes } from './guilds.js';
import { addMessageRoutes } from './messages.js';
import { addNotModelledRoutes } from './not-modelled.js';
import { addOAuth2Routes } from './oauth2.js';
import { addPollRoutes } from './polls.js';
import { addReactionRoutes } from './reactions.js';
import { addSpecGapRoutes } from './spec-gaps.js';
import { addThreadRoutes } from './threads.js';
import { addUserRoutes } from './users.js';
import { addWebhookRoutes } from './webhooks.js';

/** The fake REST API's full route table. */
export function createRouter(ctx: RouteContext): Router {
  const router = new Router();
  addGatewayRoutes(router, ctx);
  addUserRoutes(router, ctx);
  addMessageRoutes(router, ctx);
  addChannelRoutes(router, ctx);
  addThreadRoutes(router, ctx);
  addReactionRoutes(router, ctx);
  addPollRoutes(router, ctx);
  addGuildRoutes(router, ctx);
  addGuildBulkRoutes(router, ctx);
  addExpressionRoutes(router, ctx);
  addGuildFeatureRoutes(router, ctx);
  addGuildInfoRoutes(router, ctx);
  addWebhookRoutes(router, ctx);
  addCommandRoutes(router, ctx);
  addApplicationRoutes(router, ctx);
  addOAuth2Routes(router, ctx);
  addSpecGapRoutes(router, ctx);
  // Last: a 501 naming the route for each operation of the spec that nothing above serves.
  addNotModelledRoutes(router, ctx);
  return router;
}
