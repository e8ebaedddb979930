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
 *
 * Before the text (issue 9, point 8, second pass). A copy's text is never needed: where the inflater
 * hands its output bytes (zlib-stream read by frames.ts), {@link readEnvelope} reads the same envelope
 * from the bytes and `d` is offered as a range of them ({@link RawBytes}), so a recognised copy costs
 * no string at all (the cache hashes and compares the bytes). The envelope is ASCII, so a byte offset
 * before `d` is also a character offset in the text: the first copy's `d` text is sliced from the
 * decoded text at the same offset.
 */

import type { RawData } from '@kokoro/common';

export type { RawBytes, RawData } from '@kokoro/common';
export { rawText } from '@kokoro/common';

/** The envelope of a dispatch and its raw data. */
export interface RawDispatch {
  readonly t: string;
  readonly s: number | null;
  /** The JSON of `d`, as received (text, or bytes valid only during the call). */
  readonly data: RawData;
}

/** What {@link readEnvelope} read: the envelope and where `d` starts (it ends before the last byte). */
export interface Envelope {
  t: string;
  s: number | null;
  /** Offset of `d`'s first byte. */
  start: number;
}

const MAX_ENVELOPE = 96;

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95; // A-Z 0-9 _
}

/** Split a dispatch's text into envelope and raw data; `undefined` when it is not in a compact shape. */
export function splitDispatch(text: string): (RawDispatch & { readonly data: string }) | undefined {
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
      let end = i + 5;
      while (end < at && isNameChar(text.charCodeAt(end))) end++;
      if (end === i + 5 || text.charCodeAt(end) !== 34 /* " */) return undefined;
      t = text.slice(i + 5, end);
      i = end + 1;
    } else if (text.startsWith('"s":', i)) {
      let end = i + 4;
      let value = 0;
      for (let c = text.charCodeAt(end); end < at && c >= 48 && c <= 57; c = text.charCodeAt(++end))
        value = value * 10 + c - 48;
      if (end === i + 4) {
        if (!text.startsWith('null', end)) return undefined;
        s = null;
        end += 4;
      } else s = value;
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

// Event names by a hash of their bytes (a few dozen names; bounded all the same).
const names = new Map<number, string>();
const MAX_NAMES = 512;

function nameOf(bytes: Uint8Array, start: number, end: number): string {
  let h = end - start;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  h &= 0x3fffffff;
  const known = names.get(h);
  if (known !== undefined && known.length === end - start) {
    let i = 0;
    while (i < known.length && known.charCodeAt(i) === bytes[start + i]) i++;
    if (i === known.length) return known;
  }
  const name = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  if (known === undefined && names.size < MAX_NAMES) names.set(h, name);
  return name;
}

/**
 * {@link splitDispatch} on the UTF-8 bytes `bytes[0, length)` of a payload, without decoding them: the
 * same shapes, the same refusals. Fills `out` and returns `true` when it is a compact dispatch (`d`
 * is then `bytes[out.start, length - 1)`); `false` leaves `out` in any state.
 */
export function readEnvelope(bytes: Uint8Array, length: number, out: Envelope): boolean {
  if (length < 8 || bytes[0] !== 123 /* { */ || bytes[length - 1] !== 125 /* } */) return false;
  const limit = Math.min(length - 1, MAX_ENVELOPE + 4);
  let t: string | undefined;
  let s: number | null | undefined;
  let op = false;
  let i = 1;
  // Read `"key":value,` pairs up to `"d":`.
  while (i + 4 <= limit && bytes[i] === 34 /* " */) {
    const key = bytes[i + 1];
    if (bytes[i + 2] === 34 && bytes[i + 3] === 58 /* : */) {
      if (key === 100 /* d */) {
        if (t === undefined || s === undefined || !op) return false;
        out.t = t;
        out.s = s;
        out.start = i + 4;
        return true;
      }
      if (key === 116 /* t */) {
        if (bytes[i + 4] !== 34) return false;
        let end = i + 5;
        while (end < limit && isNameChar(bytes[end] as number)) end++;
        if (end === i + 5 || bytes[end] !== 34) return false;
        t = nameOf(bytes, i + 5, end);
        i = end + 1;
      } else if (key === 115 /* s */) {
        let end = i + 4;
        let value = 0;
        for (let c = bytes[end] as number; end < limit && c >= 48 && c <= 57; c = bytes[++end] as number)
          value = value * 10 + c - 48;
        if (end === i + 4) {
          // null
          if (bytes[end] !== 110 || bytes[end + 1] !== 117 || bytes[end + 2] !== 108 || bytes[end + 3] !== 108)
            return false;
          s = null;
          end += 4;
        } else s = value;
        i = end;
      } else return false;
    } else if (
      key === 111 /* o */ &&
      bytes[i + 2] === 112 /* p */ &&
      bytes[i + 3] === 34 &&
      bytes[i + 4] === 58 &&
      bytes[i + 5] === 48 /* 0 */
    ) {
      op = true;
      i += 6;
    } else return false;
    if (bytes[i] !== 44 /* , */) return false;
    i++;
  }
  return false;
}
