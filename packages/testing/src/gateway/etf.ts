/**
 * ETF (Erlang external term format, version 131) for the fake gateway's `encoding=etf`, written
 * apart from @kokoro/gateway's codec so each checks the other. Outbound, the fake encodes like
 * Discord: maps with binary keys, strings as binaries, and snowflakes (decimal strings beyond 2^53)
 * as 64-bit integers (SMALL_BIG_EXT), since Discord "transmits snowflake IDs as 64-bit integers or
 * strings". Inbound, it reads what clients send and refuses atom map keys, as Discord does (4002).
 */

/** A client sent something that is no term the gateway accepts (the connection closes 4002). */
export class FakeEtfError extends Error {}

const SNOWFLAKE = /^[1-9][0-9]{15,19}$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Encode a JSON-shaped value as Discord would send it. */
export function encodeTerm(value: unknown): Buffer {
  const parts: Buffer[] = [Buffer.of(131)];
  put(value, parts);
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function binary(text: string, parts: Buffer[]): void {
  const body = Buffer.from(text, 'utf8');
  parts.push(Buffer.of(109), u32(body.length), body);
}

function put(value: unknown, parts: Buffer[]): void {
  if (value === null || value === undefined) {
    parts.push(Buffer.from([115, 3, ...Buffer.from('nil')]));
  } else if (typeof value === 'boolean') {
    const name = Buffer.from(String(value));
    parts.push(Buffer.of(115, name.length), name);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 256) parts.push(Buffer.of(97, value));
    else if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) {
      const b = Buffer.alloc(5);
      b[0] = 98;
      b.writeInt32BE(value, 1);
      parts.push(b);
    } else if (Number.isInteger(value)) bignum(BigInt(value), parts);
    else {
      const b = Buffer.alloc(9);
      b[0] = 70;
      b.writeDoubleBE(value, 1);
      parts.push(b);
    }
  } else if (typeof value === 'string') {
    if (SNOWFLAKE.test(value) && BigInt(value) > MAX_SAFE && BigInt(value) < 1n << 64n) bignum(BigInt(value), parts);
    else binary(value, parts);
  } else if (Array.isArray(value)) {
    if (value.length > 0) {
      parts.push(Buffer.of(108), u32(value.length));
      for (const item of value) put(item, parts);
    }
    parts.push(Buffer.of(106));
  } else if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    parts.push(Buffer.of(116), u32(entries.length));
    for (const [key, item] of entries) {
      binary(key, parts);
      put(item, parts);
    }
  } else {
    throw new FakeEtfError(`cannot encode a ${typeof value}`);
  }
}

function bignum(value: bigint, parts: Buffer[]): void {
  const digits: number[] = [];
  for (let rest = value < 0n ? -value : value; rest > 0n; rest /= 256n) digits.push(Number(rest % 256n));
  parts.push(Buffer.of(110, digits.length, value < 0n ? 1 : 0, ...digits));
}

/** Decode a client's payload; throws `FakeEtfError` on bad bytes or atom map keys. */
export function decodeTerm(data: Buffer): unknown {
  if (data[0] !== 131) throw new FakeEtfError('not version 131');
  const cursor = { at: 1 };
  const value = take(data, cursor);
  if (cursor.at !== data.length) throw new FakeEtfError('trailing bytes');
  return value;
}

function take(data: Buffer, cursor: { at: number }): unknown {
  const need = (n: number) => {
    if (cursor.at + n > data.length) throw new FakeEtfError('truncated term');
    const start = cursor.at;
    cursor.at += n;
    return start;
  };
  const tag = data[need(1)];
  switch (tag) {
    case 97:
      return data[need(1)];
    case 98:
      return data.readInt32BE(need(4));
    case 70:
      return data.readDoubleBE(need(8));
    case 109: {
      const length = data.readUInt32BE(need(4));
      const start = need(length);
      return data.toString('utf8', start, start + length);
    }
    case 115:
    case 119: {
      const length = data[need(1)]!;
      const start = need(length);
      return atomValue(data.toString('utf8', start, start + length));
    }
    case 100:
    case 118: {
      const length = data.readUInt16BE(need(2));
      const start = need(length);
      return atomValue(data.toString('utf8', start, start + length));
    }
    case 106:
      return [];
    case 107: {
      const length = data.readUInt16BE(need(2));
      const start = need(length);
      return [...data.subarray(start, start + length)];
    }
    case 108: {
      const length = data.readUInt32BE(need(4));
      const list: unknown[] = [];
      for (let i = 0; i < length; i++) list.push(take(data, cursor));
      take(data, cursor);
      return list;
    }
    case 104: {
      const length = data[need(1)]!;
      return Array.from({ length }, () => take(data, cursor));
    }
    case 110: {
      const length = data[need(1)]!;
      const negative = data[need(1)] === 1;
      const start = need(length);
      let value = 0n;
      for (let i = length - 1; i >= 0; i--) value = value * 256n + BigInt(data[start + i]!);
      if (negative) value = -value;
      return value > MAX_SAFE || value < -MAX_SAFE ? value.toString() : Number(value);
    }
    case 116: {
      const arity = data.readUInt32BE(need(4));
      const map: Record<string, unknown> = {};
      for (let i = 0; i < arity; i++) {
        const keyTag = data[cursor.at];
        if (keyTag === 100 || keyTag === 115 || keyTag === 118 || keyTag === 119) {
          throw new FakeEtfError('atom map keys (use string keys)');
        }
        const key = take(data, cursor);
        map[String(key)] = take(data, cursor);
      }
      return map;
    }
    default:
      throw new FakeEtfError(`unsupported tag ${tag}`);
  }
}

function atomValue(name: string): unknown {
  if (name === 'nil' || name === 'null') return null;
  if (name === 'true') return true;
  if (name === 'false') return false;
  return name;
}
