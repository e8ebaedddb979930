/**
 * Gateway commands from workers: a worker's client runs no shard, so its presence updates (op 3),
 * voice states (op 4), member requests (op 8) and raw sends go to the gateway process that owns
 * the shard, which sends them through the shard's own send limiter.
 *
 * Theory. Commands are NATS core requests (not stream messages: a command is worth sending only
 * while someone can act on it now) on `<prefix>-cmd.<botId>.<shardId>`, outside the events
 * stream's `<prefix>.>`. A gateway process subscribes to the subject of each shard it runs, and
 * answers each request once the shard took the payload (`{ ok: true }`) or refused it
 * (`{ error: { name, code, message } }`, e.g. a payload over 4096 bytes or a closed shard). Only
 * the owner answers, so a request nobody owns gets NATS's "no responders" at once: the worker asks
 * again (a gateway process may be restarting) until `commandTimeout`, then fails with
 * {@link GatewayCommandError}. Nothing waits forever.
 *
 * A member request's answer comes as events: the worker makes the nonce, the gateway process sends
 * op 8 as it is, and the GUILD_MEMBERS_CHUNKs (or RATE_LIMITED) with that nonce reach the worker
 * through the stream, where it gathers them as a shard would (`MemberRequests` of
 * @kokoro/gateway). The shard of a guild is `(guild_id >> 22) % shard_count`, the count read from
 * the READY events in the stream.
 */
import { type Clock, KokoroError, systemClock } from '@kokoro/common';
import type { RemoteGateway } from '@kokoro/core';
import {
  buildMemberRequest,
  type GuildMembersResult,
  MemberRequests,
  type RequestGuildMembersOptions,
  type ShardManager,
  type VoiceStateOptions,
} from '@kokoro/gateway';
import { type NatsConnection, RequestError, type Subscription, TimeoutError } from '@nats-io/transport-node';
import {
  type GatewayGuildMembersChunkDispatchData,
  GatewayOpcodes,
  type GatewayPresenceUpdateData,
  type GatewayRateLimitedDispatchData,
  type GatewaySendPayload,
} from 'discord-api-types/v10';
import { commandSubject } from './subjects.js';

/** A gateway command a worker could not get sent: no gateway process owns the shard, or the shard refused. */
export class GatewayCommandError extends KokoroError {
  /** The shard the command was for. */
  readonly shardId: number;
  /** The name of the error the gateway process met (`ShardClosedError`…), when it answered one. */
  readonly remote: string | undefined;

  constructor(shardId: number, message: string, remote?: { name: string; code?: string }) {
    super(remote?.code === undefined ? 'KOKORO_GATEWAY_COMMAND' : remote.code, message);
    this.shardId = shardId;
    this.remote = remote?.name;
  }
}

/** A command on the wire. */
type Command =
  | { op: 'send'; payload: GatewaySendPayload }
  | { op: 'presence'; presence: GatewayPresenceUpdateData }
  | { op: 'voice'; guildId: string; channelId: string | null; options: VoiceStateOptions };

/** A command's answer on the wire. */
type Answer = { ok: true } | { error: { name: string; code?: string; message: string } };

const encoder = new TextEncoder();

/**
 * The gateway side: answer the commands of every shard `manager` runs. Returns the subscriptions
 * (unsubscribe them to stop).
 */
export function serveCommands(
  nc: NatsConnection,
  prefix: string,
  botId: string,
  manager: ShardManager,
  onError: (error: unknown, shardId: number) => void,
): Subscription[] {
  return [...manager.shards.values()].map((shard) =>
    nc.subscribe(commandSubject(prefix, botId, shard.id), {
      callback: (error, msg) => {
        if (error) return onError(error, shard.id);
        let command: Command;
        try {
          command = msg.json<Command>();
        } catch (cause) {
          return onError(cause, shard.id);
        }
        const sent =
          command.op === 'presence'
            ? shard.updatePresence(command.presence)
            : command.op === 'voice'
              ? shard.updateVoiceState(command.guildId, command.channelId, command.options)
              : shard.send(command.payload);
        sent.then(
          () => msg.respond(encoder.encode(JSON.stringify({ ok: true } satisfies Answer))),
          (failure: unknown) => {
            const { name, message, code } = failure as { name?: string; message?: string; code?: unknown };
            const answer: Answer = {
              error: {
                name: name ?? 'Error',
                message: message ?? String(failure),
                ...(typeof code === 'string' ? { code } : {}),
              },
            };
            msg.respond(encoder.encode(JSON.stringify(answer)));
          },
        );
      },
    }),
  );
}

/** Options of {@link StreamGateway}. */
export interface StreamGatewayOptions {
  /** Longest wait for a gateway process to take a command, ms (default 10 000). */
  commandTimeout?: number;
  /** How long a member request waits for its chunks, ms (default 60 000, as a shard). */
  memberRequestTimeout?: number;
  /** The clock of the member requests' timeouts. */
  clock?: Clock;
}

/** The worker side: a client's {@link RemoteGateway} through the gateway processes. */
export class StreamGateway implements RemoteGateway {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #botId: string;
  readonly #intents: number;
  readonly #timeout: number;
  readonly #memberTimeout: number;
  readonly #clock: Clock;
  readonly #members = new MemberRequests();
  #shardCount = 1;
  #nonce = 0;

  constructor(nc: NatsConnection, prefix: string, botId: string, intents: number, options: StreamGatewayOptions = {}) {
    this.#nc = nc;
    this.#prefix = prefix;
    this.#botId = botId;
    this.#intents = intents;
    this.#timeout = options.commandTimeout ?? 10_000;
    this.#memberTimeout = options.memberRequestTimeout ?? 60_000;
    this.#clock = options.clock ?? systemClock;
  }

  /** The bot's shard count, as the last READY said. */
  get shardCount(): number {
    return this.#shardCount;
  }

  /** See every dispatch of the bot from the stream: READY (the shard count), member chunks. */
  observe(t: string, d: unknown): void {
    if (t === 'READY') {
      const count = (d as { shard?: [number, number] }).shard?.[1];
      if (count !== undefined && Number.isInteger(count) && count > 0) this.#shardCount = count;
    } else if (t === 'GUILD_MEMBERS_CHUNK') {
      this.#members.chunk(d as GatewayGuildMembersChunkDispatchData);
    } else if (t === 'RATE_LIMITED') {
      this.#members.rateLimited(d as GatewayRateLimitedDispatchData);
    }
  }

  /** The shard of a guild. */
  shardOf(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.#shardCount));
  }

  /** See {@link RemoteGateway.sendPayload}. */
  async sendPayload(payload: GatewaySendPayload, shardId: number): Promise<void> {
    await this.#command(shardId, { op: 'send', payload });
  }

  /** See {@link RemoteGateway.updatePresence}. */
  async updatePresence(presence: GatewayPresenceUpdateData): Promise<void> {
    const shards = Array.from({ length: this.#shardCount }, (_, id) => id);
    await Promise.all(shards.map((id) => this.#command(id, { op: 'presence', presence })));
  }

  /** See {@link RemoteGateway.updateVoiceState}. */
  async updateVoiceState(guildId: string, channelId: string | null, options: VoiceStateOptions): Promise<void> {
    await this.#command(this.shardOf(guildId), { op: 'voice', guildId, channelId, options });
  }

  /** See {@link RemoteGateway.requestGuildMembers}. */
  requestGuildMembers(guildId: string, options: RequestGuildMembersOptions): Promise<GuildMembersResult> {
    let data: ReturnType<typeof buildMemberRequest>;
    try {
      const nonce = options.nonce ?? `w${(++this.#nonce).toString(36)}.${Math.random().toString(36).slice(2, 10)}`;
      data = buildMemberRequest(guildId, options, this.#intents, nonce);
    } catch (error) {
      return Promise.reject(error);
    }
    const shardId = this.shardOf(guildId);
    return this.#members.open(guildId, data.nonce!, this.#memberTimeout, this.#clock, () =>
      this.#command(shardId, { op: 'send', payload: { op: GatewayOpcodes.RequestGuildMembers, d: data } }),
    );
  }

  /** Fail the member requests still waiting (the client stops). */
  close(error: unknown): void {
    this.#members.failAll(error);
  }

  /** Send one command to the process owning `shardId`; ask again while nobody owns it, until the timeout. */
  async #command(shardId: number, command: Command): Promise<void> {
    const subject = commandSubject(this.#prefix, this.#botId, shardId);
    const body = encoder.encode(JSON.stringify(command));
    const deadline = Date.now() + this.#timeout;
    const none = () =>
      new GatewayCommandError(
        shardId,
        `no gateway process took the command for shard ${shardId} of bot ${this.#botId} within ${this.#timeout} ms: start \`kokoro gateway\` for that shard (same NATS and subject prefix "${this.#prefix}")`,
      );
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw none();
      let answer: Answer;
      try {
        answer = (await this.#nc.request(subject, body, { timeout: left })).json<Answer>();
      } catch (error) {
        // Nobody subscribed (yet): a gateway process may be starting. Ask again shortly.
        if (error instanceof RequestError && error.isNoResponders()) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, left))));
          continue;
        }
        // The request waited all the time left (its timer may fire a little before Date.now() says
        // the deadline passed: timers run on the event loop's cached clock).
        if (error instanceof TimeoutError || Date.now() >= deadline) throw none();
        throw new GatewayCommandError(
          shardId,
          `could not send the command for shard ${shardId}: ${(error as Error).message}`,
        );
      }
      if ('ok' in answer) return;
      throw new GatewayCommandError(
        shardId,
        `the gateway process of shard ${shardId} refused the command: ${answer.error.message}`,
        answer.error,
      );
    }
  }
}
