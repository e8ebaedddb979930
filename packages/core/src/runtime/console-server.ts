/**
 * The console socket on the runtime's side (`kokoro run --console-socket`): a UNIX socket that
 * consoles attach to with `kokoro attach`. Each connection is a console session: its inputs are
 * evaluated on the event thread like the local console's (one at a time across every session, in
 * the order they arrive, in one shared global scope), and what the event thread prints goes to
 * every session. Closing a connection detaches; the bots keep running. The security model is in
 * console-socket-path.ts: mode 0600, a private folder by default, no TCP.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { ConsoleSocketError, defaultConsoleSocketPath, prepareSocketFolder } from './console-socket-path.js';
import { type ConsoleReply, type ConsoleRequest, readMessages, sendMessage } from './console-wire.js';
import type { RuntimeHandle } from './start-runtime.js';

/** A listening console socket. */
export interface ConsoleServer {
  /** The socket's path. */
  readonly path: string;
  /** How many consoles are attached now. */
  readonly sessions: number;
  /** Say goodbye to every attached console (their connections end), stop listening and remove the socket file. */
  close(reason?: string): Promise<void>;
}

/** Options for {@link serveConsole}. */
export interface ConsoleServerOptions {
  /** The socket path (default {@link defaultConsoleSocketPath}). */
  path?: string;
}

/** Is something listening at this UNIX socket path? */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Remove a stale socket left by a runtime that died; refuse a live one or a file that is not a socket. */
async function clearPath(path: string): Promise<void> {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket()) {
    throw new ConsoleSocketError(`${path} exists and is not a socket; remove it or give another --console-socket path`);
  }
  if (await listening(path)) {
    throw new ConsoleSocketError(`a runtime already listens at ${path}; give another --console-socket path`);
  }
  unlinkSync(path);
}

/** Listen on `path` with mode 0600 from the first moment (umask 0177 while the socket is made). */
function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let previous: number | undefined;
    try {
      previous = process.umask(0o177);
    } catch {
      // Worker threads cannot change the umask: the chmod below still closes the socket.
    }
    server.once('error', (error) => {
      reject(new ConsoleSocketError(`cannot listen at ${path}: ${error.message}`, { cause: error }));
    });
    server.listen(path, () => {
      chmodSync(path, 0o600);
      resolve();
    });
    if (previous !== undefined) process.umask(previous);
  });
}

/** Open the console socket of a running runtime. */
export async function serveConsole(handle: RuntimeHandle, options: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  const path = options.path ?? defaultConsoleSocketPath();
  if (options.path === undefined) prepareSocketFolder(dirname(path));
  await clearPath(path);

  const sessions = new Set<Socket>();
  /** Sessions with an input on the event thread, in the order the inputs run. */
  const running: Socket[] = [];

  const stopOutput = handle.onOutput((stream, text) => {
    for (const socket of sessions) sendMessage(socket, { type: 'output', stream, text });
  });

  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sessions.delete(socket));
    const reply = (message: ConsoleReply) => sendMessage(socket, message);
    handle.ready.then(
      (ready) => {
        sessions.add(socket);
        reply({ type: 'hello', pid: process.pid, clients: ready.clients, globals: ready.globals });
        readMessages<ConsoleRequest>(socket, (request) => {
          switch (request.type) {
            case 'eval':
              running.push(socket);
              void handle.eval(request.code).then((result) => {
                running.splice(running.indexOf(socket), 1);
                reply({ type: 'result', id: request.id, ...result });
              });
              break;
            case 'complete':
              void handle.complete(request.line).then(([completions, completeOn]) => {
                reply({ type: 'completion', id: request.id, completions, completeOn });
              });
              break;
            case 'stats':
              handle.stats().then(
                (text) => reply({ type: 'stats', id: request.id, text }),
                (error: Error) => reply({ type: 'stats', id: request.id, text: `kokoro: ${error.message}` }),
              );
              break;
            case 'interrupt':
              // Only this console's own input: another console's wait is not ours to cut short.
              if (running[0] === socket) handle.interrupt();
              break;
          }
        });
      },
      (error: Error) => {
        reply({ type: 'bye', reason: `the runtime did not start: ${error.message}` });
        socket.end();
      },
    );
  });
  await listen(server, path);

  let closing: Promise<void> | undefined;
  return {
    path,
    get sessions() {
      return sessions.size;
    },
    close(reason = 'the runtime is stopping') {
      closing ??= (async () => {
        stopOutput();
        for (const socket of sessions) {
          sendMessage(socket, { type: 'bye', reason });
          // The console hangs up on the end of the stream; one that does not must not hold the process.
          socket.end();
          socket.unref();
        }
        server.close();
        server.unref();
        try {
          unlinkSync(path);
        } catch {
          // Already gone.
        }
      })();
      return closing;
    },
  };
}
