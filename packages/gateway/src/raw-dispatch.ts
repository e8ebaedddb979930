/**
 * A dispatch's envelope read without parsing its data (issue 9, point 8).
 *
 * Theory. When several bots share guilds, each session receives the same dispatches: the bytes of
 * `d` are identical, only the envelope (`s`) differs. Parsing every copy costs each extra bot as
 * much as the first. So before `JSON.parse`, the shard reads the envelope by hand and offers the raw
 * text of `d` to `onRawDispatch`, which may recognise a copy it already has (the cache keys its
 * multi-client records by that text) and take it whole; only what is not a copy is parsed.
 *
 * The envelope is read only in the compact shapes Discord and the fake send, with `d` last:
 * `{"t":"NAME","s":12,"op":0,"d":...}` or `{"op":0,"t":"NAME","s":12,"d":...}` (keys in any order
 * before `"d"`, no spaces). Anything else (spaces, `d` first, an odd value) returns `undefined` and
 * the text is parsed as usual, so the fast path can only be skipped, never misread: an event name
 * holds only `A-Z`, `0-9` and `_`, and a sequence only digits (or `null`), so `"d":` cannot appear
 * in the envelope before the real one.
 */

/** The envelope of a dispatch and the raw JSON text of its data. */
export interface RawDispatch {
  readonly t: string;
  readonly s: number | null;
  /** The JSON text of `d`, as received. */
  readonly data: string;
}

const MAX_ENVELOPE = 96;

/** Split a dispatch's text into envelope and raw data; `undefined` when it is not in a compact shape. */
export function splitDispatch(text: string): RawDispatch | undefined {
  if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(text.length - 1) !== 125 /* } */) return undefined;
  const at = text.indexOf('"d":', 1);
  if (at < 0 || at > MAX_ENVELOPE) return undefined;
  let t: string | undefined;
  let s: number | null | undefined;
  let op = false;
  // Read `"key":value,` pairs up to `"d":`.
  let i = 1;
  while (i < at) {
    if (text.startsWith('"t":"', i)) {
      const end = text.indexOf('"', i + 5);
      if (end < 0 || end > at) return undefined;
      t = text.slice(i + 5, end);
      if (!/^[A-Z0-9_]+$/.test(t)) return undefined;
      i = end + 1;
    } else if (text.startsWith('"s":', i)) {
      let end = i + 4;
      while (end < at && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
      if (end === i + 4) {
        if (!text.startsWith('null', end)) return undefined;
        s = null;
        end += 4;
      } else s = Number(text.slice(i + 4, end));
      i = end;
    } else if (text.startsWith('"op":0', i)) {
      op = true;
      i += 6;
    } else return undefined;
    if (text.charCodeAt(i) !== 44 /* , */) return undefined;
    i++;
  }
  if (i !== at || t === undefined || s === undefined || !op) return undefined;
  return { t, s, data: text.slice(at + 4, text.length - 1) };
}
