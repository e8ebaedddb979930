/**
 * The events of a client beside the dispatch events of the cache's `ClientEvents`: `error`, the
 * client-level `ready`, and the lifecycle of its shards. A shard's state changes
 * (`shard.onStateChange`) become these events, each called as `handler(client, shardId, ...)`.
 */
import type { ShardStateChange } from '@kokoro/gateway';
import { ShardState } from '@kokoro/gateway';
import type { GatewayReadyDispatchData } from 'discord-api-types/v10';

/** The client's own events; where a name is also a dispatch event (`ready`), this meaning wins. */
export interface CoreEvents {
  /** What a handler threw (or rejected with) and the name of that handler's event. */
  error: [error: unknown, event: string];
  /**
   * The client is ready: every shard had its READY, the guilds they announced arrived (or the
   * `waitGuildsTimeout` wait gave up, logged), and `client.user` is set. Once per `start()`, at the
   * moment `start()` resolves. The raw READY of each shard is `shardReady`.
   */
  ready: [];
  /** A shard got READY: a new session (at start, or after the session was lost). */
  shardReady: [shardId: number, data: GatewayReadyDispatchData];
  /** A shard resumed its session after a reconnect; the events it missed were replayed. */
  shardResumed: [shardId: number];
  /**
   * A shard's connection ended: Discord's close code (1006 for a drop without a close frame), or
   * the code the shard closed with itself (4900 to resume, 1000 on `stop()`), and why.
   */
  shardDisconnect: [shardId: number, code: number, reason: string];
  /** A shard will connect again after `delay` ms (it resumes when it can). */
  shardReconnecting: [shardId: number, delay: number];
  /**
   * A shard met an error: one it survived (undecodable data), or the one that stopped it (a fatal
   * close such as 4004, 4014; no session starts left; no READY within the start limits).
   */
  shardError: [shardId: number, error: unknown];
  /** Every state change of a shard (RustCord's state list): `change.from`, `change.to` and details. */
  shardStateChange: [shardId: number, change: ShardStateChange];
}

/** A client event to emit: its name and arguments. */
export type LifecycleEvent = { [K in keyof CoreEvents]: [K, CoreEvents[K]] }[keyof CoreEvents];

/** The client events a shard's state change stands for (READY itself comes from the dispatch). */
export function lifecycleEventsOf(change: ShardStateChange): LifecycleEvent[] {
  const { shardId } = change;
  const events: LifecycleEvent[] = [['shardStateChange', [shardId, change]]];
  if (change.to === ShardState.Ready && change.how === 'resumed') events.push(['shardResumed', [shardId]]);
  if (change.to === ShardState.Reconnecting || (change.to === ShardState.Closed && change.from !== ShardState.Idle)) {
    events.push(['shardDisconnect', [shardId, change.code ?? 1006, change.reason ?? '']]);
  }
  if (change.to === ShardState.Reconnecting) events.push(['shardReconnecting', [shardId, change.delay ?? 0]]);
  if (change.to === ShardState.Closed && change.error !== undefined)
    events.push(['shardError', [shardId, change.error]]);
  return events;
}
