/**
 * Recording received audio: PCM streams to WAV, Opus streams to Ogg/Opus (no re-encoding). To a
 * file path, the WAV header gets the real length once the stream ends; to a Writable, it says
 * "unknown length" (0xFFFFFFFF), which players accept.
 */
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { OggOpusWriter } from '../play/ogg.js';
import { wavHeader } from '../play/wav.js';

async function writeTo(destination: Writable, chunk: Buffer): Promise<void> {
  if (!destination.write(chunk)) await new Promise((resolve) => destination.once('drain', resolve));
}

/** Record a PCM stream (s16le 48 kHz stereo) as WAV; resolves with the bytes of audio written. */
export async function recordWav(pcm: Readable, destination: string | Writable): Promise<number> {
  let length = 0;
  if (typeof destination === 'string') {
    const file = await open(destination, 'w');
    try {
      await file.write(wavHeader(0));
      for await (const chunk of pcm) {
        await file.write(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
      await file.write(wavHeader(length), 0, 44, 0);
    } finally {
      await file.close();
    }
    return length;
  }
  await writeTo(destination, wavHeader(0xffffffff));
  for await (const chunk of pcm) {
    await writeTo(destination, chunk as Buffer);
    length += (chunk as Buffer).length;
  }
  destination.end();
  await finished(destination);
  return length;
}

/** Record an Opus packet stream (`receive(user, { format: 'opus' })`) as Ogg/Opus; resolves with the packet count. */
export async function recordOgg(opus: Readable, destination: string | Writable): Promise<number> {
  const writer = new OggOpusWriter();
  let packets = 0;
  const file = typeof destination === 'string' ? await open(destination, 'w') : undefined;
  const write = (chunk: Buffer) =>
    file ? file.write(chunk).then(() => undefined) : writeTo(destination as Writable, chunk);
  try {
    await write(writer.headers());
    for await (const packet of opus) {
      await write(writer.packet(packet as Buffer));
      packets++;
    }
    await write(writer.end());
  } finally {
    await file?.close();
  }
  if (!file) {
    (destination as Writable).end();
    await finished(destination as Writable);
  }
  return packets;
}
