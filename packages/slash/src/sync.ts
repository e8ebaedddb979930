/**
 * Sync by diff. Discord keeps an application's commands per scope (global, and each guild). A sync
 * reads each scope once (`GET`), compares what is declared here with what is registered, and sends
 * only the differences: a create for a new command, an edit for one whose JSON differs, a delete for
 * a registered command nobody declares (unless `keepUnknownCommands`). A second start with nothing
 * changed therefore sends zero writes, and it never spends the daily create limit on a bulk overwrite.
 *
 * Two commands are "the same" when their canonical forms are equal: Discord fills in defaults
 * (`required: false`, `nsfw: false`, `default_member_permissions: null`...) and ids/versions, so both
 * sides are reduced to the fields a declaration controls, with those defaults applied. `contexts` and
 * `integration_types` are compared only when declared, since Discord's defaults for them vary.
 */
import type { KokoroClient } from '@kokoro/core';
import type { APIApplicationCommand, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';

/** What one sync did, per scope (`'global'` or a guild id). */
export interface SyncReport {
  /** Commands registered anew. */
  created: number;
  /** Registered commands whose declaration changed, edited in place. */
  edited: number;
  /** Registered commands no longer declared, deleted (unless `keepUnknownCommands`). */
  deleted: number;
  /** Commands already registered as declared: nothing sent. */
  unchanged: number;
  /** Guild ids declared for commands where this client is not a member (skipped, warned). */
  missingGuilds: string[];
  /** The names created, edited and deleted, per scope. */
  scopes: Record<string, { created: string[]; edited: string[]; deleted: string[] }>;
}

type Json = Record<string, unknown>;

const OPTION_KEYS = [
  'type',
  'name',
  'description',
  'name_localizations',
  'description_localizations',
  'required',
  'choices',
  'min_value',
  'max_value',
  'min_length',
  'max_length',
  'channel_types',
  'autocomplete',
  'options',
] as const;

function canonicalOption(option: Json): Json {
  const out: Json = {};
  for (const key of OPTION_KEYS) {
    let value = option[key];
    if (key === 'required' || key === 'autocomplete') value = value === true;
    else if (key === 'options') value = ((value as Json[] | undefined) ?? []).map(canonicalOption);
    else if (key === 'channel_types') value = value ? [...(value as number[])].sort((a, b) => a - b) : [];
    else if (key === 'choices')
      value = ((value as Json[] | undefined) ?? []).map((c) => ({
        name: c.name,
        value: c.value,
        name_localizations: c.name_localizations ?? null,
      }));
    else if (key.endsWith('localizations')) value = value ?? null;
    else if (value === undefined) value = null;
    out[key] = value;
  }
  return out;
}

/** The fields of a command a declaration controls, defaults applied, for comparison. */
export function canonicalCommand(command: Json, declared: Json): Json {
  const out: Json = {
    type: command.type ?? 1,
    name: command.name,
    description: command.description ?? '',
    name_localizations: command.name_localizations ?? null,
    description_localizations: command.description_localizations ?? null,
    options: ((command.options as Json[] | undefined) ?? []).map(canonicalOption),
    default_member_permissions: command.default_member_permissions ?? null,
    nsfw: command.nsfw === true,
  };
  if (declared.contexts !== undefined) out.contexts = command.contexts ?? null;
  if (declared.integration_types !== undefined) out.integration_types = command.integration_types ?? null;
  return out;
}

/** Whether a registered command matches its declaration. */
export function sameCommand(remote: APIApplicationCommand, declared: RESTPostAPIApplicationCommandsJSONBody): boolean {
  const json = declared as unknown as Json;
  return (
    JSON.stringify(canonicalCommand(remote as unknown as Json, json)) === JSON.stringify(canonicalCommand(json, json))
  );
}

/** The application id: from READY, else from the token (an HTTP-only client never gets READY). */
function applicationIdOf(client: KokoroClient): string {
  if (client.state === 'ready') return client.applicationId;
  const fromToken = client.rest.applicationId;
  if (fromToken) return fromToken;
  return client.applicationId;
}

const key = (command: { type?: number; name: string }) => `${command.type ?? 1}:${command.name}`;

/**
 * Sync the declared commands of `client`: `declared` maps a scope (`'global'` or a guild id) to the
 * command bodies declared there; `extraScopes` are scopes to clean up though nothing is declared
 * there any more (synced before in this process).
 */
export async function syncCommands(
  client: KokoroClient,
  declared: ReadonlyMap<string, RESTPostAPIApplicationCommandsJSONBody[]>,
  options: { keepUnknownCommands: boolean; extraScopes: Iterable<string> },
): Promise<SyncReport> {
  const applicationId = applicationIdOf(client);
  // Guild membership is known once the gateway delivered the guilds; an HTTP-only client cannot tell.
  const knowsGuilds = client.state === 'ready';
  const report: SyncReport = { created: 0, edited: 0, deleted: 0, unchanged: 0, missingGuilds: [], scopes: {} };
  const scopes = new Set<string>(['global', ...declared.keys(), ...options.extraScopes]);
  for (const scope of scopes) {
    const guildId = scope === 'global' ? undefined : scope;
    const wanted = declared.get(scope) ?? [];
    if (guildId && knowsGuilds && !client.guilds.has(guildId)) {
      if (wanted.length > 0) report.missingGuilds.push(guildId);
      continue;
    }
    const remote = (
      guildId
        ? await client.applicationGuildCommandsGet(applicationId, guildId)
        : await client.applicationCommandsGet(applicationId)
    ) as APIApplicationCommand[];
    const byKey = new Map(remote.map((command) => [key(command), command]));
    const done = { created: [] as string[], edited: [] as string[], deleted: [] as string[] };
    for (const body of wanted) {
      const existing = byKey.get(key(body));
      byKey.delete(key(body));
      if (!existing) {
        if (guildId) await client.applicationGuildCommandCreate(applicationId, guildId, body as never);
        else await client.applicationCommandCreate(applicationId, body);
        done.created.push(body.name);
      } else if (!sameCommand(existing, body)) {
        const { type: _type, ...edit } = body as unknown as Json;
        if (guildId) await client.applicationGuildCommandEdit(applicationId, guildId, existing.id, edit as never);
        else await client.applicationCommandEdit(applicationId, existing.id, edit as never);
        done.edited.push(body.name);
      } else report.unchanged++;
    }
    if (!options.keepUnknownCommands) {
      for (const stale of byKey.values()) {
        if (guildId) await client.applicationGuildCommandDelete(applicationId, guildId, stale.id);
        else await client.applicationCommandDelete(applicationId, stale.id);
        done.deleted.push(stale.name);
      }
    }
    report.created += done.created.length;
    report.edited += done.edited.length;
    report.deleted += done.deleted.length;
    report.scopes[scope] = done;
  }
  return report;
}

/** One log line for a sync: `global +1 ~0 -0; guild 123 +2 ~1 -0; 3 unchanged`. */
export function describeSync(report: SyncReport): string {
  const scopes = Object.entries(report.scopes).map(
    ([scope, done]) =>
      `${scope === 'global' ? 'global' : `guild ${scope}`} +${done.created.length} ~${done.edited.length} -${done.deleted.length}` +
      (done.created.length + done.edited.length + done.deleted.length > 0
        ? ` (${[...done.created.map((n) => `+${n}`), ...done.edited.map((n) => `~${n}`), ...done.deleted.map((n) => `-${n}`)].join(' ')})`
        : ''),
  );
  return `${scopes.join('; ')}; ${report.unchanged} unchanged; ${report.created + report.edited + report.deleted} write(s)`;
}
