// A stand-in client for the extension's unit tests: it records what is sent and lets a test
// deliver messages and interactions. Entity-heavy behaviour runs against the fake Discord in
// test/src/commands-*.test.ts at the repository root.
import type { KokoroClient, Message } from '@kokoro/core';
import { ManualClock } from '@kokoro/core';
import { type CommandsExtensionOptions, createCommands } from '../src/index.js';

type Handler = (client: KokoroClient, ...args: unknown[]) => unknown;

/** A message author. */
export interface StubAuthor {
  id: string;
  bot?: boolean;
  username?: string;
}

/** Options of a stub message. */
export interface SayOptions {
  author?: StubAuthor;
  guild?: unknown;
  channel?: Record<string, unknown>;
  mentions?: unknown[];
}

/** A client with 'commands' on a stub, a manual clock, and what it sent. */
export function stubClient(options: Partial<CommandsExtensionOptions> = {}, extra: Record<string, unknown> = {}) {
  const handlers = new Map<string, Handler[]>();
  const sent: { channel: unknown; body: unknown }[] = [];
  const responses: { id: string; body: unknown }[] = [];
  const clock = new ManualClock();
  const client = {
    id: '1000',
    name: 'Stub',
    extensions: ['commands'],
    clock,
    cache: { users: new Map(), channels: new Map() },
    on(event: string, handler: Handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return client;
    },
    async messageCreate(channel: unknown, body: unknown) {
      sent.push({ channel, body });
      return { id: String(sent.length) };
    },
    async interactionResponseCreate(id: string, _token: string, body: unknown) {
      responses.push({ id, body });
    },
    async currentApplicationGet() {
      return { id: '1000', owner: { id: '7' }, team: null };
    },
    ...extra,
  } as unknown as KokoroClient;
  const commands = createCommands(client, { prefix: '!', ...options });

  /** Deliver a message; resolves with the error the handler threw, if any. */
  const say = async (content: string, sayOptions: SayOptions = {}): Promise<unknown> => {
    const message = {
      id: '9',
      content,
      author: { id: '2000', bot: false, username: 'mika', globalName: null, tag: 'mika', ...sayOptions.author },
      channel: { id: '42', nsfw: false, isThread: false, permissionsFor: () => 0n, ...sayOptions.channel },
      guild: sayOptions.guild ?? null,
      mentions: sayOptions.mentions ?? [],
    } as unknown as Message;
    try {
      for (const handler of handlers.get('messageCreate') ?? []) await handler(client, message);
      return undefined;
    } catch (error) {
      return error;
    }
  };
  /** Deliver an interaction. */
  const interact = async (interaction: unknown) => {
    for (const handler of handlers.get('interactionCreate') ?? []) await handler(client, interaction);
  };
  /** The text of each message sent. */
  const texts = () =>
    sent.map(({ body }) => (typeof body === 'string' ? body : (body as { content?: string }).content));
  return { client, commands, say, interact, sent, texts, responses, clock, handlers };
}
