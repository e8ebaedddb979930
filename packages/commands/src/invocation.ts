/**
 * What the extension knows about a message it is running a command for: the prefix typed and the
 * command found. Handlers read it with `invocationOf(message)` (to show a usage line, say), without
 * a wider handler signature.
 */
import type { Message } from '@kokoro/core';
import type { Command } from './registry.js';

/** One command run. */
export interface Invocation {
  /** The prefix as typed (`s!`, or `@Saki ` for a mention). */
  readonly prefix: string;
  /** The command (a subcommand, when one was named). */
  readonly command: Command;
}

const invocations = new WeakMap<Message, Invocation>();

/** The command run a message started, while (and after) it runs. */
export function invocationOf(message: Message): Invocation | undefined {
  return invocations.get(message);
}

/** Record a run (the extension calls this). */
export function recordInvocation(message: Message, invocation: Invocation): void {
  invocations.set(message, invocation);
}
