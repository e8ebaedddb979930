import type {
  APIEmoji,
  APISoundboardSound,
  APISticker,
  GatewayGuildEmojisUpdateDispatchData,
  GatewayGuildSoundboardSoundCreateDispatchData,
  GatewayGuildSoundboardSoundDeleteDispatchData,
  GatewayGuildSoundboardSoundsUpdateDispatchData,
  GatewayGuildStickersUpdateDispatchData,
  GatewaySoundboardSoundsDispatchData,
} from 'discord-api-types/v10';
import { writableCollection } from '../entities/guild.js';
import type { ExpressionChanges } from '../events.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';
import { diffPayload } from '../util.js';

/** Replace a keyed collection by a full list, and say what was created, updated and deleted. */
export function replaceAll<T>(
  map: Map<string, T>,
  items: readonly T[],
  idOf: (item: T) => string | null,
  diff: boolean,
  keep: boolean,
): ExpressionChanges<T> {
  const created: T[] = [];
  const updated: { item: T; old: Partial<T> }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const id = idOf(item);
    if (id === null) continue;
    seen.add(id);
    const before = map.get(id);
    if (before === undefined) created.push(item);
    else if (diff) {
      const old = diffPayload(before as object, item as object) as Partial<T>;
      if (Object.keys(old).length > 0) updated.push({ item, old });
    }
    if (keep) map.set(id, item);
  }
  const deleted: T[] = [];
  for (const [id, item] of map) {
    if (seen.has(id)) continue;
    deleted.push(item);
    map.delete(id);
  }
  return { created, updated, deleted };
}

/** Emojis, stickers and soundboard sounds. */
export const EXPRESSION_REDUCERS: Record<string, Reducer> = {
  GUILD_EMOJIS_UPDATE: reducer<GatewayGuildEmojisUpdateDispatchData>({
    apply(cache, _o, _s, data, diff) {
      const guild = cache.precreateGuild(data.guild_id);
      const keep = cache.policy.expressions;
      return [guild, replaceAll<APIEmoji>(writableCollection(guild, 'emojis'), data.emojis, (e) => e.id, diff, keep)];
    },
  }),
  GUILD_STICKERS_UPDATE: reducer<GatewayGuildStickersUpdateDispatchData>({
    apply(cache, _o, _s, data, diff) {
      const guild = cache.precreateGuild(data.guild_id);
      const keep = cache.policy.expressions;
      return [
        guild,
        replaceAll<APISticker>(writableCollection(guild, 'stickers'), data.stickers, (s) => s.id, diff, keep),
      ];
    },
  }),
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: reducer<GatewayGuildSoundboardSoundsUpdateDispatchData>({
    apply(cache, _o, _s, data, diff) {
      const guild = cache.precreateGuild(data.guild_id);
      const keep = cache.policy.guildExtras;
      const sounds = data.soundboard_sounds;
      return [
        guild,
        replaceAll<APISoundboardSound>(
          writableCollection(guild, 'soundboardSounds'),
          sounds,
          (s) => s.sound_id,
          diff,
          keep,
        ),
      ];
    },
  }),
  // The answer to one client's Request Soundboard Sounds (op 31).
  SOUNDBOARD_SOUNDS: reducer<GatewaySoundboardSoundsDispatchData>({
    owned: true,
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const keep = cache.policy.guildExtras;
      replaceAll<APISoundboardSound>(
        writableCollection(guild, 'soundboardSounds'),
        data.soundboard_sounds,
        (s) => s.sound_id,
        false,
        keep,
      );
      return [guild, data.soundboard_sounds];
    },
  }),
  GUILD_SOUNDBOARD_SOUND_CREATE: reducer<GatewayGuildSoundboardSoundCreateDispatchData>({
    guildId: (d) => d.guild_id,
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id as string);
      if (cache.policy.guildExtras) writableCollection(guild, 'soundboardSounds').set(data.sound_id, data);
      return [data, guild];
    },
  }),
  GUILD_SOUNDBOARD_SOUND_UPDATE: reducer<GatewayGuildSoundboardSoundCreateDispatchData>({
    guildId: (d) => d.guild_id,
    apply(cache, _o, _s, data, diff) {
      const guild = cache.precreateGuild(data.guild_id as string);
      const before = guild.soundboardSounds.get(data.sound_id);
      if (cache.policy.guildExtras) writableCollection(guild, 'soundboardSounds').set(data.sound_id, data);
      return [data, guild, diff && before ? diffPayload(before, data) : undefined];
    },
  }),
  GUILD_SOUNDBOARD_SOUND_DELETE: reducer<GatewayGuildSoundboardSoundDeleteDispatchData>({
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const before = guild.soundboardSounds.get(data.sound_id);
      if (before) writableCollection(guild, 'soundboardSounds').delete(data.sound_id);
      return [before, guild, data.sound_id];
    },
  }),
};
