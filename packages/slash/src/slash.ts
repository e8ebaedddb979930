/**
 * The 'slash' extension's registry and dispatcher: `client.interactions(handler, options)` (also
 * `client.slash`) declares commands, component routes and modals; INTERACTION_CREATE (or an HTTP
 * delivery) is routed to the handler, whose result becomes the response.
 *
 * Auto-defer: Discord drops an interaction not answered within 3 s. A handler still running when
 * `autoDeferAfter` (2.5 s by default, on the injected clock) has passed is deferred for it; its result
 * then edits the deferred response. A handler that throws answers the user with a short ephemeral
 * error (`errorMessage`) and the error goes to the client's `error` event.
 */
import type { Modal } from '@kokoro/builders';
import { Modal as ModalBuilder } from '@kokoro/builders';
import { type Clock, systemClock } from '@kokoro/common';
import { type KokoroClient, KokoroError, type Message, runtime, type User, ValidationError } from '@kokoro/core';
import {
  type APIApplicationCommandInteraction,
  type APIInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandType,
  InteractionType,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { type CommandDeclaration, type Runnable, SlashCommand, type SlashCommandHandler } from './command.js';
import { type CustomIdParams, type CustomIdPattern, CustomIdRoutes, compileCustomId } from './custom-id.js';
import {
  AutocompleteEvent,
  CommandEvent,
  ComponentEvent,
  type InteractionEvent,
  ModalEvent,
  type Responder,
} from './event.js';
import { type InteractionsServer, type ListenOptions, listenForInteractions } from './http/server.js';
import { type FieldMap, type FieldValues, fieldLabels, readFields } from './modal-fields.js';
import type { OptionMap } from './options.js';
import { leafOptions, resolveOptions } from './resolve.js';
import { type HandlerResult, type HandlerReturn, isAsyncIterable } from './result.js';
import { describeSync, type SyncReport, syncCommands } from './sync.js';

/** Options of the 'slash' extension, given as `slash: { ... }` in the client options. */
export interface SlashOptions {
  /** What a user sees when a handler throws (ephemeral); a function of the error; `false` = nothing. Default: "Something went wrong while running this command." */
  errorMessage?: string | false | ((error: unknown) => string);
  /** Defer a handler still running after this many ms (default 2500; `false` = never). */
  autoDeferAfter?: number | false;
  /** Keep registered commands that are not declared here (default false: they are deleted at sync). */
  keepUnknownCommands?: boolean;
  /** Sync when the client is ready (default true). */
  syncOnReady?: boolean;
  /** Wait this long after a run-time change before syncing (default 1000 ms). */
  syncDebounce?: number;
  /** The clock of auto-defer and the debounce (tests pass a ManualClock). */
  clock?: Clock;
}

/** A component handler: `(client, event, params)`, params captured from the custom id. */
export type ComponentHandler = (client: KokoroClient, event: ComponentEvent, params: CustomIdParams) => HandlerReturn;

/** A modal handler: `(client, event, values, params)`. */
export type ModalHandler<F extends FieldMap> = (
  client: KokoroClient,
  event: ModalEvent,
  values: FieldValues<F>,
  params: CustomIdParams,
) => HandlerReturn;

/** A modal declaration with typed fields. */
export interface ModalDeclaration<F extends FieldMap = FieldMap> {
  /** The modal's custom id: exact, or with `{params}`. */
  customId: string;
  /** The title (1..45 characters). */
  title: string;
  /** The inputs by name. */
  fields: F;
  /** Text shown above the inputs. */
  text?: string;
}

/** A declared modal: `open(params)` gives the Modal builder to answer with. */
export interface DeclaredModal {
  /** The modal's custom id pattern, as declared. */
  readonly customId: string;
  /** The modal to show, its `{params}` filled in: return it from a handler or pass it to `event.showModal`. */
  open(params?: CustomIdParams): Modal;
  /** Stop routing its submissions. */
  remove(): void;
}

/** The `client.slash` / `client.interactions` object. */
export interface Slash {
  /** Declare a slash command: `(client, event, options)`; the name is the function's unless `options.name`. */
  <const O extends OptionMap = Record<never, never>>(
    handler: SlashCommandHandler<O>,
    declaration: CommandDeclaration<O> & { target?: undefined },
  ): SlashCommand;
  /** Declare a user context-menu command: the handler gets the target user. */
  (
    handler: (client: KokoroClient, event: CommandEvent, target: User) => HandlerReturn,
    declaration: CommandDeclaration & { target: 'user' },
  ): SlashCommand;
  /** Declare a message context-menu command: the handler gets the target message. */
  (
    handler: (client: KokoroClient, event: CommandEvent, target: Message) => HandlerReturn,
    declaration: CommandDeclaration & { target: 'message' },
  ): SlashCommand;
  /** Declare a parent command (subcommands are added with `.interactions` on it). */
  (handler: undefined, declaration: CommandDeclaration): SlashCommand;
  /** Route buttons and select menus by custom id (exact, `'vote:{id}'`, or a RegExp). */
  (handler: ComponentHandler, declaration: { customId: CustomIdPattern }): () => void;
  /** The same function, by name. */
  readonly interactions: Slash;
  /** Route components by custom id; returns a function that removes the route. */
  component(customId: CustomIdPattern, handler: ComponentHandler): () => void;
  /** Declare a modal with typed fields and its submit handler. */
  modal<const F extends FieldMap>(handler: ModalHandler<F>, declaration: ModalDeclaration<F>): DeclaredModal;
  /** Declared commands (key `scope:type:name`, scope `global` or a guild id). */
  readonly commands: ReadonlyMap<string, SlashCommand>;
  /** A declared command by name (guild commands of `guild` first, then global). */
  get(name: string, guild?: string, type?: ApplicationCommandType): SlashCommand | undefined;
  /** Remove a command (or its name); a sync follows. */
  remove(command: SlashCommand | string): boolean;
  /** Compare declared and registered commands and send only the differences. */
  sync(): Promise<SyncReport>;
  /** Route one interaction (the gateway path calls it; HTTP mode calls it with its own responder). */
  handle(interaction: APIInteraction, responder?: Responder): Promise<void>;
  /**
   * Take interactions over HTTP instead of the gateway: an endpoint verifying Discord's Ed25519
   * signatures with `publicKey`; enter its `url` as the Interactions Endpoint URL.
   */
  listen(options: ListenOptions): Promise<InteractionsServer>;
  /** The extension's options. */
  readonly options: Required<Omit<SlashOptions, 'clock'>> & { clock: Clock };
}

const DEFAULT_ERROR = 'Something went wrong while running this command.';

/** Create `client.slash` and hook it to the client. */
export function createSlash(client: KokoroClient, given: SlashOptions = {}): Slash {
  const options = {
    errorMessage: given.errorMessage ?? DEFAULT_ERROR,
    autoDeferAfter: given.autoDeferAfter ?? 2500,
    keepUnknownCommands: given.keepUnknownCommands ?? false,
    syncOnReady: given.syncOnReady ?? true,
    syncDebounce: given.syncDebounce ?? 1000,
    clock: given.clock ?? systemClock,
  };
  const commands = new Map<string, SlashCommand>();
  const components = new CustomIdRoutes<ComponentHandler>();
  const modals = new CustomIdRoutes<{ fields: FieldMap; handler: ModalHandler<FieldMap> }>();
  const syncedScopes = new Set<string>();
  let ready = false;
  let debounce: ReturnType<Clock['setTimeout']> | undefined;

  const keyOf = (command: SlashCommand, scope: string) => `${scope}:${command.type}:${command.name}`;
  const scopesOf = (command: SlashCommand) => (command.guildIds.length > 0 ? command.guildIds : ['global']);

  const scheduleSync = () => {
    if (!ready) return;
    options.clock.clearTimeout(debounce);
    debounce = options.clock.setTimeout(() => {
      debounce = undefined;
      // A client stopped meanwhile syncs again at its next ready.
      if (client.state !== 'ready') return;
      sync().catch((error: unknown) => client.logger.error({ err: error }, `slash: sync of ${client.name} failed`));
    }, options.syncDebounce);
  };

  const remove = (target: SlashCommand | string): boolean => {
    let removed = false;
    for (const [key, command] of commands) {
      if (command === target || (typeof target === 'string' && command.name === target)) {
        commands.delete(key);
        removed = true;
      }
    }
    if (removed) scheduleSync();
    return removed;
  };

  const declareCommand = (handler: Runnable['handler'], declaration: CommandDeclaration): SlashCommand => {
    const command = new SlashCommand(handler, declaration, () => scheduleSync());
    for (const scope of scopesOf(command)) {
      const previous = commands.get(keyOf(command, scope));
      if (previous && previous !== command) commands.delete(keyOf(previous, scope));
      commands.set(keyOf(command, scope), command);
    }
    // A command declared by a bot module goes away when that module is reloaded.
    runtime.track(() => {
      for (const scope of scopesOf(command))
        if (commands.get(keyOf(command, scope)) === command) commands.delete(keyOf(command, scope));
      scheduleSync();
    });
    scheduleSync();
    return command;
  };

  const component = (customId: CustomIdPattern, handler: ComponentHandler): (() => void) => {
    if (typeof handler !== 'function')
      throw new ValidationError('handler', 'a component handler must be a function (client, event, params)');
    const removeRoute = components.add(compileCustomId(customId), handler);
    runtime.track(removeRoute);
    return removeRoute;
  };

  const modal = <F extends FieldMap>(handler: ModalHandler<F>, declaration: ModalDeclaration<F>): DeclaredModal => {
    if (typeof handler !== 'function')
      throw new ValidationError('handler', 'a modal handler must be a function (client, event, values, params)');
    const matcher = compileCustomId(declaration.customId, 'modal.customId');
    const labels = fieldLabels(declaration.fields);
    const build = (params: CustomIdParams = {}) =>
      new ModalBuilder(
        matcher.fill(params),
        declaration.title,
        ...(declaration.text ? [declaration.text] : []),
        ...labels,
      );
    build(Object.fromEntries([...declaration.customId.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, 'x']))).toJSON();
    const removeRoute = modals.add(matcher, {
      fields: declaration.fields,
      handler: handler as unknown as ModalHandler<FieldMap>,
    });
    runtime.track(removeRoute);
    return { customId: declaration.customId, open: build, remove: removeRoute };
  };

  const get = (name: string, guild?: string, type = ApplicationCommandType.ChatInput) =>
    (guild ? commands.get(`${guild}:${type}:${name}`) : undefined) ?? commands.get(`global:${type}:${name}`);

  const sync = async (): Promise<SyncReport> => {
    // This sync covers whatever a pending debounced one would have sent.
    options.clock.clearTimeout(debounce);
    debounce = undefined;
    const declared = new Map<string, RESTPostAPIApplicationCommandsJSONBody[]>();
    for (const [key, command] of commands) {
      const scope = key.slice(0, key.indexOf(':'));
      const list = declared.get(scope) ?? [];
      list.push(command.toJSON());
      declared.set(scope, list);
    }
    const report = await syncCommands(client, declared, {
      keepUnknownCommands: options.keepUnknownCommands,
      extraScopes: syncedScopes,
    });
    for (const scope of declared.keys()) syncedScopes.add(scope);
    for (const guildId of report.missingGuilds) {
      client.logger.warn(`slash: ${client.name} is not in guild ${guildId}; its commands there are not registered`);
    }
    client.logger.info(`slash: synced ${client.name}'s commands: ${describeSync(report)}`);
    return report;
  };

  const respondVia =
    (interaction: APIInteraction): Responder =>
    async (body, files) => {
      await client.interactionResponseCreate(
        interaction.id,
        interaction.token,
        body as never,
        files ? { files } : undefined,
      );
    };

  const run = async (event: InteractionEvent, call: () => unknown): Promise<void> => {
    const timer =
      options.autoDeferAfter === false
        ? undefined
        : options.clock.setTimeout(() => {
            if (event.state !== 'pending') return;
            event.autoDeferred = true;
            event.defer().catch((error: unknown) => client.logger.warn({ err: error }, 'slash: auto-defer failed'));
          }, options.autoDeferAfter);
    try {
      const result = call();
      if (isAsyncIterable(result)) {
        // hata's `yield`: each value answers in turn; a bare `yield` acknowledges (defers).
        for await (const value of result) {
          if (value === undefined) await event.defer();
          else await event.respond(value as HandlerResult);
        }
        options.clock.clearTimeout(timer);
        return;
      }
      const value = await result;
      options.clock.clearTimeout(timer);
      await event.respond(value as HandlerResult);
    } catch (error) {
      options.clock.clearTimeout(timer);
      const text = typeof options.errorMessage === 'function' ? options.errorMessage(error) : options.errorMessage;
      if (text !== false && !(event instanceof AutocompleteEvent)) {
        await event.respond({ content: text, ephemeral: true }).catch(() => {});
      }
      throw error;
    }
  };

  const handle = async (interaction: APIInteraction, responder: Responder = respondVia(interaction)): Promise<void> => {
    switch (interaction.type) {
      case InteractionType.ApplicationCommand: {
        const data = (interaction as APIApplicationCommandInteraction).data;
        const command = get(data.name, data.guild_id ?? interaction.guild_id, data.type);
        if (!command) {
          client.logger.warn(`slash: ${client.name} got /${data.name}, which is not declared here`);
          return;
        }
        const event = new CommandEvent(client, interaction, responder, command.ephemeral);
        if (data.type === ApplicationCommandType.User || data.type === ApplicationCommandType.Message) {
          const target = contextTarget(client, interaction as APIApplicationCommandInteraction);
          await run(event, () => command.handler?.(client, event, target));
          return;
        }
        const raw = (data as { options?: never[] }).options;
        const { path, options: leafRaw } = leafOptions(raw);
        const leaf = leafOf(command, path);
        if (!leaf?.handler) {
          client.logger.warn(`slash: /${[data.name, ...path].join(' ')} has no handler in ${client.name}`);
          return;
        }
        event.subcommand = path;
        const values = resolveOptions(
          client,
          event.guild,
          leaf.options,
          leafRaw,
          (data as { resolved?: never }).resolved,
        );
        await run(event, () => leaf.handler!(client, event, values));
        return;
      }
      case InteractionType.ApplicationCommandAutocomplete: {
        const data = (interaction as unknown as APIApplicationCommandInteraction).data as {
          name: string;
          type: number;
          guild_id?: string;
          options?: never[];
        };
        const command = get(data.name, data.guild_id ?? interaction.guild_id);
        const { path, options: leafRaw } = leafOptions(data.options);
        const leaf = command ? leafOf(command, path) : undefined;
        const focused = (leafRaw as readonly { name: string; value?: unknown; focused?: boolean }[]).find(
          (o) => o.focused,
        );
        const spec = focused ? leaf?.options[focused.name] : undefined;
        if (!focused || !spec?.autocomplete) return;
        const event = new AutocompleteEvent(client, interaction, responder);
        event.focused = focused.name;
        const result = await spec.autocomplete(client, event, String(focused.value ?? ''));
        if (event.state === 'pending') {
          await event.choices(
            (result ?? [])
              .slice(0, 25)
              .map((choice) => (typeof choice === 'object' ? choice : { name: String(choice), value: choice })),
          );
        }
        return;
      }
      case InteractionType.MessageComponent: {
        const data = (interaction as APIMessageComponentInteraction).data;
        const route = components.find(data.custom_id);
        if (!route) return;
        const event = new ComponentEvent(client, interaction, responder);
        await run(event, () => route.handler(client, event, route.params));
        return;
      }
      case InteractionType.ModalSubmit: {
        const data = (interaction as APIModalSubmitInteraction).data;
        const route = modals.find(data.custom_id);
        if (!route) return;
        const event = new ModalEvent(client, interaction, responder);
        const values = readFields(client, event.guild, route.handler.fields, data.components, data.resolved);
        await run(event, () => route.handler.handler(client, event, values as never, route.params));
        return;
      }
      default:
        return;
    }
  };

  const slash = ((handler: unknown, declaration: { customId?: CustomIdPattern } & CommandDeclaration) => {
    if (
      declaration &&
      typeof declaration === 'object' &&
      'customId' in declaration &&
      declaration.customId !== undefined
    ) {
      return component(declaration.customId, handler as ComponentHandler);
    }
    return declareCommand(handler as Runnable['handler'], declaration);
  }) as unknown as Slash;
  Object.defineProperties(slash, {
    interactions: { value: slash },
    component: { value: component },
    modal: { value: modal },
    commands: { value: commands },
    get: { value: get },
    remove: { value: remove },
    sync: { value: sync },
    handle: { value: handle },
    listen: {
      value: async (listenOptions: ListenOptions) => {
        const server = await listenForInteractions(client, handle, options.clock, listenOptions);
        runtime.onShutdown(() => server.close());
        return server;
      },
    },
    options: { value: options },
  });

  client.on('interactionCreate', (_self, interaction) => handle(interaction));
  client.on('ready', () => {
    ready = true;
    if (options.syncOnReady) {
      options.clock.clearTimeout(debounce);
      debounce = undefined;
      sync().catch((error: unknown) => client.logger.error({ err: error }, `slash: sync of ${client.name} failed`));
    }
  });
  return slash;
}

function leafOf(command: SlashCommand, path: readonly string[]): Runnable | undefined {
  if (path.length === 0) return command;
  let node = command.children.get(path[0]!);
  if (path.length > 1) node = node?.children.get(path[1]!);
  return node;
}

function contextTarget(client: KokoroClient, interaction: APIApplicationCommandInteraction): unknown {
  const data = interaction.data as unknown as {
    target_id: string;
    type: number;
    resolved?: { users?: Record<string, never>; messages?: Record<string, never> };
  };
  if (data.type === ApplicationCommandType.User) {
    const user = data.resolved?.users?.[data.target_id];
    return user ? client.cache.user(user) : client.cache.precreateUser(data.target_id);
  }
  const message = data.resolved?.messages?.[data.target_id] as Record<string, unknown> | undefined;
  if (!message)
    throw new KokoroError(
      'KOKORO_INTERACTION',
      `message ${data.target_id} is missing from the interaction's resolved data`,
    );
  return client.cache.message({
    ...(message as object),
    ...(interaction.guild_id ? { guild_id: interaction.guild_id } : {}),
  } as never);
}
