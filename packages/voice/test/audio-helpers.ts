/** Test helpers: measure a tone's frequency and level in s16le stereo PCM. */

/** The PCM without its silent (near-zero) start and end. */
export function trimSilence(pcm: Buffer): Buffer {
  const loud = (i: number) => Math.abs(pcm.readInt16LE(i * 4)) > 64;
  const frames = Math.floor(pcm.length / 4);
  let start = 0;
  while (start < frames && !loud(start)) start++;
  let end = frames;
  while (end > start && !loud(end - 1)) end--;
  return pcm.subarray(start * 4, end * 4);
}

/** Frequency (Hz) of a tone, from the zero crossings of the left channel (silent ends trimmed). */
export function frequencyOf(whole: Buffer, sampleRate = 48000): number {
  const pcm = trimSilence(whole);
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
