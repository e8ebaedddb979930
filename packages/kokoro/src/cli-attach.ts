/**
 * `kokoro attach [PATH]`: attach a console to a runtime started with `--console-socket`. PATH
 * defaults to the runtime's default socket path. Exits 0 once detached, 1 when nobody listens.
 */
import { attachConsole, ConsoleSocketError } from '@kokoro/core';

export const ATTACH_USAGE = `usage: kokoro attach [PATH] [--history <file> | --no-history]

  attach        open a console into a runtime started with --console-socket [PATH]; .exit, Ctrl-D or
                the end of piped input detach, and the bots keep running
  PATH          the runtime's console socket (default: $XDG_RUNTIME_DIR/kokoro/console.sock, else
                <tmpdir>/kokoro-<uid>/console.sock)
  --history     keep the console's input history in this file (default: .kokoro_history)
  --no-history  keep no history`;

/** Run `kokoro attach` with its arguments (after `attach`); resolves with the exit code. */
export async function attachCommand(args: string[]): Promise<number> {
  let path: string | undefined;
  let historyFile: string | undefined = '.kokoro_history';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${ATTACH_USAGE}\n`);
      return 0;
    }
    if (arg === '--no-history') historyFile = undefined;
    else if (arg === '--history') {
      historyFile = args[++i];
      if (historyFile === undefined) return usageError('--history needs a file');
    } else if (arg.startsWith('-')) return usageError(`unknown option ${arg}`);
    else if (path === undefined) path = arg;
    else return usageError(`attach takes one socket path, got ${path} and ${arg}`);
  }
  try {
    return await attachConsole({ ...(path ? { path } : {}), ...(historyFile ? { historyFile } : {}) });
  } catch (error) {
    if (!(error instanceof ConsoleSocketError)) throw error;
    process.stderr.write(`kokoro: ${error.message}\n`);
    return 1;
  }
}

function usageError(message: string): number {
  process.stderr.write(`kokoro: ${message}\n${ATTACH_USAGE}\n`);
  return 2;
}
