/**
 * The benchmarks' median: the middle value of the rounds, the upper middle of an even count (the
 * benches run an odd number of rounds by default, where there is one middle).
 */

/** The index of the median in `count` sorted values. */
export function middleIndex(count: number): number {
  return count >> 1;
}

/** The median of `values` (a value of them, never an average). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[middleIndex(values.length)] as number;
}
