/**
 * What can stop a command before or while it runs. Each is a `KokoroError`; the extension turns the
 * expected ones (a bad parameter, a failed check, a cooldown) into a short reply, and anything else
 * into a short apology plus the client's `error` event.
 */
import { KokoroError } from '@kokoro/core';

/** A command definition that cannot work (bad name, handler, parameter list, check...): thrown at `add`. */
export class CommandDefinitionError extends KokoroError {
  constructor(message: string) {
    super('KOKORO_COMMAND', message);
  }
}

/** Thrown by a parameter's parser: the raw value and why it is not acceptable. */
export class ParamValueError extends KokoroError {
  /** Why the value is refused (`expected an integer`). */
  readonly reason: string;

  constructor(reason: string) {
    super('KOKORO_COMMAND_PARAMETER', reason);
    this.reason = reason;
  }
}

/**
 * A user typed a bad, missing or extra argument. The default reply is the message plus the
 * command's usage; the handler is not called.
 */
export class ParameterError extends KokoroError {
  /** The command's full name (`config prefix set`). */
  readonly command: string;
  /** The parameter's name, or undefined for an extra argument. */
  readonly parameter: string | undefined;
  /** 1-based position of the parameter among the command's parameters (or of the extra argument). */
  readonly position: number;
  /** What the user typed for it (undefined when missing). */
  readonly value: string | undefined;
  /** Why it was refused. */
  readonly reason: string;
  /** The usage line, prefix included (`s!add <a> <b>`). */
  readonly usage: string;

  constructor(init: {
    command: string;
    parameter: string | undefined;
    position: number;
    value: string | undefined;
    reason: string;
    usage: string;
    message?: string;
  }) {
    const what = init.parameter === undefined ? `argument ${init.position}` : `parameter \`${init.parameter}\``;
    super(
      'KOKORO_COMMAND_PARAMETER',
      init.message ??
        (init.value === undefined ? `${what}: ${init.reason}.` : `${what}: ${init.reason}, got \`${init.value}\`.`),
    );
    this.command = init.command;
    this.parameter = init.parameter;
    this.position = init.position;
    this.value = init.value;
    this.reason = init.reason;
    this.usage = init.usage;
  }
}

/** A check refused the message. `reply` is what to answer, or null to stay silent. */
export class CheckError extends KokoroError {
  /** The command's full name. */
  readonly command: string;
  /** The check's description (`guild only`). */
  readonly check: string;
  /** The reply, or null for a silent check. */
  readonly reply: string | null;

  constructor(command: string, check: string, reply: string | null) {
    super('KOKORO_COMMAND_CHECK', reply ?? `check "${check}" failed`);
    this.command = command;
    this.check = check;
    this.reply = reply;
  }
}

/** The command is on cooldown for this user, channel or guild. */
export class CooldownError extends KokoroError {
  /** The command's full name. */
  readonly command: string;
  /** When it can be used again (ms since the epoch, on the extension's clock). */
  readonly retryAt: number;
  /** How long until then (ms). */
  readonly retryAfter: number;

  constructor(command: string, retryAt: number, retryAfter: number) {
    super('KOKORO_COMMAND_COOLDOWN', `\`${command}\` is on cooldown; try again in ${formatWait(retryAfter)}.`);
    this.command = command;
    this.retryAt = retryAt;
    this.retryAfter = retryAfter;
  }
}

/** `1.5 s`, `2 min 5 s`, `1 h 30 min`: a wait in words a user reads quickly. */
export function formatWait(ms: number): string {
  if (ms < 10_000) return `${Math.max(0.1, Math.ceil(ms / 100) / 10)} s`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
