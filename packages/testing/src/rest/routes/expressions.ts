/**
 * Guild expression routes: emojis (list, get, create, edit, delete), stickers (list, get, create
 * from a multipart upload, edit, delete) and soundboard sounds (list, get, create, edit, delete,
 * and the default sounds). Managing them needs MANAGE_GUILD_EXPRESSIONS; each change dispatches
 * GUILD_EMOJIS_UPDATE, GUILD_STICKERS_UPDATE or GUILD_SOUNDBOARD_SOUND_*.
 */
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import {
  createEmoji,
  createSoundboardSound,
  createSticker,
  deleteEmoji,
  deleteSoundboardSound,
  deleteSticker,
  emojisChanged,
  updateSoundboardSound,
} from '../../actions/guilds.js';
import { guildFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { unknown } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { Checker } from '../validate.js';

const MANAGE = P.ManageGuildExpressions;

/** Add the emoji, sticker and soundboard routes. */
export function addExpressionRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const gid = (request: RestRequest) => request.params.guild_id!;

  router.add('GET', '/guilds/:guild_id/emojis', (request) => [
    ...guildFor(world, request, gid(request)).emojis.values(),
  ]);
  router.add('GET', '/guilds/:guild_id/emojis/:emoji_id', (request) => {
    const emoji = guildFor(world, request, gid(request)).emojis.get(request.params.emoji_id!);
    if (!emoji) throw unknown('emoji');
    return emoji;
  });
  router.add('POST', '/guilds/:guild_id/emojis', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    const body = objectBody(request);
    const checker = new Checker();
    if (checker.string(['name'], body.name, { min: 2, max: 32, required: true }) && !/^\w+$/.test(String(body.name))) {
      checker.fail(['name'], 'STRING_TYPE_REGEX', 'String value did not match validation regex.');
    }
    checker.string(['image'], body.image, { required: true });
    checker.done();
    const roles = Array.isArray(body.roles) ? body.roles.map(String) : [];
    return respond(201, createEmoji(world, guild.guild.id, String(body.name), { roles, user: request.bot?.user }));
  });
  router.add('PATCH', '/guilds/:guild_id/emojis/:emoji_id', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    const emoji = guild.emojis.get(request.params.emoji_id!);
    if (!emoji) throw unknown('emoji');
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 2, max: 32 });
    checker.done();
    if (typeof body.name === 'string') emoji.name = body.name;
    if (Array.isArray(body.roles)) emoji.roles = body.roles.map(String);
    emojisChanged(world, guild.guild.id);
    return emoji;
  });
  router.add('DELETE', '/guilds/:guild_id/emojis/:emoji_id', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    if (!deleteEmoji(world, guild.guild.id, request.params.emoji_id!)) throw unknown('emoji');
    return respond(204);
  });

  router.add('GET', '/guilds/:guild_id/stickers', (request) => [
    ...guildFor(world, request, gid(request)).stickers.values(),
  ]);
  router.add('GET', '/guilds/:guild_id/stickers/:sticker_id', (request) => {
    const sticker = guildFor(world, request, gid(request)).stickers.get(request.params.sticker_id!);
    if (!sticker) throw unknown('sticker');
    return sticker;
  });
  router.add('POST', '/guilds/:guild_id/stickers', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 2, max: 30, required: true });
    checker.string(['tags'], body.tags, { min: 1, max: 200, required: true });
    if (request.files.size === 0) checker.fail(['file'], 'BASE_TYPE_REQUIRED', 'This field is required');
    checker.done();
    const sticker = createSticker(world, guild.guild.id, String(body.name));
    sticker.tags = String(body.tags);
    sticker.description = (body.description as string | undefined) ?? null;
    return respond(201, sticker);
  });
  router.add('PATCH', '/guilds/:guild_id/stickers/:sticker_id', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    const sticker = guild.stickers.get(request.params.sticker_id!);
    if (!sticker) throw unknown('sticker');
    const body = objectBody(request);
    if (typeof body.name === 'string') sticker.name = body.name;
    if (typeof body.tags === 'string') sticker.tags = body.tags;
    if (body.description !== undefined) sticker.description = body.description as string | null;
    return sticker;
  });
  router.add('DELETE', '/guilds/:guild_id/stickers/:sticker_id', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    if (!deleteSticker(world, guild.guild.id, request.params.sticker_id!)) throw unknown('sticker');
    return respond(204);
  });

  router.add('GET', '/soundboard-default-sounds', () => [
    { name: 'quack', sound_id: '1', volume: 1, emoji_id: null, emoji_name: '🦆', available: true, user_id: '0' },
  ]);
  router.add('GET', '/guilds/:guild_id/soundboard-sounds', (request) => ({
    items: [...guildFor(world, request, gid(request)).soundboardSounds.values()],
  }));
  router.add('GET', '/guilds/:guild_id/soundboard-sounds/:sound_id', (request) => {
    const sound = guildFor(world, request, gid(request)).soundboardSounds.get(request.params.sound_id!);
    if (!sound) throw unknown('soundboardSound');
    return sound;
  });
  router.add('POST', '/guilds/:guild_id/soundboard-sounds', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 2, max: 32, required: true });
    checker.string(['sound'], body.sound, { required: true });
    checker.done();
    const sound = createSoundboardSound(world, guild.guild.id, String(body.name), request.bot?.id);
    return respond(201, updateSoundboardSound(world, guild.guild.id, sound.sound_id, body) ?? sound);
  });
  router.add('PATCH', '/guilds/:guild_id/soundboard-sounds/:sound_id', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    const sound = updateSoundboardSound(world, guild.guild.id, request.params.sound_id!, objectBody(request));
    if (!sound) throw unknown('soundboardSound');
    return sound;
  });
  router.add('DELETE', '/guilds/:guild_id/soundboard-sounds/:sound_id', (request) => {
    const guild = guildFor(world, request, gid(request), MANAGE);
    if (!deleteSoundboardSound(world, guild.guild.id, request.params.sound_id!)) throw unknown('soundboardSound');
    return respond(204);
  });
}
