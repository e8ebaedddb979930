/**
 * Any other format goes through ffmpeg, when it is installed: the input (a file path or piped
 * bytes) comes out as s16le 48 kHz stereo PCM. Whether ffmpeg exists is checked synchronously on
 * PATH, so `play` can refuse at once, with an error naming ffmpeg, before anything is sent.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { Readable } from 'node:stream';
import { AudioSourceError, FfmpegNotFoundError } from '../errors.js';

/** The executable to run for `name` (a bare name is looked up on PATH); throws FfmpegNotFoundError. */
export function findFfmpeg(name = 'ffmpeg'): string {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (isAbsolute(name) || name.includes('/')) {
    if (executable(name)) return name;
    throw new FfmpegNotFoundError(name);
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
    if (process.platform === 'win32' && executable(`${candidate}.exe`)) return `${candidate}.exe`;
  }
  throw new FfmpegNotFoundError(name);
}

/** Decode `input` (a path, or bytes to pipe in) to s16le 48 kHz stereo with ffmpeg. */
export function ffmpegPcm(executable: string, input: string | AsyncIterable<Uint8Array>): AsyncIterable<Buffer> {
  const child = spawn(
    executable,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      typeof input === 'string' ? input : 'pipe:0',
      '-f',
      's16le',
      '-ar',
      '48000',
      '-ac',
      '2',
      'pipe:1',
    ],
    { stdio: [typeof input === 'string' ? 'ignore' : 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 2000) stderr += chunk.toString();
  });
  if (typeof input !== 'string' && child.stdin) {
    const stdin = child.stdin;
    stdin.on('error', () => undefined);
    Readable.from(input)
      .on('error', () => stdin.destroy())
      .pipe(stdin);
  }
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new AudioSourceError(`ffmpeg could not start: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const chunk of child.stdout!) yield chunk as Buffer;
        const code = await exited;
        if (code !== 0) throw new AudioSourceError(`ffmpeg failed (exit ${code}): ${stderr.trim() || 'no message'}`);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}
