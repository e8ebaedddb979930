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
 * within the stream's duplicate window, so a publish retried after a lost ack is stored once.
 *
 * A run of dispatches of one type with consecutive sequences (a burst of MESSAGE_CREATEs read from
 * the socket in one turn) is published as one message: the body is the JSON array of their `d`s and
 * the id `<botId>:<shardId>:<sessionId>:<first seq>+<count>`. Every per-message cost of NATS and
 * JetStream (protocol parsing, storage, delivery, acknowledgement) is then paid once per run instead
 * of once per dispatch. Runs are cut at a type change, a sequence gap, a size limit and the end of
 * the turn, so the stream keeps the session's order. A restarted gateway that replays an overlap may
 * cut it differently, so a dispatch can be stored twice under different ids: workers drop a
 * dispatch whose sequence they already applied for its session (see worker-connector.ts).
 */

/** The subject of a dispatch. */
export function dispatchSubject(prefix: string, botId: string, shardId: number, t: string): string {
  return `${prefix}.${botId}.${shardId}.${t}`;
}

/** The de-duplication id of a dispatch (`Nats-Msg-Id`). */
export function dispatchId(botId: string, shardId: number, sessionId: string, seq: number): string {
  return `${botId}:${shardId}:${sessionId}:${seq}`;
}

/** The id of a run of `count` dispatches from `seq` on (`count` 1: the dispatch's own id). */
export function runId(botId: string, shardId: number, sessionId: string, seq: number, count: number): string {
  const id = dispatchId(botId, shardId, sessionId, seq);
  return count === 1 ? id : `${id}+${count}`;
}

/** A message id read back: the session (`<botId>:<shardId>:<sessionId>`), the first sequence and the count. */
export interface ParsedRunId {
  /** `<botId>:<shardId>:<sessionId>`: sequences are compared within it. */
  session: string;
  /** The sequence of the first dispatch. */
  seq: number;
  /** How many dispatches (1 for a single one, whose body is its `d`; more: a JSON array of them). */
  count: number;
}

/** Read a message id; undefined when it is not one of ours. */
export function parseRunId(id: string): ParsedRunId | undefined {
  const colon = id.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const tail = id.slice(colon + 1);
  const plus = tail.indexOf('+');
  const seq = Number(plus < 0 ? tail : tail.slice(0, plus));
  const count = plus < 0 ? 1 : Number(tail.slice(plus + 1));
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(count) || count < 1) return undefined;
  return { session: id.slice(0, colon), seq, count };
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
