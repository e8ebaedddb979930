/**
 * The lifecycle of a shard, as an explicit state:
 *
 * ```
 * idle -> connecting -> identifying -> ready          (a new session)
 *                    -> resuming    -> ready          (the same session, missed events replayed)
 * ready | connecting | identifying | resuming -> reconnecting -> connecting   (any loss; backoff)
 * any -> closing -> closed                            (close())
 * any -> closed                                       (a fatal close, or no session starts left)
 * ```
 */
/** The states of a shard (see the module comment of shard-state.ts). */
export enum ShardState {
  /** Not started yet. */
  Idle = 'idle',
  /** Opening the socket and waiting for Hello. */
  Connecting = 'connecting',
  /** Waiting for the identify queue, or for READY. */
  Identifying = 'identifying',
  /** Resume sent; waiting for RESUMED. */
  Resuming = 'resuming',
  /** Connected with a session: dispatches flow. */
  Ready = 'ready',
  /** Waiting before the next connection attempt. */
  Reconnecting = 'reconnecting',
  /** `close()` was called; the socket is closing. */
  Closing = 'closing',
  /** Closed for good (by `close()`, or a fatal close code). */
  Closed = 'closed',
}
