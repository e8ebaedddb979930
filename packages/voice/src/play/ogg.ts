/**
 * Ogg/Opus (RFC 7845) reading and writing. An Ogg stream is a run of pages ("OggS", 27-byte header,
 * a segment table, then segments); a packet is a run of segments ending with one shorter than
 * 255 bytes, and may continue on the next page. The first packet is `OpusHead`, the second
 * `OpusTags`; every later packet is one Opus packet, which Kokoro sends as it is (passthrough, no
 * re-encoding). The writer produces one page per packet with the granule position (48 kHz
 * samples) and the page CRC that players check.
 */
import { AudioSourceError } from '../errors.js';
import { opusPacketSamples } from '../protocol/opus-packet.js';
import type { ByteReader } from './byte-reader.js';

/** The Opus packets of an Ogg/Opus stream, `OpusHead` and `OpusTags` checked and skipped. */
export async function* oggOpusPackets(reader: ByteReader): AsyncGenerator<Buffer> {
  for await (const batch of oggOpusPacketBatches(reader)) yield* batch;
}

/**
 * The Opus packets of an Ogg/Opus stream in batches: every packet of the pages buffered when the
 * batch is cut (a file's whole read chunk at once), parsed without a promise per page or packet.
 * `OpusHead` and `OpusTags` are checked and skipped; batches are never empty.
 */
export async function* oggOpusPacketBatches(reader: ByteReader): AsyncGenerator<Buffer[]> {
  let partial: Buffer[] = [];
  let index = 0;
  let serial: number | undefined;
  // Bytes a whole page needs, when the buffered run ends inside one.
  let need = 27;
  for (;;) {
    const available = await reader.ensure(need);
    if (available === 0) break;
    if (available < need) throw new AudioSourceError('Ogg stream ends inside a page');
    const data = reader.bufferedBytes();
    const packets: Buffer[] = [];
    let at = 0;
    // Every whole page of the buffered run.
    for (;;) {
      if (data.length - at < 27) {
        need = 27;
        break;
      }
      if (data[at] !== 0x4f || data[at + 1] !== 0x67 || data[at + 2] !== 0x67 || data[at + 3] !== 0x53) {
        throw new AudioSourceError('not an Ogg stream, or a corrupt page: expected "OggS"');
      }
      const segmentCount = data[at + 26]!;
      if (data.length - at < 27 + segmentCount) {
        need = 27 + segmentCount;
        break;
      }
      let bodySize = 0;
      for (let i = 0; i < segmentCount; i++) bodySize += data[at + 27 + i]!;
      const pageSize = 27 + segmentCount + bodySize;
      if (data.length - at < pageSize) {
        need = pageSize;
        break;
      }
      const pageSerial = data.readUInt32LE(at + 14);
      const table = at + 27;
      let body = table + segmentCount;
      at += pageSize;
      // Only the first logical stream (chained or multiplexed streams: the first one).
      serial ??= pageSerial;
      if (pageSerial !== serial) continue;
      for (let i = 0; i < segmentCount; i++) {
        const size = data[table + i]!;
        const segment = data.subarray(body, body + size);
        body += size;
        if (size === 255 || partial.length > 0) partial.push(segment);
        if (size === 255) continue;
        const packet = partial.length === 0 ? segment : partial.length === 1 ? partial[0]! : Buffer.concat(partial);
        partial = [];
        if (index === 0) {
          if (packet.toString('ascii', 0, 8) !== 'OpusHead') {
            throw new AudioSourceError('this Ogg stream is not Opus (no OpusHead); play it through ffmpeg instead');
          }
          if (packet[9]! > 2) throw new AudioSourceError('Ogg/Opus with more than 2 channels is not supported');
        } else if (index > 1 && packet.length > 0) {
          packets.push(packet);
        }
        index++;
      }
    }
    reader.consume(at);
    if (packets.length > 0) yield packets;
  }
  if (index === 0) throw new AudioSourceError('empty Ogg stream');
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's page CRC (polynomial 0x04C11DB7, no reflection, zero start). */
export function oggCrc(data: Buffer): number {
  let crc = 0;
  for (let i = 0; i < data.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ data[i]!) & 0xff]!) >>> 0;
  return crc;
}

/** Writes Opus packets as an Ogg/Opus stream, one page per packet. */
export class OggOpusWriter {
  readonly #serial: number;
  #sequence = 0;
  #granule = 0n;

  constructor(serial = 0x4b6f6b6f) {
    this.#serial = serial;
  }

  /** The two header pages (OpusHead, OpusTags). */
  headers(channels = 2): Buffer {
    const head = Buffer.alloc(19);
    head.write('OpusHead', 0, 'ascii');
    head[8] = 1;
    head[9] = channels;
    head.writeUInt16LE(312, 10); // pre-skip
    head.writeUInt32LE(48000, 12);
    head.writeInt16LE(0, 16);
    head[18] = 0;
    const vendor = Buffer.from('kokoro');
    const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
    tags.write('OpusTags', 0, 'ascii');
    tags.writeUInt32LE(vendor.length, 8);
    vendor.copy(tags, 12);
    tags.writeUInt32LE(0, 12 + vendor.length);
    return Buffer.concat([this.#page(head, 0x02, 0n), this.#page(tags, 0, 0n)]);
  }

  /** One page holding `packet`. */
  packet(packet: Buffer): Buffer {
    this.#granule += BigInt(opusPacketSamples(packet));
    return this.#page(packet, 0, this.#granule);
  }

  /** An empty last page (end of stream). */
  end(): Buffer {
    return this.#page(Buffer.alloc(0), 0x04, this.#granule);
  }

  #page(body: Buffer, flags: number, granule: bigint): Buffer {
    const segments: number[] = [];
    let left = body.length;
    while (left >= 255) {
      segments.push(255);
      left -= 255;
    }
    segments.push(left);
    const page = Buffer.alloc(27 + segments.length + body.length);
    page.write('OggS', 0, 'ascii');
    page[4] = 0;
    page[5] = flags;
    page.writeBigInt64LE(granule, 6);
    page.writeUInt32LE(this.#serial, 14);
    page.writeUInt32LE(this.#sequence++, 18);
    page[26] = segments.length;
    Buffer.from(segments).copy(page, 27);
    body.copy(page, 27 + segments.length);
    page.writeUInt32LE(oggCrc(page), 22);
    return page;
  }
}
