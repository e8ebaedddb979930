/**
 * `npm run bench -- voice [--seconds S] [--rounds R] [--max N] [--start N]`: how many concurrent
 * voice streams one core sustains, Kokoro against @discordjs/voice (with its @snazzah/davey), in the
 * same run.
 *
 * The fake Discord (gateway, voice server: DAVE external sender, a listener in every call) runs in a
 * child process pinned to core 1. Each library runs in its own child process pinned to core 0 (all
 * its threads: Kokoro's voice thread included). A trial joins `n` voice channels, waits until every
 * call's DAVE group has formed, and plays the same pre-encoded Ogg/Opus tone (`S` seconds, 5 by
 * default) on every connection at once: Opus passthrough, transport AEAD and DAVE, as each
 * library's docs recommend (Kokoro: `connection.play(file)`; @discordjs/voice:
 * `createAudioResource(stream, { inputType: StreamType.OggOpus })`).
 *
 * Lateness is measured by the fake, in its UDP socket's message handler, against the sender's RTP
 * clock: a frame more than 40 ms after its due time is late. That handler only times each packet,
 * transport-decrypts it and checks it is a DAVE frame; the fake DAVE-decrypts and decodes a sample
 * of 2 streams per trial (their tone must be 440 Hz), so its own work per packet stays small and a
 * late frame is the sender's. The fake's event loop delay during each trial is measured: a failed
 * trial during which it was over 10 ms at p99 (the fake itself was late: a loaded machine) is run
 * again, up to twice.
 * A trial is sustained when fewer than 1 % of the frames are late, at least 99 % arrived and the
 * sample is the tone. `n` doubles from `--start` (4) up to `--max` (256) until a trial fails, then
 * bisects between the last sustained `n` (0 if none) and the first failed one down to an eighth of
 * the former; a library's figure for a round is its largest sustained `n`. `R` rounds (3) alternate
 * which library goes first; medians are reported. Each library's CPU time per frame sent (user + system, all
 * threads, from the first frame to the last) is reported at the largest `n` both sustained.
 * `kokoro_jitter_p99_ms` is the 99th percentile over Kokoro's streams of RFC 3550 interarrival
 * jitter, at its median sustained `n`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OggOpusWriter, PCM_FRAME_BYTES, sineWave } from '@kokoro/voice';
import { option } from './args.js';

type Lib = 'kokoro' | 'discordjs';

interface Heard {
  packets: number;
  lateFrames: number;
  lostFrames: number;
  jitterMs: number;
  e2eeFrames: number;
  /** Decoded tracks only (the fake decodes a sample); null otherwise. */
  frequencyHz: number | null;
  seconds: number;
}

interface Trial {
  n: number;
  ok: boolean;
  latePercent: number;
  receivedPercent: number;
  jitterP99: number;
  e2ee: boolean;
  /** CPU time of the library's process per frame sent (µs), all threads. */
  cpuUsPerFrame: number;
  /** The fake's event loop delay during the trial (ms): its own lateness. */
  fakeLoopP99: number;
}

/**
 * `KOKORO_BENCH_CPU_PROF=<dir>`: each library child writes V8 CPU profiles (every thread) there,
 * to see where a library's time per frame goes.
 */
const profileDir = process.env.KOKORO_BENCH_CPU_PROF;
const profileFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];

/** A failed trial during which the fake's event loop delay p99 was over this (ms) is run again. */
const FAKE_LATE_MS = 10;

/** Streams the fake DAVE-decrypts and decodes in each trial, to check the audio is the tone. */
const DECODED_STREAMS = 2;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
};

/** An Ogg/Opus file of a 440 Hz tone. */
function toneFile(dir: string, seconds: number): string {
  const require = createRequire(import.meta.url);
  const { OpusEncoder } = require('@discordjs/opus') as {
    OpusEncoder: new (rate: number, channels: number) => { encode(pcm: Buffer): Buffer };
  };
  const encoder = new OpusEncoder(48000, 2);
  const pcm = sineWave(440, seconds, 0.4);
  const writer = new OggOpusWriter();
  const pages = [writer.headers()];
  for (let at = 0; at + PCM_FRAME_BYTES <= pcm.length; at += PCM_FRAME_BYTES) {
    pages.push(writer.packet(encoder.encode(pcm.subarray(at, at + PCM_FRAME_BYTES))));
  }
  pages.push(writer.end());
  const file = join(dir, 'tone.ogg');
  writeFileSync(file, Buffer.concat(pages));
  return file;
}

/** Start a child Node process pinned to `core` (when taskset exists) with an IPC channel. */
function child(script: string, args: string[], core: number, flags: string[] = []): ChildProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const pinned = existsSync('/usr/bin/taskset');
  const [command, argv] = pinned
    ? ['/usr/bin/taskset', ['-c', String(core), process.execPath, ...flags, path, ...args]]
    : [process.execPath, [...flags, path, ...args]];
  return spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

function nextMessage<T>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { t: string; message?: string }) => {
      if (message.t === 'error') {
        cleanup();
        reject(new Error(message.message));
      } else if (message.t === type) {
        cleanup();
        resolve(message as T);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited (${code}) before "${type}"`));
    };
    const cleanup = () => {
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
  });
}

/** Run the benchmark; prints a table, returns the figures. */
export async function run(args: string[]): Promise<Record<string, number>> {
  const seconds = option(args, 'seconds', 5);
  const rounds = option(args, 'rounds', 3);
  const max = option(args, 'max', 256);
  const start = option(args, 'start', 4);
  const ladder: number[] = [];
  for (let n = start; n <= max; n *= 2) ladder.push(n);
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-voice-bench-'));
  const file = toneFile(dir, seconds);
  const fake = child('./voice-fake-child.js', [String(max), String(DECODED_STREAMS)], 1);
  const world = await nextMessage<{
    restUrl: string;
    gatewayUrl: string;
    port: number;
    tokens: Record<Lib, string>;
    channels: { guildId: string; channelId: string }[];
  }>(fake, 'ready');

  let voided = 0;
  /**
   * A trial, run again (up to twice) when it failed while the fake's own event loop was late by
   * more than `FAKE_LATE_MS` at p99: then the fake, not the library, may have made the frames late.
   */
  async function trial(lib: Lib, n: number): Promise<Trial> {
    let result = await once(lib, n);
    for (let retry = 0; retry < 2 && !result.ok && result.fakeLoopP99 > FAKE_LATE_MS; retry++) {
      voided++;
      console.log(`  ${lib.padEnd(9)} n=${String(n).padStart(3)}  the fake itself was late: trial run again`);
      result = await once(lib, n);
    }
    return result;
  }

  async function once(lib: Lib, n: number): Promise<Trial> {
    fake.send({ t: 'reset' });
    await nextMessage(fake, 'reset');
    const setup = { lib, n, file, ...world, token: world.tokens[lib] };
    const peer = child('./voice-peer-child.js', [JSON.stringify(setup)], 0, profileFlags);
    let cpuUs = 0;
    try {
      await nextMessage(peer, 'joined');
      fake.send({ t: 'settle', bot: lib, n });
      const { ok } = await nextMessage<{ ok: boolean }>(fake, 'settled');
      if (!ok) throw new Error('the DAVE groups did not form within 60 s');
      fake.send({ t: 'mark' });
      peer.send({ t: 'go' });
      ({ cpuUs } = await nextMessage<{ cpuUs: number }>(peer, 'done'));
    } catch (error) {
      peer.kill('SIGKILL');
      console.error(`${lib} n=${n}: ${(error as Error).message.split('\n')[0]}`);
      const failed = { latePercent: 100, receivedPercent: 0, jitterP99: 0, e2ee: false };
      return { n, ok: false, ...failed, cpuUsPerFrame: 0, fakeLoopP99: 0 };
    }
    fake.send({ t: 'heard', bot: lib, n });
    const { heard, fakeLoop } = await nextMessage<{ heard: Heard[]; fakeLoop: { p99: number; max: number } }>(
      fake,
      'heard',
    );
    const packets = heard.reduce((sum, h) => sum + h.packets, 0);
    const late = heard.reduce((sum, h) => sum + h.lateFrames, 0);
    const expected = n * (seconds * 50 + 5);
    const latePercent = (100 * late) / Math.max(1, packets);
    const receivedPercent = (100 * packets) / expected;
    // The sample the fake decoded must be the tone (440 Hz), or the library sent something else.
    const decoded = heard.filter((h) => h.frequencyHz !== null && h.seconds > 0);
    const tone = decoded.length > 0 && decoded.every((h) => Math.abs(h.frequencyHz! - 440) < 5);
    const result: Trial = {
      n,
      ok: latePercent < 1 && receivedPercent >= 99 && tone,
      latePercent,
      receivedPercent,
      jitterP99: percentile(
        heard.map((h) => h.jitterMs),
        0.99,
      ),
      e2ee: heard.every((h) => h.e2eeFrames > 0),
      cpuUsPerFrame: cpuUs / Math.max(1, packets),
      fakeLoopP99: fakeLoop.p99,
    };
    console.log(
      `  ${lib.padEnd(9)} n=${String(n).padStart(3)}  late ${latePercent.toFixed(2).padStart(6)} %  received ${receivedPercent.toFixed(1).padStart(5)} %  jitter p99 ${result.jitterP99.toFixed(2).padStart(6)} ms  e2ee ${result.e2ee}  tone ${tone}  cpu ${result.cpuUsPerFrame.toFixed(1).padStart(6)} µs/frame  fake loop p99 ${fakeLoop.p99.toFixed(1)} ms, max ${fakeLoop.max.toFixed(1)} ms  ${result.ok ? 'ok' : 'FAIL'}`,
    );
    return result;
  }

  /**
   * The ladder doubles `n` until a trial fails, then bisects between the last sustained `n` and
   * the first failed one until they are within an eighth of each other, so the figure is not
   * quantised to powers of two.
   */
  async function sustained(lib: Lib): Promise<Trial[]> {
    const trials: Trial[] = [];
    let pass = 0;
    let fail = 0;
    for (const n of ladder) {
      const result = await trial(lib, n);
      trials.push(result);
      if (!result.ok) {
        fail = n;
        break;
      }
      pass = n;
    }
    // Also below the first rung: a failure at `--start` bisects down towards one stream.
    while (fail > 0 && fail - pass > Math.max(1, Math.ceil(pass / 8))) {
      const n = Math.round((pass + fail) / 2);
      const result = await trial(lib, n);
      trials.push(result);
      if (result.ok) pass = n;
      else fail = n;
    }
    return trials;
  }

  // Warm-up: the fake's first frames load its decoder; each library's first process loads its code.
  await trial('kokoro', 1);
  await trial('discordjs', 1);
  const best: Record<Lib, number[]> = { kokoro: [], discordjs: [] };
  const kokoroTrials: Trial[][] = [];
  const allTrials: Record<Lib, Trial[]> = { kokoro: [], discordjs: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: Lib[] = round % 2 === 0 ? ['kokoro', 'discordjs'] : ['discordjs', 'kokoro'];
      console.log(`round ${round + 1}: ${order.join(' first, then ')}`);
      for (const lib of order) {
        const trials = await sustained(lib);
        if (lib === 'kokoro') kokoroTrials.push(trials);
        best[lib].push(Math.max(0, ...trials.filter((t) => t.ok).map((t) => t.n)));
        allTrials[lib].push(...trials);
      }
    }
  } finally {
    fake.send({ t: 'stop' });
    rmSync(dir, { recursive: true, force: true });
  }
  const kokoroStreams = median(best.kokoro);
  const discordjsStreams = median(best.discordjs);
  const jitters = kokoroTrials.flat().filter((t) => t.ok && t.n === kokoroStreams);
  const jitter = median(jitters.map((t) => t.jitterP99));
  // CPU per frame at the same n for both: the largest n both sustained in some round.
  const common = Math.max(
    0,
    ...allTrials.kokoro.filter((t) => t.ok && allTrials.discordjs.some((d) => d.ok && d.n === t.n)).map((t) => t.n),
  );
  const cpuAt = (lib: Lib) =>
    Math.round(median(allTrials[lib].filter((t) => t.ok && t.n === common).map((t) => t.cpuUsPerFrame)) * 10) / 10;
  const fakeLoopP99 = Math.max(0, ...[...allTrials.kokoro, ...allTrials.discordjs].map((t) => t.fakeLoopP99));
  console.log('');
  console.log(`| library | streams sustained per core (median) | rounds | CPU µs per frame at n=${common} |`);
  console.log('| --- | --- | --- | --- |');
  console.log(`| Kokoro | ${kokoroStreams} | ${best.kokoro.join(', ')} | ${cpuAt('kokoro')} |`);
  console.log(`| @discordjs/voice | ${discordjsStreams} | ${best.discordjs.join(', ')} | ${cpuAt('discordjs')} |`);
  return {
    kokoro_streams: kokoroStreams,
    discordjs_voice_streams: discordjsStreams,
    // With no sustained @discordjs/voice stream the ratio is against a floor of one stream.
    ratio: Math.round((kokoroStreams / Math.max(1, discordjsStreams)) * 100) / 100,
    kokoro_jitter_p99_ms: Math.round(jitter * 100) / 100,
    cpu_n: common,
    kokoro_cpu_us_per_frame: cpuAt('kokoro'),
    discordjs_voice_cpu_us_per_frame: cpuAt('discordjs'),
    fake_loop_p99_ms_max: Math.round(fakeLoopP99 * 100) / 100,
    trials_rerun_fake_late: voided,
    seconds,
    rounds,
    max_tried: max,
  };
}
