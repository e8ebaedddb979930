/**
 * The bot's own presence, as the fake gateway shows it to others.
 *
 * Discord keeps one presence per user, whatever number of sessions (shards) it has: a bot comes
 * online with the `presence` of its Identify (`online` without one), changes it with op 3, and goes
 * `offline` when its last session ends (a close with 1000/1001, or the resume window passing). Each
 * change is a PRESENCE_UPDATE in every guild of the bot, for the sessions there with
 * GUILD_PRESENCES (other bots and the bot itself), and the guild's presences (what GUILD_CREATE and
 * member chunks carry) hold it. `invisible` shows as `offline`. A presence that shows nothing new
 * (another shard identifying with the same one) is not sent again.
 */
import type { GatewayActivity, GatewayPresenceUpdate, GatewayPresenceUpdateData } from 'discord-api-types/v10';
import { setPresence } from '../actions/voice.js';
import type { World } from '../world/world.js';

type ShownStatus = 'online' | 'idle' | 'dnd' | 'offline';

const STATUSES = new Set(['online', 'idle', 'dnd', 'offline']);

/** The presences the fake gateway last showed for each bot. */
export class BotPresences {
  readonly #world: World;
  /** What each bot shows now (status and activities, as compared), by bot id. */
  readonly #shown = new Map<string, string>();

  constructor(world: World) {
    this.#world = world;
  }

  /** Show `presence` (op 3 data or Identify's `presence`; undefined = online) for `botId`. */
  show(botId: string, presence: unknown): void {
    const d = (typeof presence === 'object' && presence !== null ? presence : {}) as Partial<GatewayPresenceUpdateData>;
    const status: ShownStatus =
      d.status === 'invisible'
        ? 'offline'
        : typeof d.status === 'string' && STATUSES.has(d.status)
          ? (d.status as ShownStatus)
          : 'online';
    const activities =
      status === 'offline' || !Array.isArray(d.activities)
        ? []
        : d.activities.map((a) => shownActivity(a, this.#world.clock.now()));
    this.#publish(botId, status, activities);
  }

  /** The bot's last session ended: it shows `offline`. */
  offline(botId: string): void {
    this.#publish(botId, 'offline', []);
    this.#shown.delete(botId);
  }

  #publish(botId: string, status: ShownStatus, activities: GatewayActivity[]): void {
    const key = JSON.stringify([status, activities.map(({ created_at: _, ...rest }) => rest)]);
    if (this.#shown.get(botId) === key || (status === 'offline' && !this.#shown.has(botId))) return;
    this.#shown.set(botId, key);
    for (const guildId of this.#world.guildIdsOf(botId)) {
      setPresence(this.#world, guildId, botId, {
        status,
        activities: activities as GatewayPresenceUpdate['activities'],
      });
    }
  }
}

/** An activity as others see it: what the bot sent, with the time Discord adds. */
function shownActivity(sent: unknown, now: number): GatewayActivity {
  const a = (sent ?? {}) as Partial<GatewayActivity>;
  return {
    name: String(a.name ?? ''),
    type: typeof a.type === 'number' ? a.type : 0,
    ...(a.url ? { url: a.url } : {}),
    ...(a.state !== undefined ? { state: a.state } : {}),
    created_at: now,
  } as GatewayActivity;
}
