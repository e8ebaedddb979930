/**
 * Durations as people type them: `1h30m`, `2d`, `90s`, `1w 2d`, `1.5h`, `500ms`. Units: w, d, h,
 * m (minutes), s, ms, and their long forms (`min`, `mins`, `minutes`, `hours`...). A bare number is
 * seconds. The result is in milliseconds.
 */

const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gy;
  let total = 0;
  let at = 0;
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    const unit = UNITS[match[2]!];
    if (unit === undefined) return undefined;
    total += Number(match[1]) * unit;
    at = part.lastIndex;
  }
  return at === trimmed.length && at > 0 ? Math.round(total) : undefined;
}

/** `1h 30m`, `2d`, `45s`: a duration in the units it parses from. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let left = Math.round(ms);
  for (const [unit, size] of [
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`);
      left %= size;
    }
  }
  if (left > 0 || parts.length === 0) parts.push(`${left}ms`);
  return parts.join(' ');
}
