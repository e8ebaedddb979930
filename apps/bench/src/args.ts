/** The benchmarks' command-line options. */

/** The number after `--<name>` in `args`, or `fallback` when the flag is absent. */
export function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}
