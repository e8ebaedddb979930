/**
 * `npm run bench -- gateway-inflate [--events N] [--rounds R]`: the decompression options on the
 * recorded-shape stream, without sockets: node:zlib driven synchronously (Kokoro's default),
 * node:zlib's stream API (asynchronous), zlib-sync (the native inflater @discordjs/ws recommends),
 * zstd-stream through zstd-napi, and JSON.parse alone for reference. Each decoder also JSON-parses
 * what it decodes. Rounds rotate which decoder goes first; the median round is reported.
 */
import { createRequire } from 'node:module';
import { type Inflater, StreamZlibInflater, SyncZlibInflater, ZstdInflater } from '@kokoro/gateway';
import { option } from './args.js';
import { buildEventStream, zlibStreamFrames } from './gateway-stream.js';
import { median } from './stats.js';

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

/** zlib-sync's `Inflate` as @discordjs/ws drives it: push each message with a sync flush, read `result`. */
function zlibSyncInflater(): Inflater {
  const zlibSync = createRequire(import.meta.url)('zlib-sync') as {
    Inflate: new (options: {
      chunkSize: number;
    }) => {
      push(data: Buffer, flush: number): void;
      result: Buffer | string | null;
      err: number;
    };
    Z_SYNC_FLUSH: number;
  };
  const inflate = new zlibSync.Inflate({ chunkSize: 65_535 });
  return {
    push(data, onText) {
      inflate.push(data, zlibSync.Z_SYNC_FLUSH);
      if (inflate.err) throw new Error(`zlib-sync error ${inflate.err}`);
      onText(String(inflate.result));
    },
    pushBytes() {
      throw new Error('not used');
    },
    close() {},
  };
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
  const rounds = Math.max(3, option(args, 'rounds', 5));
  const plain = texts.map((t) => Buffer.from(t));
  const decoders: [string, () => Promise<number>][] = [
    ['zlib_sync_eps', () => time(zlib, new SyncZlibInflater())],
    ['zlib_stream_eps', () => time(zlib, new StreamZlibInflater())],
    ['zlib_sync_package_eps', () => time(zlib, zlibSyncInflater())],
    ['zstd_napi_eps', () => time(zstd, new ZstdInflater())],
    [
      'json_parse_only_eps',
      () =>
        time(plain, {
          push: (data, onText) => onText(data.toString()),
          pushBytes: (data, onBytes) => onBytes(data),
          close: () => {},
        }),
    ],
  ];
  const all = new Map<string, number[]>(decoders.map(([key]) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    const shift = round % decoders.length;
    for (const [key, decode] of [...decoders.slice(shift), ...decoders.slice(0, shift)]) {
      all.get(key)?.push(await decode());
    }
  }
  const results: Record<string, number> = {};
  for (const [key, values] of all) results[key] = Math.round(median(values));
  const zlibBytes = zlib.reduce((sum, f) => sum + f.length, 0);
  const zstdBytes = zstd.reduce((sum, f) => sum + f.length, 0);
  console.log(
    `gateway-inflate: ${events} events; zlib-stream ${(zlibBytes / 1e6).toFixed(1)} MB, zstd-stream ${(zstdBytes / 1e6).toFixed(1)} MB; median of ${rounds} rounds`,
  );
  console.log('| decoder | events/s |');
  console.log('| --- | ---: |');
  for (const [key, value] of Object.entries(results))
    console.log(`| ${key.replace(/_eps$/, '')} | ${value.toLocaleString('en-US')} |`);
  return results;
}
