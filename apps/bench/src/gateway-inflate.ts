/**
 * `npm run bench -- gateway-inflate [--events N]`: the decompression options on the recorded-shape
 * stream, without sockets: node:zlib driven synchronously (Kokoro's default), node:zlib's stream
 * API (asynchronous), zstd-stream through zstd-napi, and JSON.parse alone for reference.
 */
import { createRequire } from 'node:module';
import { type Inflater, StreamZlibInflater, SyncZlibInflater, ZstdInflater } from '@kokoro/gateway';
import { buildEventStream, zlibStreamFrames } from './gateway-stream.js';

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

function zstdFrames(texts: string[]): Buffer[] {
  const { CCtx } = createRequire(import.meta.url)('zstd-napi/binding') as {
    CCtx: new () => { compressStream2(dst: Uint8Array, src: Uint8Array, endOp: number): [number, number, number] };
  };
  const cctx = new CCtx();
  const scratch = Buffer.allocUnsafe(1 << 20);
  return texts.map((text) => {
    const [, produced] = cctx.compressStream2(scratch, Buffer.from(text), 1);
    return Buffer.from(scratch.subarray(0, produced));
  });
}

async function time(frames: Buffer[], inflater: Inflater): Promise<number> {
  let count = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const onText = (text: string) => {
      JSON.parse(text);
      if (++count === frames.length) resolve();
    };
    for (const frame of frames) inflater.push(frame, onText);
  });
  inflater.close();
  return frames.length / ((performance.now() - start) / 1000);
}

export async function run(args: string[]): Promise<Record<string, number>> {
  const events = option(args, 'events', 100_000);
  const texts = buildEventStream(events);
  const zlib = await zlibStreamFrames(texts);
  const zstd = zstdFrames(texts);
  const results: Record<string, number> = {};
  for (let round = 0; round < 3; round++) {
    const figures: Record<string, number> = {
      zlib_sync_eps: await time(zlib, new SyncZlibInflater()),
      zlib_stream_eps: await time(zlib, new StreamZlibInflater()),
      zstd_napi_eps: await time(zstd, new ZstdInflater()),
      json_parse_only_eps: await time(
        texts.map((t) => Buffer.from(t)),
        {
          push: (data, onText) => onText(data.toString()),
          pushBytes: (data, onBytes) => onBytes(data),
          close: () => {},
        },
      ),
    };
    for (const [key, value] of Object.entries(figures)) results[key] = Math.max(results[key] ?? 0, Math.round(value));
  }
  const zlibBytes = zlib.reduce((sum, f) => sum + f.length, 0);
  const zstdBytes = zstd.reduce((sum, f) => sum + f.length, 0);
  console.log(
    `gateway-inflate: ${events} events; zlib-stream ${(zlibBytes / 1e6).toFixed(1)} MB, zstd-stream ${(zstdBytes / 1e6).toFixed(1)} MB; best of 3`,
  );
  console.log('| decoder | events/s |');
  console.log('| --- | ---: |');
  for (const [key, value] of Object.entries(results))
    console.log(`| ${key.replace(/_eps$/, '')} | ${value.toLocaleString('en-US')} |`);
  return results;
}
