import type { RouteContext } from '../context.js';
import { Router } from '../router.js';
import { addGatewayRoutes } from './gateway.js';
import { addMessageRoutes } from './messages.js';
import { addUserRoutes } from './users.js';

/** The fake REST API's full route table. */
export function createRouter(ctx: RouteContext): Router {
  const router = new Router();
  addGatewayRoutes(router, ctx);
  addUserRoutes(router, ctx);
  addMessageRoutes(router, ctx);
  return router;
}
