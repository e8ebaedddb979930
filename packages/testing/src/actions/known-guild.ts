import { FakeDiscordError } from '../world/errors.js';
import type { GuildState } from '../world/guild-state.js';
import type { World } from '../world/world.js';

/** The state of a guild the world has; a {@link FakeDiscordError} naming the id when it has none. */
export function knownGuild(world: World, guildId: string): GuildState {
  const s = world.guild(guildId);
  if (!s) throw new FakeDiscordError(`Unknown guild ${guildId}.`);
  return s;
}
