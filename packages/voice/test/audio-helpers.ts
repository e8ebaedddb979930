/** Test helpers: measure a tone's frequency and level in s16le stereo PCM. */

/** Frequency (Hz) of a tone, from the zero crossings of the left channel. */
export function frequencyOf(pcm: Buffer, sampleRate = 48000): number {
  let crossings = 0;
  let previous = 0;
  const frames = Math.floor(pcm.length / 4);
  for (let i = 0; i < frames; i++) {
    const value = pcm.readInt16LE(i * 4);
    if (i > 0 && ((previous < 0 && value >= 0) || (previous >= 0 && value < 0))) crossings++;
    previous = value;
  }
  return crossings / 2 / (frames / sampleRate);
}

/** Root-mean-square level (0..1) of the left channel. */
export function rmsOf(pcm: Buffer): number {
  let sum = 0;
  const frames = Math.floor(pcm.length / 4);
  for (let i = 0; i < frames; i++) {
    const value = pcm.readInt16LE(i * 4) / 32768;
    sum += value * value;
  }
  return Math.sqrt(sum / Math.max(1, frames));
}
