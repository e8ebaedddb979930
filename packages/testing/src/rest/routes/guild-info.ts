/**
 * Read-mostly guild information: the preview (for members, or anyone when the guild is
 * discoverable), the widget settings (on the guild object; a change is a GUILD_UPDATE) and the
 * public widget (403 50004 while disabled), onboarding
 * (none configured: disabled, no prompts) and the premium sticker packs (none in the fake).
 */
import { GuildFeature, PermissionFlagsBits as P, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { updateGuild } from '../../actions/guilds.js';
import type { GuildState } from '../../world/guild-state.js';
import { botOf, guildFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, unknown } from '../errors.js';
import type { RestRequest, Router } from '../router.js';
import { Checker } from '../validate.js';

/** Add the guild information routes. */
export function addGuildInfoRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  // The settings live on the guild object (`widget_enabled`, `widget_channel_id`); off until enabled.
  const widgetOf = (guild: GuildState) => ({
    enabled: guild.guild.widget_enabled ?? false,
    channel_id: guild.guild.widget_channel_id ?? null,
  });

  router.add('GET', '/guilds/:guild_id/preview', (request) => {
    const guild = world.guild(request.params.guild_id!);
    if (!guild) throw unknown('guild');
    const member = guild.members.has(botOf(request).id);
    if (!member && !guild.guild.features.includes(GuildFeature.Discoverable)) throw unknown('guild');
    const { id, name, icon, splash, discovery_splash, features, description } = guild.guild;
    return {
      id,
      name,
      icon,
      splash,
      discovery_splash,
      emojis: [...guild.emojis.values()],
      features,
      approximate_member_count: guild.members.size,
      approximate_presence_count: [...guild.presences.values()].filter((p) => p.status !== 'offline').length,
      description,
      stickers: [...guild.stickers.values()],
    };
  });

  router.add('GET', '/guilds/:guild_id/widget', (request) =>
    widgetOf(guildFor(world, request, request.params.guild_id!, P.ManageGuild)),
  );
  router.add('PATCH', '/guilds/:guild_id/widget', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageGuild);
    const body = objectBody(request);
    const checker = new Checker();
    if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
      checker.fail(['enabled'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    if (body.channel_id !== null) checker.snowflake(['channel_id'], body.channel_id);
    checker.done();
    const changes: Record<string, unknown> = {};
    if (typeof body.enabled === 'boolean') changes.widget_enabled = body.enabled;
    if (body.channel_id !== undefined)
      changes.widget_channel_id = body.channel_id === null ? null : String(body.channel_id);
    if (Object.keys(changes).length > 0) {
      // Not fields of a guild edit (PATCH /guilds/{id} ignores them): set here, then announced.
      Object.assign(guild.guild, changes);
      updateGuild(world, guild.guild.id, {});
    }
    return widgetOf(guild);
  });
  router.add(
    'GET',
    '/guilds/:guild_id/widget.json',
    (request: RestRequest) => {
      const guild = world.guild(request.params.guild_id!);
      if (!guild) throw unknown('guild');
      if (!widgetOf(guild).enabled) throw new HttpError(403, RESTJSONErrorCodes.GuildWidgetDisabled, 'Widget Disabled');
      const online = [...guild.presences.values()].filter((p) => p.status !== 'offline');
      return {
        id: guild.guild.id,
        name: guild.guild.name,
        instant_invite: null,
        channels: [],
        members: [],
        presence_count: online.length,
      };
    },
    { auth: 'none' },
  );

  router.add('GET', '/guilds/:guild_id/onboarding', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!);
    return { guild_id: guild.guild.id, prompts: [], default_channel_ids: [], enabled: false, mode: 0 };
  });

  router.add('GET', '/sticker-packs', () => ({ sticker_packs: [] }));
}
