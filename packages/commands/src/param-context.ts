/**
 * What a parameter parser is given besides the text: the client and the message being handled. A
 * leaf module, so that params.ts (which runs the resolvers) and resolve.ts (which they are) both
 * name it without importing each other.
 */
import type { KokoroClient, Message } from '@kokoro/core';

/** What a parser sees besides the text: the client and the message being answered. */
export interface ParamContext {
  /** The client answering. */
  readonly client: KokoroClient;
  /** The message being parsed. */
  readonly message: Message;
}
