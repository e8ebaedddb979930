/**
 * The console socket's wire format: one JSON object per line, each way. A console attached with
 * `kokoro attach` sends inputs and completion requests; the runtime answers them and sends what the
 * event thread prints (to every attached console). Closing the connection detaches: the bots keep
 * running.
 */
import type { Socket } from 'node:net';
import type { OutputStream } from './protocol.js';

/** From an attached console to the runtime. */
export type ConsoleRequest =
  | { type: 'eval'; id: number; code: string }
  | { type: 'complete'; id: number; line: string }
  | { type: 'stats'; id: number }
  /** Stop waiting for this console's running input (Ctrl-C). */
  | { type: 'interrupt' };

/** From the runtime to an attached console. */
export type ConsoleReply =
  /** Sent once on connection, when the runtime is ready. */
  | { type: 'hello'; pid: number; clients: string[]; globals: string[] }
  | { type: 'result'; id: number; ok: boolean; incomplete: boolean; text: string }
  | { type: 'completion'; id: number; completions: string[]; completeOn: string }
  | { type: 'stats'; id: number; text: string }
  | { type: 'output'; stream: OutputStream; text: string }
  /** The runtime is going away (or could not start): the connection closes next. */
  | { type: 'bye'; reason: string };

/** The largest line accepted (a pasted input can be long, but not unbounded). */
const MAX_LINE = 16 * 1024 * 1024;

/** Call `onMessage` with each JSON line read from `socket`; a malformed line closes the connection. */
export function readMessages<T>(socket: Socket, onMessage: (message: T) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    if (buffered.length > MAX_LINE) {
      socket.destroy();
      return;
    }
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line !== '') {
        let message: T;
        try {
          message = JSON.parse(line) as T;
        } catch {
          socket.destroy();
          return;
        }
        onMessage(message);
      }
      newline = buffered.indexOf('\n');
    }
  });
}

/** Write one message as a JSON line (dropped when the connection is already closed). */
export function sendMessage(socket: Socket, message: ConsoleRequest | ConsoleReply): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}
