/**
 * Where the console socket lives, and how it is made safe to listen on.
 *
 * Security model: whoever can connect to the console socket can run any code in the bots' process,
 * as the bots' user, with their tokens in reach: the socket is as powerful as a shell. So it is a
 * UNIX socket only (no TCP listener, nothing reachable from the network), created with mode 0600
 * (only its owner, and root, may connect), and the default path is in a folder of its own that only
 * the owner may enter (0700), checked to belong to the current user before it is used. A remote
 * operator reaches it through SSH (`ssh -L ./kokoro.sock:/path/on/server.sock host`), which brings its
 * own authentication.
 */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { KokoroError } from '@kokoro/common';

/** The console socket cannot be used (path taken, unsafe folder, nobody listening). */
export class ConsoleSocketError extends KokoroError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KOKORO_CONSOLE_SOCKET', message, options);
  }
}

/**
 * The default console socket path: `$XDG_RUNTIME_DIR/kokoro/console.sock` when XDG_RUNTIME_DIR is
 * set (a per-user folder on most Linux systems), else `<tmpdir>/kokoro-<uid>/console.sock`.
 */
export function defaultConsoleSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'kokoro') : join(tmpdir(), `kokoro-${userInfo().uid}`);
  return join(base, 'console.sock');
}

/**
 * Make the default socket's folder (mode 0700) or check it: it must be a real folder (not a link)
 * owned by this user and closed to everyone else, or another user could put a socket of their own
 * in it and read what is typed into the console.
 */
export function prepareSocketFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = lstatSync(folder);
  const uid = process.getuid?.();
  if (!stat.isDirectory())
    throw new ConsoleSocketError(`${folder} is not a folder; remove it or give another socket path`);
  if (uid !== undefined && stat.uid !== uid) {
    throw new ConsoleSocketError(
      `${folder} belongs to another user (uid ${stat.uid}); give a socket path in a folder of your own`,
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(folder, 0o700);
}
