/**
 * Receiving: packets from other users arrive on our UDP socket; the transport has already removed
 * the transport encryption. The SSRC says who sent a packet (the voice gateway's op 5 maps SSRCs
 * to user ids); DAVE decrypts the frame with that user's key; Opus decodes it to PCM. Each
 * `connection.receive(user)` is a Readable of that user's audio: PCM (s16le 48 kHz stereo) by
 * default, or the Opus packets (`{ format: 'opus' }`) for recording to Ogg without re-encoding.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { Clock, TimerHandle } from '@kokoro/common';
import type { VoiceLink } from '../link.js';
import type { ReceivedPacket } from '../transport/transport.js';

/** Options of `connection.receive`. */
export interface ReceiveOptions {
  /** `pcm` (default): decoded s16le 48 kHz stereo; `opus`: the Opus packets. */
  format?: 'pcm' | 'opus';
  /**
   * When the stream ends: `manual` (default) when you destroy it or the connection ends;
   * `silence` after `silenceMs` without audio from the user.
   */
  end?: 'manual' | 'silence';
  /** Quiet time that ends a `silence` stream (default 1000 ms). */
  silenceMs?: number;
}

interface OpusDecoderLike {
  decode(packet: Buffer): Buffer;
}

interface Subscription {
  userId: string;
  stream: Readable;
  format: 'pcm' | 'opus';
  end: 'manual' | 'silence';
  silenceMs: number;
  timer: TimerHandle | undefined;
}

const require = createRequire(import.meta.url);

/** Routes a connection's received packets to per-user streams. */
export class VoiceReceiver {
  readonly #connection: VoiceLink;
  readonly #clock: Clock;
  readonly #subscriptions = new Set<Subscription>();
  readonly #decoders = new Map<string, OpusDecoderLike>();
  /** Packets dropped because their SSRC is not mapped to a user yet, or DAVE could not decrypt them. */
  dropped = 0;

  constructor(connection: VoiceLink, clock: Clock) {
    this.#connection = connection;
    this.#clock = clock;
    connection.on('packet', (packet, userId) => this.#onPacket(packet, userId));
    connection.on('destroyed', () => {
      for (const subscription of this.#subscriptions) subscription.stream.push(null);
      this.#subscriptions.clear();
    });
  }

  /** A stream of `userId`'s audio. */
  subscribe(userId: string, options: ReceiveOptions = {}): Readable {
    const subscription: Subscription = {
      userId,
      format: options.format ?? 'pcm',
      end: options.end ?? 'manual',
      silenceMs: options.silenceMs ?? 1000,
      timer: undefined,
      stream: new Readable({ read: () => undefined }),
    };
    subscription.stream.on('close', () => {
      this.#clock.clearTimeout(subscription.timer);
      this.#subscriptions.delete(subscription);
    });
    this.#subscriptions.add(subscription);
    this.#armSilence(subscription);
    return subscription.stream;
  }

  #armSilence(subscription: Subscription): void {
    if (subscription.end !== 'silence') return;
    this.#clock.clearTimeout(subscription.timer);
    subscription.timer = this.#clock.setTimeout(() => {
      this.#subscriptions.delete(subscription);
      subscription.stream.push(null);
    }, subscription.silenceMs);
  }

  #onPacket(packet: ReceivedPacket, userId: string | undefined): void {
    if (!userId) {
      this.dropped++;
      return;
    }
    let wanted = false;
    for (const subscription of this.#subscriptions) if (subscription.userId === userId) wanted = true;
    if (!wanted) return;
    const dave = this.#connection.dave;
    const opus = dave ? dave.decrypt(packet.payload, userId) : packet.payload;
    if (!opus) {
      this.dropped++;
      return;
    }
    let pcm: Buffer | undefined;
    for (const subscription of this.#subscriptions) {
      if (subscription.userId !== userId) continue;
      this.#armSilence(subscription);
      if (subscription.format === 'opus') {
        subscription.stream.push(opus);
        continue;
      }
      if (!pcm) {
        try {
          pcm = this.#decoder(userId).decode(opus);
        } catch {
          this.dropped++;
          return;
        }
      }
      subscription.stream.push(pcm);
    }
  }

  #decoder(userId: string): OpusDecoderLike {
    let decoder = this.#decoders.get(userId);
    if (!decoder) {
      const { OpusEncoder } = require('@discordjs/opus') as {
        OpusEncoder: new (rate: number, channels: number) => OpusDecoderLike;
      };
      decoder = new OpusEncoder(48000, 2);
      this.#decoders.set(userId, decoder);
    }
    return decoder;
  }
}
