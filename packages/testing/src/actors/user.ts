/**
 * A simulated user as a test reads it: `alice.says(channel, 'ping')`, `alice.runs(bot, 'echo',
 * { text })`, `alice.clicks(message, 'vote:1')`. Each action does what Discord does when a person
 * does it (a MESSAGE_CREATE, an INTERACTION_CREATE to the bot, a reaction, a voice state) and
 * marks the channel, so `fake.nextMessage` waits for what comes after it. Interactions go through
 * `fake.interact`, which refuses what Discord's client would not send (unregistered commands,
 * options outside the schema, missing permissions).
 *
 * A user acting in a guild joins it first (GUILD_MEMBER_ADD), as a person would have to.
 */
import {
  type APIChannel,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type APIVoiceState,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
} from 'discord-api-types/v10';
import { findCommand, type InteractionAction } from '../actions/interactions.js';
import { postMessage } from '../actions/messages.js';
import { addReaction, parseEmoji } from '../actions/reactions.js';
import { setVoiceState } from '../actions/voice.js';
import type { ToneOptions } from '../voice/call.js';
import { FakeDiscordError } from '../world/errors.js';
import { type IdLike, idOf } from '../world/ids.js';
import type { FakeBot, World } from '../world/world.js';
import type { Activity, WaitOptions } from './activity.js';
import type { Expectations } from './expectations.js';
import {
  buildOptions,
  collectCustomIds,
  fillModal,
  findComponent,
  modalOf,
  type OptionValue,
} from './interaction-input.js';

/** What an actor needs of its fake (kept narrow: no import of the fake itself). */
export interface ActorHost {
  /** The fake Discord's state. */
  readonly world: World;
  /** Where actors' actions are recorded (`fake.activity`). */
  readonly activity: Activity;
  /** Pending `expect…` waits, settled as dispatches and messages arrive. */
  readonly expectations: Expectations;
  /** Send an interaction to `bot` as `options.user` (default: the actor) in `channel`; returns the interaction as dispatched. */
  interact(bot: IdLike, channel: IdLike, action: InteractionAction, options?: { user?: IdLike }): APIInteraction;
  /** The fake voice server: simulated users in calls. */
  readonly voice: {
    /** Put `user` in the voice channel (a simulated voice client, DAVE included); resolves once connected. */
    join(channel: IdLike, user: IdLike): Promise<void>;
    /** Take `user` out of the voice channel. */
    leave(channel: IdLike, user: IdLike): void;
    /** Make `user` speak a tone into the channel; resolves when it has been sent. */
    play(channel: IdLike, user: IdLike, tone?: ToneOptions): Promise<void>;
  };
}

/** Options of {@link FakeUser.runs}. */
export interface RunOptions extends WaitOptions {
  /** Where the command is run; defaults to the channel the user last acted in, else the first text channel of the default guild. */
  channel?: IdLike;
}

/** A simulated user; get one with `fake.user(name)`. */
export class FakeUser {
  /** The user's Discord object. */
  readonly user: APIUser;
  readonly #host: ActorHost;
  #lastChannel: string | undefined;

  constructor(host: ActorHost, user: APIUser) {
    this.#host = host;
    this.user = user;
  }

  /** The user's id. */
  get id(): string {
    return this.user.id;
  }

  /** The user's name. */
  get username(): string {
    return this.user.username;
  }

  /** Post `content` in `channel` (a guild channel or a DM); resolves with the message once dispatched. */
  async says(channel: IdLike, content: string, options: { replyTo?: IdLike } = {}): Promise<APIMessage> {
    const channelId = this.#enter(channel, 'says');
    const message = postMessage(this.#host.world, channelId, this.user, {
      content,
      ...(options.replyTo ? { replyTo: idOf(options.replyTo) } : {}),
    });
    this.#host.expectations.mark(channelId, message.id);
    return message;
  }

  /**
   * Run a bot's slash command, options given by name and typed from the registered command
   * (`alice.runs(bot, 'echo', { text: 'hi' })`; a subcommand as `'config set'`). Waits up to
   * `timeout` for the command to be registered (a bot registers at start), then sends
   * INTERACTION_CREATE. Resolves with the interaction; the answer is read with `fake.nextMessage`
   * or `fake.responseTo(interaction)`.
   */
  async runs(
    bot: IdLike,
    command: string,
    options: Record<string, OptionValue> = {},
    run: RunOptions = {},
  ): Promise<APIInteraction> {
    const fakeBot = this.#bot(bot, 'runs');
    const channelId = this.#enter(run.channel ?? this.#defaultChannel('runs'), 'runs');
    const [name, ...path] = command.trim().split(/\s+/);
    if (!name) throw new FakeDiscordError('runs: give the command name, e.g. alice.runs(bot, "ping").');
    const world = this.#host.world;
    const guildId = world.guildIdOfChannel(channelId);
    const registered = await this.#host.activity.until(() => findCommand(world, fakeBot, name, guildId), {
      ...(run.timeout !== undefined ? { timeout: run.timeout } : {}),
      label: () => undefined,
      describe: () =>
        `runs: /${name} is not registered for ${fakeBot.name}${guildId ? ` in guild ${guildId}` : ''} or globally within ${run.timeout ?? 5000} ms (fake clock); registered: ${registeredNames(world, fakeBot, guildId)}.`,
    });
    const given = buildOptions(registered, path, options);
    this.#host.expectations.mark(channelId);
    return this.#host.interact(
      fakeBot,
      channelId,
      { kind: 'command', name, ...(given ? { options: given } : {}) },
      {
        user: this.user,
      },
    );
  }

  /** Click the button `customId` of a bot's message (INTERACTION_CREATE to the message's bot). */
  async clicks(message: IdLike, customId: string): Promise<APIInteraction> {
    return this.#component(message, customId, undefined, 'clicks');
  }

  /** Choose `values` in the select menu `customId` (string values, or users/roles/channels for those selects). */
  async selects(message: IdLike, customId: string, values: readonly (string | IdLike)[]): Promise<APIInteraction> {
    return this.#component(
      message,
      customId,
      values.map((value) => idOf(value)),
      'selects',
    );
  }

  /**
   * Fill and submit the modal a bot answered `interaction` with (waiting for that answer), text
   * inputs given by custom id: `alice.submits(interaction, { reason: 'spam' })`. Throws for an
   * unknown field or a missing required one, as Discord's client would not submit it.
   */
  async submits(
    interaction: IdLike,
    values: Record<string, string | readonly string[]>,
    options: WaitOptions = {},
  ): Promise<APIInteraction> {
    const world = this.#host.world;
    const id = idOf(interaction);
    if (!world.stores.interactions.has(id)) throw new FakeDiscordError(`submits: unknown interaction ${id}.`);
    const state = await this.#host.activity.until(
      () => {
        const s = world.stores.interactions.get(id);
        return s?.responseType !== undefined ? s : undefined;
      },
      {
        ...options,
        label: () => undefined,
        describe: () =>
          `submits: the bot did not answer interaction ${id} within ${options.timeout ?? 5000} ms (fake clock).`,
      },
    );
    const modal = modalOf(state);
    const components = fillModal(modal, values);
    const channelId = state.channelId ?? this.#defaultChannel('submits');
    this.#host.expectations.mark(channelId);
    return this.#host.interact(
      state.applicationId,
      channelId,
      { kind: 'modal', customId: modal.custom_id, components },
      { user: this.user },
    );
  }

  /** React to a message with an emoji (`'👍'` or `'name:id'`); MESSAGE_REACTION_ADD. */
  async reacts(message: IdLike, emoji: string): Promise<void> {
    const found = this.#message(message, 'reacts');
    this.#enter(found.channel_id, 'reacts');
    addReaction(this.#host.world, found, this.user.id, parseEmoji(emoji));
  }

  /**
   * Join a voice channel as a person does: the voice state (VOICE_STATE_UPDATE) and, through the
   * fake voice server, a place in the channel's call (a DAVE member that bots in the call hear and
   * that can `speaks`). Resolves once the user is in the call.
   */
  async joinsVoice(channel: IdLike): Promise<APIVoiceState> {
    const channelId = idOf(channel);
    const found = this.#host.world.channels.get(channelId);
    if (!found || (found.type !== ChannelType.GuildVoice && found.type !== ChannelType.GuildStageVoice)) {
      throw new FakeDiscordError(`joinsVoice: ${channelId} is not a voice or stage channel of the fake.`);
    }
    this.#enter(channelId, 'joinsVoice');
    const guildId = this.#host.world.guildIdOfChannel(channelId)!;
    const current = this.#host.world.guild(guildId)?.voiceStates.get(this.user.id)?.channel_id;
    if (current && current !== channelId) this.#host.voice.leave(current, this.user.id);
    await this.#host.voice.join(channelId, this.user.id);
    return this.#host.world.guild(guildId)!.voiceStates.get(this.user.id) as APIVoiceState;
  }

  /** Play a tone in the voice channel the user is in (see `ToneOptions`); resolves when it ends. */
  async speaks(channel: IdLike, tone: ToneOptions = {}): Promise<void> {
    await this.#host.voice.play(channel, this.user.id, tone);
  }

  /** Leave voice in the guild of `channel` (or a guild id); VOICE_STATE_UPDATE with no channel. */
  async leavesVoice(guildOrChannel: IdLike): Promise<void> {
    const world = this.#host.world;
    const id = idOf(guildOrChannel);
    const guildId = world.guilds.has(id) ? id : world.guildIdOfChannel(id);
    if (!guildId) throw new FakeDiscordError(`leavesVoice: ${id} is neither a guild nor a guild channel of the fake.`);
    const current = world.guild(guildId)?.voiceStates.get(this.user.id)?.channel_id;
    if (current) this.#host.voice.leave(current, this.user.id);
    else setVoiceState(world, guildId, this.user.id, null);
  }

  /** The DM channel between this user and a bot (created on first use); `says` in it DMs the bot. */
  dm(bot: IdLike): APIChannel {
    return this.#host.world.dmChannel(this.#bot(bot, 'dm').id, this.user.id);
  }

  async #component(
    message: IdLike,
    customId: string,
    values: string[] | undefined,
    verb: string,
  ): Promise<APIInteraction> {
    const found = this.#message(message, verb);
    const component = findComponent(found.components ?? [], customId);
    if (!component) {
      const ids = collectCustomIds(found.components ?? []);
      throw new FakeDiscordError(
        `${verb}: message ${found.id} has no component '${customId}'; it has: ${ids.join(', ') || 'no components'}.`,
      );
    }
    const isSelect = component.type !== ComponentType.Button;
    if (verb === 'clicks' && isSelect)
      throw new FakeDiscordError(`clicks: '${customId}' is a select menu; use selects.`);
    if (verb === 'selects' && !isSelect) throw new FakeDiscordError(`selects: '${customId}' is a button; use clicks.`);
    if (component.disabled) throw new FakeDiscordError(`${verb}: '${customId}' is disabled.`);
    const botId = found.application_id ?? found.author.id;
    const channelId = this.#enter(found.channel_id, verb);
    this.#host.expectations.mark(channelId);
    return this.#host.interact(
      this.#bot(botId, verb),
      channelId,
      {
        kind: 'component',
        customId,
        componentType: component.type,
        message: found,
        ...(values ? { values } : {}),
      },
      { user: this.user },
    );
  }

  /** The current version of a message (by id or stale object), from its channel or the ephemeral store. */
  #message(message: IdLike, verb: string): APIMessage {
    const world = this.#host.world;
    const id = idOf(message);
    const channelId = typeof message === 'object' ? (message as Partial<APIMessage>).channel_id : undefined;
    const found =
      (channelId ? world.messagesOf(channelId).get(id) : undefined) ??
      world.stores.ephemeralMessages.get(id) ??
      (typeof message === 'object' && 'channel_id' in message ? undefined : findAnywhere(world, id));
    if (!found) throw new FakeDiscordError(`${verb}: unknown message ${id} (deleted, or never posted in the fake).`);
    return found;
  }

  #bot(bot: IdLike, verb: string): FakeBot {
    const id = idOf(bot);
    const found = id === undefined ? undefined : this.#host.world.bots.get(id);
    if (!found) {
      throw new FakeDiscordError(
        `${verb}: unknown bot ${String(id)}; give a bot made with fake.addBot, its id, or a Kokoro Client that has started.`,
      );
    }
    return found;
  }

  /** Check the channel, join its guild if needed, remember it as the user's current channel. */
  #enter(channel: IdLike, verb: string): string {
    const world = this.#host.world;
    const channelId = idOf(channel);
    if (!world.channels.has(channelId)) {
      throw new FakeDiscordError(`${verb}: unknown channel ${channelId}; create it with fake.addChannel first.`);
    }
    const guildId = world.guildIdOfChannel(channelId);
    if (guildId && !world.guild(guildId)?.members.has(this.user.id)) world.addMember(guildId, this.user.id);
    this.#lastChannel = channelId;
    return channelId;
  }

  #defaultChannel(verb: string): string {
    if (this.#lastChannel) return this.#lastChannel;
    const guild = [...this.#host.world.guilds.values()][0];
    const channel = guild
      ? [...this.#host.world.channels.values()].find(
          (c) => c.type === ChannelType.GuildText && this.#host.world.guildIdOfChannel(c.id) === guild.guild.id,
        )
      : undefined;
    if (!channel) {
      throw new FakeDiscordError(
        `${verb}: no channel given and the fake has no text channel in a guild; pass { channel }.`,
      );
    }
    return channel.id;
  }
}

function findAnywhere(world: World, id: string): APIMessage | undefined {
  for (const channelId of world.channels.keys()) {
    const found = world.messagesOf(channelId).get(id);
    if (found) return found;
  }
  return undefined;
}

function registeredNames(world: World, bot: FakeBot, guildId: string | undefined): string {
  const names = [
    ...(guildId ? world.stores.commandsOf(bot.applicationId, guildId).values() : []),
    ...world.stores.commandsOf(bot.applicationId).values(),
  ]
    .filter((c) => c.type === ApplicationCommandType.ChatInput)
    .map((c) => `/${c.name}`);
  return names.join(', ') || 'none';
}
