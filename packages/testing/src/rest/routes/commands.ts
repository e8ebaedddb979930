/**
 * Application command routes, global (`/applications/{app}/commands`) and per guild
 * (`/applications/{app}/guilds/{guild}/commands`): list, create (an existing name + type is
 * overwritten, 200; a new one is 201), get, edit, delete, and bulk `PUT` replacing the whole set.
 * Validation as Discord: names match `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$` and are
 * lowercase for chat input commands, descriptions 1..100 (empty for user/message commands), at most
 * 25 options and 25 choices, at most 100 chat input, 15 user and 15 message commands. Also the
 * interaction callback route and `GET /applications/@me`.
 */
import { type APIApplicationCommand, ApplicationCommandType, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { botOf, guildFor } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, unknown } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { Checker } from '../validate.js';
import { InteractionFollowups } from './interaction-followups.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LIMITS: Record<number, number> = { 1: 100, 2: 15, 3: 15, 4: 1 };

/** Validate one command body; `path` prefixes field errors (bulk PUT uses the index). */
function checkCommand(checker: Checker, body: Record<string, unknown>, path: (string | number)[]): void {
  const type = (body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
  checker.integer([...path, 'type'], body.type, { min: 1, max: 4 });
  if (checker.string([...path, 'name'], body.name, { min: 1, max: 32, required: true })) {
    const name = body.name as string;
    if (type === ApplicationCommandType.ChatInput && (!NAME.test(name) || name !== name.toLowerCase())) {
      checker.fail([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
  }
  if (type === ApplicationCommandType.ChatInput)
    checker.string([...path, 'description'], body.description, { min: 1, max: 100, required: true });
  else if (body.description)
    checker.fail([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_FORBIDDEN', 'Description must be empty');
  if (checker.array([...path, 'options'], body.options, { max: 25 })) {
    (body.options as Record<string, unknown>[]).forEach((option, i) => {
      checker.string([...path, 'options', i, 'name'], option.name, { min: 1, max: 32, required: true });
      checker.string([...path, 'options', i, 'description'], option.description, { min: 1, max: 100, required: true });
      checker.array([...path, 'options', i, 'choices'], option.choices, { max: 25 });
      checker.array([...path, 'options', i, 'options'], option.options, { max: 25 });
    });
  }
}

/** Add the application command and interaction callback routes. */
export function addCommandRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const followups = new InteractionFollowups(ctx);

  const commands = (request: RestRequest) => {
    const bot = botOf(request);
    if (request.params.application_id !== bot.applicationId) {
      throw new HttpError(403, 20012, 'You are not authorized to perform this action on this application');
    }
    const guildId = request.params.guild_id;
    if (guildId) guildFor(world, request, guildId);
    return { map: world.stores.commandsOf(bot.applicationId, guildId), guildId, bot };
  };

  const make = (
    request: RestRequest,
    body: Record<string, unknown>,
    existing?: APIApplicationCommand,
  ): APIApplicationCommand => {
    const { bot, guildId } = commands(request);
    const command: APIApplicationCommand = {
      id: existing?.id ?? world.nextId(),
      application_id: bot.applicationId,
      version: world.nextId(),
      type: (body.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput,
      name: String(body.name),
      description: String(body.description ?? ''),
      default_member_permissions: (body.default_member_permissions as string | null | undefined) ?? null,
      nsfw: Boolean(body.nsfw ?? false),
      ...(body.options ? { options: body.options as APIApplicationCommand['options'] } : {}),
      ...(body.name_localizations ? { name_localizations: body.name_localizations as never } : {}),
      ...(body.description_localizations ? { description_localizations: body.description_localizations as never } : {}),
      ...(guildId
        ? { guild_id: guildId }
        : { integration_types: (body.integration_types as never) ?? [0], contexts: (body.contexts as never) ?? null }),
    };
    return command;
  };

  for (const base of [
    '/applications/:application_id/commands',
    '/applications/:application_id/guilds/:guild_id/commands',
  ]) {
    router.add('GET', base, (request) => [...commands(request).map.values()]);

    router.add('POST', base, (request) => {
      const { map } = commands(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const checker = new Checker();
      checkCommand(checker, body, []);
      checker.done();
      const type = (body.type as number | undefined) ?? 1;
      const existing = [...map.values()].find((c) => c.name === body.name && c.type === type);
      if (!existing && [...map.values()].filter((c) => c.type === type).length >= (LIMITS[type] ?? 100)) {
        throw new HttpError(
          400,
          RESTJSONErrorCodes.MaximumNumberOfApplicationCommandsReached,
          'Maximum number of application commands reached',
        );
      }
      const command = make(request, body, existing);
      map.set(command.id, command);
      return existing ? command : respond(201, command);
    });

    router.add('PUT', base, (request) => {
      const { map } = commands(request);
      const checker = new Checker();
      if (!Array.isArray(request.body))
        checker.fail([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
      checker.done();
      const list = request.body as Record<string, unknown>[];
      for (const [i, body] of list.entries()) checkCommand(checker, body, [i]);
      for (const [type, max] of Object.entries(LIMITS)) {
        if (list.filter((b) => String(b.type ?? 1) === type).length > max)
          checker.fail([], 'APPLICATION_COMMANDS_TOO_MANY', `Too many commands of type ${type}`);
      }
      checker.done();
      const previous = [...map.values()];
      map.clear();
      for (const body of list) {
        const existing = previous.find(
          (c) => c.name === body.name && c.type === ((body.type as number | undefined) ?? 1),
        );
        const command = make(request, body, existing);
        map.set(command.id, command);
      }
      return [...map.values()];
    });

    router.add('GET', `${base}/:command_id`, (request) => {
      const command = commands(request).map.get(request.params.command_id!);
      if (!command) throw unknown('command');
      return command;
    });

    router.add('PATCH', `${base}/:command_id`, (request) => {
      const { map } = commands(request);
      const command = map.get(request.params.command_id!);
      if (!command) throw unknown('command');
      const body = { ...command, ...((request.body ?? {}) as Record<string, unknown>) } as Record<string, unknown>;
      const checker = new Checker();
      checkCommand(checker, body, []);
      checker.done();
      const updated = make(request, body, command);
      map.set(updated.id, updated);
      return updated;
    });

    router.add('DELETE', `${base}/:command_id`, (request) => {
      const { map } = commands(request);
      if (!map.delete(request.params.command_id!)) throw unknown('command');
      return respond(204);
    });
  }

  router.add(
    'POST',
    '/interactions/:interaction_id/:interaction_token/callback',
    (request) => followups.callback(request),
    {
      auth: 'optional',
      globalExempt: true,
    },
  );
}
