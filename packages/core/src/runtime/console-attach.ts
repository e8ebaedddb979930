/**
 * `kokoro attach`: a console in this process, talking to a runtime in another one through its
 * console socket (see console-server.ts). The console is the local one (line editing, history in a
 * local file, completion, top-level await, `reload(...)`): only its backend differs, sending each
 * input over the socket instead of to an event thread of its own. `.exit`, Ctrl-D or end of input
 * detach; the bots keep running.
 */
import { connect, type Socket } from 'node:net';
import { ConsoleSocketError, defaultConsoleSocketPath } from './console-socket-path.js';
import { type ConsoleReply, type ConsoleRequest, readMessages, sendMessage } from './console-wire.js';
import type { Evaluation } from './evaluator.js';
import type { OutputStream } from './protocol.js';
import { type ConsoleBackend, type ConsoleOptions, runConsole } from './repl-console.js';
import type { RuntimeReady } from './start-runtime.js';

/** Options for {@link attachConsole}. */
export interface AttachOptions extends Omit<ConsoleOptions, 'attachedTo'> {
  /** The runtime's console socket (default {@link defaultConsoleSocketPath}). */
  path?: string;
}

/** A console backend that talks to a runtime through its socket. */
export interface RemoteRuntime extends ConsoleBackend {
  /** The runtime's process id. */
  readonly pid: Promise<number>;
  /** Why the runtime closed the connection, once it did (undefined while attached or after detaching). */
  closedBecause(): string | undefined;
}

/** Connect to the console socket at `path`; `ready` rejects with {@link ConsoleSocketError} when nobody listens. */
export function connectConsole(path: string = defaultConsoleSocketPath()): RemoteRuntime {
  const socket: Socket = connect(path);
  let nextId = 0;
  const waiting = new Map<number, (reply: ConsoleReply) => void>();
  const toProcess = (stream: OutputStream, text: string): void => void process[stream].write(text);
  let output: (stream: OutputStream, text: string) => void = toProcess;
  let hello = false;
  let detached = false;
  let byeReason: string | undefined;
  let closedBecause: string | undefined;
  let resolveReady!: (ready: RuntimeReady & { pid: number }) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<RuntimeReady & { pid: number }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  socket.on('error', (error: NodeJS.ErrnoException) => {
    const why =
      error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
        ? `no runtime listens at ${path}; start one with \`kokoro run <module> --no-repl --console-socket ${path}\``
        : error.code === 'EACCES'
          ? `${path} belongs to another user (the socket is mode 0600): attach as the user that runs the bots`
          : `cannot attach to ${path}: ${error.message}`;
    rejectReady(new ConsoleSocketError(why, { cause: error }));
  });
  const exited = new Promise<number>((resolve) => {
    socket.on('close', () => {
      rejectReady(new ConsoleSocketError(byeReason ?? `the runtime at ${path} closed the connection`));
      for (const settle of waiting.values()) {
        settle({ type: 'result', id: -1, ok: false, incomplete: false, text: 'the runtime closed the console' });
      }
      waiting.clear();
      if (hello && !detached) closedBecause = byeReason ?? 'the runtime closed the console';
      resolve(0);
    });
  });
  readMessages<ConsoleReply>(socket, (reply) => {
    switch (reply.type) {
      case 'hello':
        hello = true;
        resolveReady({ pid: reply.pid, clients: reply.clients, globals: reply.globals, failures: [] });
        break;
      case 'output':
        output(reply.stream, reply.text);
        break;
      case 'bye':
        byeReason = reply.reason;
        break;
      case 'result':
      case 'completion':
      case 'stats':
        waiting.get(reply.id)?.(reply);
        waiting.delete(reply.id);
        break;
    }
  });

  const ask = (request: ConsoleRequest & { id: number }): Promise<ConsoleReply> =>
    new Promise((resolve) => {
      if (socket.destroyed || !socket.writable) {
        resolve({ type: 'result', id: -1, ok: false, incomplete: false, text: 'the runtime closed the console' });
        return;
      }
      waiting.set(request.id, resolve);
      sendMessage(socket, request);
    });

  return {
    ready,
    exited,
    pid: ready.then((r) => r.pid),
    closedBecause: () => closedBecause,
    async eval(code): Promise<Evaluation> {
      const reply = await ask({ type: 'eval', id: nextId++, code });
      return reply.type === 'result'
        ? { ok: reply.ok, incomplete: reply.incomplete, text: reply.text }
        : { ok: false, incomplete: false, text: 'unexpected answer from the runtime' };
    },
    interrupt() {
      sendMessage(socket, { type: 'interrupt' });
    },
    setOutput(sink) {
      output = sink ?? toProcess;
    },
    async stats() {
      const reply = await ask({ type: 'stats', id: nextId++ });
      return reply.type === 'stats' ? reply.text : 'the runtime closed the console';
    },
    async complete(line) {
      const reply = await ask({ type: 'complete', id: nextId++, line });
      return reply.type === 'completion' ? [reply.completions, reply.completeOn] : [[], line];
    },
    /** Detach: the runtime and its bots go on. */
    shutdown() {
      detached = true;
      socket.end();
      return exited;
    },
  };
}

/**
 * Attach a console to the runtime listening at `options.path` and run it until `.exit`, end of
 * input, or the runtime stops. Resolves with 0 once detached; rejects with {@link ConsoleSocketError}
 * when it cannot attach.
 */
export async function attachConsole(options: AttachOptions = {}): Promise<number> {
  const path = options.path ?? defaultConsoleSocketPath();
  const remote = connectConsole(path);
  const pid = await remote.pid;
  const code = await runConsole(remote, { ...options, attachedTo: `the Kokoro runtime (pid ${pid}) at ${path}` });
  const closed = remote.closedBecause();
  if (closed !== undefined) (options.errorOutput ?? process.stderr).write(`kokoro: ${closed}; detached.\n`);
  return code;
}
