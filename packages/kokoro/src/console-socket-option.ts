/**
 * Parsing `--console-socket [PATH]` of `kokoro run`. The path is optional, so the next argument is
 * taken as the path only when it cannot be a bot module: it does not start with `-` and does not
 * end in a module extension (`.ts`, `.js`...). `--console-socket=PATH` is never ambiguous.
 */

const MODULE = /\.[cm]?[jt]sx?$/;

/**
 * If `args[index]` is the console socket option, its path (null: the default path) and how many
 * arguments it took; else undefined.
 */
export function consoleSocketArgument(
  args: readonly string[],
  index: number,
): { path: string | null; consumed: number } | undefined {
  const arg = args[index]!;
  if (arg.startsWith('--console-socket=')) {
    const path = arg.slice('--console-socket='.length);
    return { path: path === '' ? null : path, consumed: 1 };
  }
  if (arg !== '--console-socket') return undefined;
  const next = args[index + 1];
  if (next === undefined || next.startsWith('-') || MODULE.test(next)) return { path: null, consumed: 1 };
  return { path: next, consumed: 2 };
}
