/**
 * How dispatches are laid out in JetStream.
 *
 * One stream (default `KOKORO_EVENTS`) holds the dispatches of every bot, one subject per bot,
 * shard and event type: `<prefix>.<botId>.<shardId>.<EVENT_TYPE>` (`kokoro.1234.0.MESSAGE_CREATE`).
 * The bot id lets several bots share the stream and a worker filter its own (`kokoro.1234.>`);
 * the event type lets a consumer take only what it handles; the shard lets a worker find the last
 * READY of each shard (`kokoro.1234.3.READY`), where the state of that shard's current session
 * begins, and replay from there instead of from the stream's first message.
 *
 * The body is the raw JSON text of the dispatch's `d`, as Discord sent it (no re-encoding). The
 * message id (`Nats-Msg-Id`) is `<botId>:<shardId>:<sessionId>:<seq>`: one dispatch of one gateway
 * session, whoever publishes it and however often. JetStream drops a second publish of an id seen
 * within the stream's duplicate window, so a publish retried after a lost ack, or the overlap a
 * restarted gateway process replays when it resumes from a stale stored sequence, is stored once.
 */

/** The subject of a dispatch. */
export function dispatchSubject(prefix: string, botId: string, shardId: number, t: string): string {
  return `${prefix}.${botId}.${shardId}.${t}`;
}

/** The de-duplication id of a dispatch (`Nats-Msg-Id`). */
export function dispatchId(botId: string, shardId: number, sessionId: string, seq: number): string {
  return `${botId}:${shardId}:${sessionId}:${seq}`;
}

/** A dispatch subject read back: undefined when it is not one. */
export function parseSubject(subject: string): { botId: string; shardId: number; t: string } | undefined {
  const parts = subject.split('.');
  if (parts.length < 4) return undefined;
  const t = parts[parts.length - 1]!;
  const shardId = Number(parts[parts.length - 2]);
  const botId = parts[parts.length - 3]!;
  if (!Number.isInteger(shardId)) return undefined;
  return { botId, shardId, t };
}

/**
 * The subject of the gateway commands of one shard (see commands.ts): `<prefix>-cmd.<botId>.<shardId>`,
 * outside the events stream's `<prefix>.>` (a command is a request, not an event to keep).
 */
export function commandSubject(prefix: string, botId: string, shardId: number): string {
  return `${prefix}-cmd.${botId}.${shardId}`;
}
