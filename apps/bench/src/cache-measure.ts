/**
 * Runs one cache-memory case in a child `node --expose-gc` (see cache-child.ts), so each library
 * starts from an empty heap.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Heap a library keeps after ingesting the files, measured in a child `node --expose-gc`. */
export interface Measured {
  mb: number;
  seconds: number;
  payloads: number;
}

const child = fileURLToPath(new URL('./cache-child.js', import.meta.url));

/** Run the child for `library` with one client per file (`options`: Kokoro's cache options). */
export function measure(
  library: 'kokoro' | 'discordjs',
  files: readonly string[],
  options: Record<string, unknown> = {},
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', child, library, JSON.stringify(options), ...files],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${library} child failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as Measured);
      },
    );
  });
}
