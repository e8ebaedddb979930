/**
 * The event object a handler receives for an interaction, and how it answers. Discord takes exactly
 * one initial response within 3 seconds (a message, a deferral, an update, a modal, autocomplete
 * choices); afterwards the token edits that response and sends follow-ups for 15 minutes. The event
 * tracks which step it is at, so `event.respond` after a deferral edits the deferred response, and a
 * second initial response is a clear error instead of Discord's 40060.
 *
 * The initial response goes through a {@link Responder}: over the gateway it is the REST callback;
 * in HTTP mode it is the body of the HTTP answer to Discord's request.
 */
import { type Channel, type Guild, type GuildMember, type KokoroClient, KokoroError, type User } from '@kokoro/core';
import {
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import { resolveValue } from './resolve.js';
import { type HandlerResult, type Reply, type ResponseOptions, toReply } from './result.js';

/** The option type whose resolution a select menu's values share. */
const SELECT_OPTION_TYPES: Record<number, ApplicationCommandOptionType> = {
  [ComponentType.UserSelect]: ApplicationCommandOptionType.User,
  [ComponentType.RoleSelect]: ApplicationCommandOptionType.Role,
  [ComponentType.MentionableSelect]: ApplicationCommandOptionType.Mentionable,
  [ComponentType.ChannelSelect]: ApplicationCommandOptionType.Channel,
};

/** Sends the initial response (gateway: the REST callback; HTTP mode: the HTTP answer). */
export type Responder = (
  body: { type: InteractionResponseType; data?: unknown },
  files?: ResponseOptions['files'],
) => Promise<void>;

/** Where an interaction is in its life. */
export type ResponseState = 'pending' | 'deferred' | 'responded';

/** Thrown when an interaction is answered twice, or a follow-up comes before any answer. */
export class InteractionResponseError extends KokoroError {
  constructor(message: string) {
    super('KOKORO_INTERACTION_RESPONSE', message);
  }
}

/** What every interaction event has. */
export class InteractionEvent {
  /** The client the interaction was sent to. */
  readonly client: KokoroClient;
  /** The interaction as Discord sent it. */
  readonly interaction: APIInteraction;
  /** Who interacted (the `User` entity). */
  readonly user: User;
  /** Their member in the guild, when in a guild. */
  readonly member: GuildMember | undefined;
  /** The guild, when in a guild. */
  readonly guild: Guild | undefined;
  /** The channel it happened in. */
  readonly channel: Channel | undefined;
  /** Where the interaction is: nothing sent yet, deferred, or answered. */
  state: ResponseState = 'pending';
  /** Whether Kokoro deferred it because the handler was still running near the 3 s limit. */
  autoDeferred = false;
  readonly #respond: Responder;
  readonly #ephemeral: boolean;
  #initial: Promise<void> | undefined;

  constructor(client: KokoroClient, interaction: APIInteraction, respond: Responder, ephemeral = false) {
    this.client = client;
    this.interaction = interaction;
    this.#respond = respond;
    this.#ephemeral = ephemeral;
    const cache = client.cache;
    const guildId = interaction.guild_id;
    this.guild = guildId ? (cache.guilds.get(guildId) ?? cache.precreateGuild(guildId)) : undefined;
    const userData = interaction.member?.user ?? interaction.user;
    this.user = userData ? cache.user(userData) : cache.precreateUser('0');
    this.member =
      this.guild && interaction.member
        ? cache.member(
            this.guild,
            interaction.member as unknown as Parameters<typeof cache.member>[1],
            undefined,
            this.user,
          )
        : undefined;
    const channelId = interaction.channel?.id ?? interaction.channel_id;
    this.channel = channelId
      ? (cache.channels.get(channelId) ?? cache.precreateChannel(channelId, guildId ?? null))
      : undefined;
  }

  /** The interaction id. */
  get id(): string {
    return this.interaction.id;
  }

  /** The token for responses and follow-ups (valid 15 minutes). */
  get token(): string {
    return this.interaction.token;
  }

  /** The application the interaction is for. */
  get applicationId(): string {
    return this.interaction.application_id;
  }

  /** The user's locale (`'en-US'`...). */
  get locale(): string | undefined {
    return (this.interaction as { locale?: string }).locale;
  }

  /** Whether an initial response (an answer or a deferral) was sent. */
  get acknowledged(): boolean {
    return this.state !== 'pending';
  }

  /**
   * Acknowledge now and answer later (within 15 minutes): shows "thinking…" for a command; for a
   * component it acknowledges without changing the message. The handler's result then edits the
   * deferred response.
   */
  async defer(options: { ephemeral?: boolean } = {}): Promise<void> {
    if (this.state !== 'pending') return this.#initial;
    const component = this.interaction.type === InteractionType.MessageComponent;
    const ephemeral = options.ephemeral ?? this.#ephemeral;
    return this.#send(
      component
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : {
            type: InteractionResponseType.DeferredChannelMessageWithSource,
            ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
          },
      'deferred',
    );
  }

  /**
   * Answer: the first answer is the initial response; after a deferral it edits the deferred
   * response; after an answer it is a follow-up. Takes what a handler may return.
   */
  async respond(result: HandlerResult): Promise<void> {
    const reply = toReply(result, this.#ephemeral);
    if (!reply) return;
    if (reply.kind === 'modal') return this.showModal(reply.data);
    if (this.state === 'pending') {
      await this.#send(
        { type: InteractionResponseType.ChannelMessageWithSource, data: reply.body },
        'responded',
        reply.files,
      );
      return;
    }
    await this.#initial;
    if (this.state === 'deferred') {
      this.state = 'responded';
      await this.editResponse(reply);
      return;
    }
    await this.followUp(reply);
  }

  /** Open a modal (a `Modal` builder or its JSON) as the initial response. */
  async showModal(modal: { toJSON(): unknown } | Record<string, unknown>): Promise<void> {
    if (this.interaction.type === InteractionType.ModalSubmit) {
      throw new InteractionResponseError('a modal submission cannot be answered with another modal');
    }
    this.#mustBePending('showModal');
    const reply = toReply(modal);
    const data = reply?.kind === 'modal' ? reply.data : modal;
    await this.#send({ type: InteractionResponseType.Modal, data }, 'responded');
  }

  /** Edit the initial response (or the deferred one). */
  async editResponse(result: HandlerResult | Reply): Promise<APIMessage> {
    await this.#initial;
    if (this.state === 'pending')
      throw new InteractionResponseError('editResponse: nothing was sent yet; respond or defer first');
    const reply = isReply(result) ? result : toReply(result);
    if (reply?.kind !== 'message')
      throw new InteractionResponseError('editResponse: give a message (content, embeds, components)');
    const { flags, ...body } = reply.body as { flags?: number };
    // Ephemerality is fixed by the initial response; an edit keeps only the other flags (IS_COMPONENTS_V2).
    const kept = (flags ?? 0) & ~MessageFlags.Ephemeral;
    if (kept) (body as { flags?: number }).flags = kept;
    return (await this.client.interactionResponseEdit(this.applicationId, this.token, body as never, {
      ...(reply.files ? { files: reply.files } : {}),
    })) as APIMessage;
  }

  /** Delete the initial response. */
  async deleteResponse(): Promise<void> {
    await this.#initial;
    if (this.state === 'pending') throw new InteractionResponseError('deleteResponse: nothing was sent yet');
    await this.client.interactionResponseDelete(this.applicationId, this.token);
  }

  /** Send another message after the initial response (within 15 minutes). */
  async followUp(result: HandlerResult | Reply): Promise<APIMessage> {
    await this.#initial;
    if (this.state === 'pending') throw new InteractionResponseError('followUp: answer or defer the interaction first');
    const reply = isReply(result) ? result : toReply(result, this.#ephemeral);
    if (reply?.kind !== 'message')
      throw new InteractionResponseError('followUp: give a message (content, embeds, components)');
    return (await this.client.interactionFollowupCreate(this.applicationId, this.token, reply.body as never, {
      ...(reply.files ? { files: reply.files } : {}),
    })) as APIMessage;
  }

  /** Send a raw initial response (used by the typed helpers and autocomplete). */
  protected async send(body: { type: InteractionResponseType; data?: unknown }): Promise<void> {
    this.#mustBePending('respond');
    await this.#send(body, 'responded');
  }

  #mustBePending(what: string): void {
    if (this.state !== 'pending') {
      throw new InteractionResponseError(
        `${what}: interaction ${this.id} was already ${this.state === 'deferred' ? 'deferred' : 'answered'}; use editResponse or followUp`,
      );
    }
  }

  #send(
    body: { type: InteractionResponseType; data?: unknown },
    state: ResponseState,
    files?: ResponseOptions['files'],
  ): Promise<void> {
    this.state = state;
    this.#initial = this.#respond(body, files);
    return this.#initial;
  }
}

function isReply(value: unknown): value is Reply {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as Reply).kind === 'message' || (value as Reply).kind === 'modal') &&
    ('body' in value || 'data' in value)
  );
}

/** A slash command or context-menu command. */
export class CommandEvent extends InteractionEvent {
  /** The command name as invoked. */
  get commandName(): string {
    return (this.interaction.data as { name: string }).name;
  }

  /** The subcommand path (`['admin', 'ban']`), empty for a command without subcommands. */
  subcommand: readonly string[] = [];
}

/** A button click or a select menu choice. */
export class ComponentEvent extends InteractionEvent {
  /** The component's `custom_id`. */
  get customId(): string {
    return (this.interaction.data as { custom_id: string }).custom_id;
  }

  /** Values chosen in a select menu (empty for a button). */
  get values(): readonly string[] {
    return (this.interaction.data as { values?: string[] }).values ?? [];
  }

  /**
   * The chosen values of a user, role, mentionable or channel select as entities (from the
   * interaction's `resolved` data, through the shared cache); the raw values for other components.
   */
  get chosen(): readonly unknown[] {
    const data = this.interaction.data as {
      component_type: number;
      values?: string[];
      resolved?: APIInteractionDataResolved;
    };
    const type = SELECT_OPTION_TYPES[data.component_type];
    if (type === undefined) return this.values;
    return this.values.map((id) => resolveValue(this.client, this.guild, type, id, data.resolved));
  }

  /** The message the component is on. */
  get message(): APIMessage | undefined {
    return (this.interaction as { message?: APIMessage }).message;
  }

  /** Answer by editing the message the component is on (UPDATE_MESSAGE). */
  async update(result: HandlerResult): Promise<void> {
    const reply = toReply(result);
    if (reply?.kind !== 'message')
      throw new InteractionResponseError('update: give a message (content, embeds, components)');
    await this.send({ type: InteractionResponseType.UpdateMessage, data: reply.body });
  }
}

/** A submitted modal. */
export class ModalEvent extends InteractionEvent {
  /** The modal's `custom_id`. */
  get customId(): string {
    return (this.interaction as APIModalSubmitInteraction).data.custom_id;
  }
}

/** A user typing in an option with autocomplete. */
export class AutocompleteEvent extends InteractionEvent {
  /** The option being typed in. */
  focused = '';

  /** Send the suggestions (up to 25). */
  async choices(choices: readonly { name: string; value: string | number }[]): Promise<void> {
    await this.send({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  }
}
