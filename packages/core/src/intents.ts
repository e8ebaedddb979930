/**
 * Intent sets a bot can pass as `intents` without adding discord-api-types to its dependencies.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';

/**
 * Every gateway intent Discord defines, privileged ones included (GUILD_MEMBERS, GUILD_PRESENCES,
 * MESSAGE_CONTENT: enable them in the Developer Portal, or Discord closes the connection with 4014).
 */
export const ALL_INTENTS: number = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((all, bit) => all | bit, 0);
