/**
 * From an interaction's options to the object a handler receives. Discord sends option values as
 * ids (users, channels, roles, attachments) with the objects in `data.resolved`; here they become the
 * shared cache's entities (`User`, `Channel`, `Role`), the attachment objects, or plain values.
 * Subcommands arrive as nested options: {@link leafOptions} walks down to the subcommand that runs.
 */
import type { Guild, KokoroClient } from '@kokoro/core';
import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteractionDataResolved,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';

type RawOption = APIApplicationCommandInteractionDataOption & {
  value?: unknown;
  options?: RawOption[];
  focused?: boolean;
};

/** Walk subcommand groups and subcommands: the path of names and the leaf's value options. */
export function leafOptions(options: readonly RawOption[] | undefined): {
  path: string[];
  options: readonly RawOption[];
} {
  const path: string[] = [];
  let list = options ?? [];
  for (;;) {
    const sub = list.find((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup);
    if (!sub) return { path, options: list };
    path.push(sub.name);
    list = sub.options ?? [];
  }
}

/** The handler's object for the declared `declared` options from the raw `options`. */
export function resolveOptions(
  client: KokoroClient,
  guild: Guild | undefined,
  declared: Readonly<Record<string, unknown>>,
  options: readonly RawOption[],
  resolved: APIInteractionDataResolved | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const option of options) {
    if (!(option.name in declared)) continue;
    values[option.name] = resolveValue(client, guild, option.type, option.value, resolved);
  }
  return values;
}

/** One value: an entity for ids of users, channels, roles, mentionables; the attachment object; else as sent. */
export function resolveValue(
  client: KokoroClient,
  guild: Guild | undefined,
  type: T,
  value: unknown,
  resolved: APIInteractionDataResolved | undefined,
): unknown {
  const cache = client.cache;
  const id = String(value);
  switch (type) {
    case T.User: {
      const data = resolved?.users?.[id];
      return data ? cache.user(data) : (cache.users.get(id) ?? cache.precreateUser(id));
    }
    case T.Channel: {
      const cached = cache.channels.get(id);
      if (cached) return cached;
      const data = resolved?.channels?.[id];
      return data ? cache.channel(data as never, guild ?? null) : cache.precreateChannel(id, guild?.id ?? null);
    }
    case T.Role: {
      const data = resolved?.roles?.[id];
      const cached = guild?.roles?.get(id);
      if (cached) return cached;
      if (data && guild) return cache.role(guild, data);
      return data ?? { id };
    }
    case T.Mentionable: {
      if (resolved?.roles?.[id]) return { role: resolveValue(client, guild, T.Role, value, resolved) };
      return { user: resolveValue(client, guild, T.User, value, resolved) };
    }
    case T.Attachment:
      return resolved?.attachments?.[id] ?? { id };
    default:
      return value;
  }
}
