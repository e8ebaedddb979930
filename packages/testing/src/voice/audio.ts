/**
 * What the fake voice server hears from one sender, and the tones simulated users play.
 *
 * Each frame a sender's RTP carries arrives here after transport decryption: the fake notes when
 * it came (lateness against the sender's own RTP timestamps, RFC 3550 interarrival jitter), its
 * sequence number (gaps are lost frames), whether it was a DAVE frame (the protocol frame check:
 * the `0xFAFA` magic marker ending it) or a plain one, and, once decrypted by a member of the call's
 * group, decodes its Opus (@discordjs/opus, loaded on first use) to PCM. The frequency is measured
 * on the decoded left channel by counting zero crossings (a pure tone of f Hz crosses zero 2f times
 * a second), which is exact enough for tests of "a 440 Hz tone was heard" and needs no FFT. Opus's
 * silence frame (`F8 FF FE`) is counted apart: it is not audio, and DAVE leaves it in the clear.
 */
import { createRequire } from 'node:module';

/** Opus's 3-byte silence frame, which DAVE and Discord pass through unencrypted. */
export const OPUS_SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

const SAMPLE_RATE = 48_000;
const CHANNELS = 2;
const FRAME_MS = 20;
const RTP_TICKS_PER_MS = SAMPLE_RATE / 1000;

interface OpusCodec {
  encode(pcm: Buffer): Buffer;
  decode(frame: Buffer): Buffer;
}

let opusClass: (new (rate: number, channels: number) => OpusCodec) | undefined;

/** A new Opus codec (48 kHz stereo); @discordjs/opus is loaded on first use. */
export function createOpusCodec(): OpusCodec {
  opusClass ??= (createRequire(import.meta.url)('@discordjs/opus') as { OpusEncoder: typeof opusClass })
    .OpusEncoder as NonNullable<typeof opusClass>;
  return new opusClass(SAMPLE_RATE, CHANNELS);
}

/** What the fake heard from one sender in one call (see {@link FakeVoiceServer.heard}). */
export interface HeardAudio {
  /** Seconds of decoded audio (silence frames excluded). */
  seconds: number;
  /** The dominant frequency of the decoded audio, from its zero crossings; NaN if nothing was decoded. */
  frequencyHz: number;
  /** Peak absolute sample of the decoded audio (0..32767): volume changes show here. */
  peak: number;
  /** Root mean square of the decoded samples (0..32767). */
  rms: number;
  /** Whether audio arrived and every audio frame was DAVE end-to-end encrypted. */
  e2ee: boolean;
  /** RTP packets received (all kinds). */
  packets: number;
  /** Audio frames that were DAVE frames. */
  e2eeFrames: number;
  /** Audio frames that were not DAVE frames (transport encryption only). */
  plainFrames: number;
  /** Opus silence frames (`F8 FF FE`). */
  silenceFrames: number;
  /** DAVE frames no member of the call could decrypt (no listener, or a key the group never had). */
  undecryptableFrames: number;
  /** Packets whose transport encryption did not authenticate. */
  badPackets: number;
  /** Frames missing from the RTP sequence (dropped by a fault, or never sent). */
  lostFrames: number;
  /** Frames that arrived more than `lateAfterMs` after their due time (from the first frame and the RTP clock). */
  lateFrames: number;
  /** RFC 3550 interarrival jitter, in milliseconds. */
  jitterMs: number;
  /** The largest lateness seen, in milliseconds. */
  maxLatenessMs: number;
}

/** Running measurements of one sender's audio (one per sender per call). */
export class AudioTrack {
  readonly #lateAfterMs: number;
  /** Whether this track's frames are DAVE-decrypted and decoded (else only counted and timed). */
  readonly decode: boolean;
  #codec: OpusCodec | undefined;
  packets = 0;
  e2eeFrames = 0;
  plainFrames = 0;
  silenceFrames = 0;
  undecryptableFrames = 0;
  badPackets = 0;
  lateFrames = 0;
  maxLatenessMs = 0;
  #samples = 0;
  #crossings = 0;
  #lastSign = 0;
  #peak = 0;
  #sumSquares = 0;
  #jitter = 0;
  #lastTransit: number | undefined;
  #origin: { at: number; rtp: number } | undefined;
  #lastSeq: number | undefined;
  #seqSpan = 0;
  #received = 0;

  constructor(options: { lateAfterMs?: number; decode?: boolean } = {}) {
    this.#lateAfterMs = options.lateAfterMs ?? 40;
    this.decode = options.decode ?? true;
  }

  /** Note a packet that arrived at `at` (ms) with RTP `sequence` and `timestamp`. */
  arrived(at: number, sequence: number, timestamp: number): void {
    this.packets++;
    this.#received++;
    if (this.#lastSeq === undefined) this.#seqSpan = 1;
    else {
      const step = (sequence - this.#lastSeq) & 0xffff;
      if (step > 0 && step < 0x8000) this.#seqSpan += step;
    }
    if (this.#lastSeq === undefined || ((sequence - this.#lastSeq) & 0xffff) < 0x8000) this.#lastSeq = sequence;
    const rtpMs = timestamp / RTP_TICKS_PER_MS;
    const transit = at - rtpMs;
    if (this.#lastTransit !== undefined) this.#jitter += (Math.abs(transit - this.#lastTransit) - this.#jitter) / 16;
    this.#lastTransit = transit;
    if (!this.#origin) this.#origin = { at, rtp: timestamp };
    const due = this.#origin.at + (((timestamp - this.#origin.rtp) >>> 0) % 2 ** 32) / RTP_TICKS_PER_MS;
    const lateness = at - due;
    if (lateness > this.#lateAfterMs) this.lateFrames++;
    if (lateness > this.maxLatenessMs) this.maxLatenessMs = lateness;
    // A sender that paused (a new talk spurt) or ran early re-anchors the schedule.
    if (lateness < 0 || lateness > 1000) this.#origin = { at, rtp: timestamp };
  }

  /** Decode an Opus frame (already out of DAVE) and measure it. */
  decoded(opus: Buffer): void {
    this.#codec ??= createOpusCodec();
    let pcm: Buffer;
    try {
      pcm = this.#codec.decode(opus);
    } catch {
      this.undecryptableFrames++;
      return;
    }
    for (let i = 0; i + 3 < pcm.length; i += 4) {
      const left = pcm.readInt16LE(i);
      const abs = Math.abs(left);
      if (abs > this.#peak) this.#peak = abs;
      this.#sumSquares += left * left;
      const sign = left > 64 ? 1 : left < -64 ? -1 : 0;
      if (sign !== 0) {
        if (this.#lastSign !== 0 && sign !== this.#lastSign) this.#crossings++;
        this.#lastSign = sign;
      }
      this.#samples++;
    }
  }

  /** The measurements so far. */
  snapshot(): HeardAudio {
    const seconds = this.#samples / SAMPLE_RATE;
    return {
      seconds,
      frequencyHz: seconds > 0 ? this.#crossings / 2 / seconds : Number.NaN,
      peak: this.#peak,
      rms: this.#samples > 0 ? Math.sqrt(this.#sumSquares / this.#samples) : 0,
      e2ee: this.e2eeFrames > 0 && this.plainFrames === 0,
      packets: this.packets,
      e2eeFrames: this.e2eeFrames,
      plainFrames: this.plainFrames,
      silenceFrames: this.silenceFrames,
      undecryptableFrames: this.undecryptableFrames,
      badPackets: this.badPackets,
      lostFrames: Math.max(0, this.#seqSpan - this.#received),
      lateFrames: this.lateFrames,
      jitterMs: this.#jitter,
      maxLatenessMs: this.maxLatenessMs,
    };
  }
}

/** Whether `frame` passes DAVE's protocol frame check (ends with the `0xFAFA` magic marker). */
export function isDaveFrame(frame: Buffer): boolean {
  return frame.length > 11 && frame[frame.length - 1] === 0xfa && frame[frame.length - 2] === 0xfa;
}

/**
 * 20 ms Opus frames of a sine tone (48 kHz stereo s16le, encoded with @discordjs/opus).
 * `amplitude` is 0..1 of full scale.
 */
export function toneFrames(options: { frequencyHz: number; seconds: number; amplitude?: number }): Buffer[] {
  const codec = createOpusCodec();
  const samplesPerFrame = (SAMPLE_RATE * FRAME_MS) / 1000;
  const frames = Math.round((options.seconds * 1000) / FRAME_MS);
  const amplitude = Math.round(32767 * (options.amplitude ?? 0.5));
  const out: Buffer[] = [];
  for (let f = 0; f < frames; f++) {
    const pcm = Buffer.alloc(samplesPerFrame * CHANNELS * 2);
    for (let i = 0; i < samplesPerFrame; i++) {
      const n = f * samplesPerFrame + i;
      const v = Math.round(amplitude * Math.sin((2 * Math.PI * options.frequencyHz * n) / SAMPLE_RATE));
      pcm.writeInt16LE(v, i * 4);
      pcm.writeInt16LE(v, i * 4 + 2);
    }
    out.push(codec.encode(pcm));
  }
  return out;
}

/** RTP timestamp ticks in one 20 ms frame. */
export const RTP_TICKS_PER_FRAME = (SAMPLE_RATE * FRAME_MS) / 1000;
