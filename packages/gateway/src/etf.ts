/**
 * ETF, Erlang's external term format (version 131), the gateway's binary `encoding=etf`.
 *
 * A term is a tag byte and its body, big-endian. Discord's payloads map onto JSON as erlpack (the
 * reference client library) maps them: maps -> objects, binaries -> UTF-8 strings, lists and
 * tuples -> arrays (a "string" term, Erlang's compact list of bytes, is a list of numbers too),
 * the atoms `nil`/`null` -> null, `true`/`false` -> booleans, other atoms -> strings, integers ->
 * numbers, except bignums beyond 2^53 (snowflakes) -> decimal strings. What the client sends is
 * encoded the same way back, with string (binary) map keys: Discord closes 4002 on atom keys.
 * A whole term may come zlib-compressed (tag 80).
 */
import { inflateSync } from 'node:zlib';
import { KokoroError } from '@kokoro/common';

const VERSION = 131;
const NEW_FLOAT = 70;
const COMPRESSED = 80;
const SMALL_INTEGER = 97;
const INTEGER = 98;
const FLOAT = 99;
const ATOM = 100;
const SMALL_TUPLE = 104;
const LARGE_TUPLE = 105;
const NIL = 106;
const STRING = 107;
const LIST = 108;
const BINARY = 109;
const SMALL_BIG = 110;
const LARGE_BIG = 111;
const MAP = 116;
const SMALL_ATOM = 115;
const ATOM_UTF8 = 118;
const SMALL_ATOM_UTF8 = 119;

/** Bytes that are not a term this decoder understands, or a value ETF cannot carry. */
export class EtfError extends KokoroError {
  constructor(message: string) {
    super('KOKORO_ETF', message);
  }
}

/** Decode one ETF-encoded gateway payload. Throws `EtfError` on bytes that are no valid term. */
export function decodeEtf(bytes: Buffer): unknown {
  if (bytes[0] !== VERSION) throw new EtfError(`ETF: expected version 131, got ${bytes[0]}`);
  const reader = new Reader(bytes, 1);
  const value = reader.term();
  if (reader.offset !== bytes.length) throw new EtfError('ETF: trailing bytes after the term');
  return value;
}

class Reader {
  constructor(
    readonly bytes: Buffer,
    public offset: number,
  ) {}

  #need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new EtfError('ETF: the term ends past the end of the data');
  }

  #u8(): number {
    this.#need(1);
    return this.bytes[this.offset++]!;
  }

  #u16(): number {
    this.#need(2);
    const value = this.bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  #u32(): number {
    this.#need(4);
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  #text(length: number, encoding: 'utf8' | 'latin1'): string {
    this.#need(length);
    const text = this.bytes.toString(encoding, this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  term(): unknown {
    const tag = this.#u8();
    switch (tag) {
      case SMALL_INTEGER:
        return this.#u8();
      case INTEGER: {
        this.#need(4);
        const value = this.bytes.readInt32BE(this.offset);
        this.offset += 4;
        return value;
      }
      case NEW_FLOAT: {
        this.#need(8);
        const value = this.bytes.readDoubleBE(this.offset);
        this.offset += 8;
        return value;
      }
      case FLOAT:
        return Number.parseFloat(this.#text(31, 'latin1'));
      case ATOM:
        return atom(this.#text(this.#u16(), 'latin1'));
      case SMALL_ATOM:
        return atom(this.#text(this.#u8(), 'latin1'));
      case ATOM_UTF8:
        return atom(this.#text(this.#u16(), 'utf8'));
      case SMALL_ATOM_UTF8:
        return atom(this.#text(this.#u8(), 'utf8'));
      case BINARY:
        return this.#text(this.#u32(), 'utf8');
      case NIL:
        return [];
      case STRING: {
        const length = this.#u16();
        this.#need(length);
        const list = Array.from(this.bytes.subarray(this.offset, this.offset + length));
        this.offset += length;
        return list;
      }
      case LIST: {
        const length = this.#u32();
        const list = this.#terms(length);
        const tail = this.term();
        if (!Array.isArray(tail) || tail.length > 0) list.push(tail);
        return list;
      }
      case SMALL_TUPLE:
        return this.#terms(this.#u8());
      case LARGE_TUPLE:
        return this.#terms(this.#u32());
      case MAP: {
        const arity = this.#u32();
        const map: Record<string, unknown> = {};
        for (let i = 0; i < arity; i++) {
          const key = this.term();
          map[typeof key === 'string' ? key : String(key)] = this.term();
        }
        return map;
      }
      case SMALL_BIG:
        return this.#big(this.#u8());
      case LARGE_BIG:
        return this.#big(this.#u32());
      case COMPRESSED: {
        const size = this.#u32();
        const inflated = inflateSync(this.bytes.subarray(this.offset));
        if (inflated.length !== size) throw new EtfError('ETF: compressed term of the wrong size');
        this.offset = this.bytes.length;
        const inner = new Reader(inflated, 0);
        const value = inner.term();
        if (inner.offset !== inflated.length) throw new EtfError('ETF: trailing bytes in a compressed term');
        return value;
      }
      default:
        throw new EtfError(`ETF: unsupported tag ${tag}`);
    }
  }

  #terms(count: number): unknown[] {
    const list: unknown[] = [];
    for (let i = 0; i < count; i++) list.push(this.term());
    return list;
  }

  #big(digits: number): number | string {
    const sign = this.#u8();
    this.#need(digits);
    let value = 0n;
    for (let i = digits - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.bytes[this.offset + i]!);
    this.offset += digits;
    if (sign !== 0) value = -value;
    const small = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
    return small ? Number(value) : value.toString();
  }
}

function atom(name: string): unknown {
  switch (name) {
    case 'nil':
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return name;
  }
}

/** Encode a JSON-shaped payload as ETF (string map keys, strings as binaries). */
export function encodeEtf(value: unknown): Buffer {
  const writer = new Writer();
  writer.byte(VERSION);
  writer.term(value);
  return writer.done();
}

class Writer {
  #buffer = Buffer.allocUnsafe(1024);
  #length = 0;

  #room(n: number): void {
    if (this.#length + n <= this.#buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + n));
    this.#buffer.copy(bigger, 0, 0, this.#length);
    this.#buffer = bigger;
  }

  byte(value: number): void {
    this.#room(1);
    this.#buffer[this.#length++] = value;
  }

  #u32(value: number): void {
    this.#room(4);
    this.#buffer.writeUInt32BE(value, this.#length);
    this.#length += 4;
  }

  #atom(name: string): void {
    this.byte(SMALL_ATOM);
    this.byte(name.length);
    this.#room(name.length);
    this.#length += this.#buffer.write(name, this.#length, 'latin1');
  }

  #binary(text: string): void {
    const size = Buffer.byteLength(text);
    this.byte(BINARY);
    this.#u32(size);
    this.#room(size);
    this.#length += this.#buffer.write(text, this.#length, 'utf8');
  }

  term(value: unknown): void {
    if (value === null || value === undefined) {
      this.#atom('nil');
      return;
    }
    switch (typeof value) {
      case 'boolean':
        this.#atom(value ? 'true' : 'false');
        return;
      case 'string':
        this.#binary(value);
        return;
      case 'bigint':
        this.#integer(value);
        return;
      case 'number':
        if (Number.isInteger(value)) {
          this.#integer(BigInt(value));
          return;
        }
        this.byte(NEW_FLOAT);
        this.#room(8);
        this.#buffer.writeDoubleBE(value, this.#length);
        this.#length += 8;
        return;
      case 'object': {
        if (Array.isArray(value)) {
          if (value.length === 0) {
            this.byte(NIL);
            return;
          }
          this.byte(LIST);
          this.#u32(value.length);
          for (const item of value) this.term(item);
          this.byte(NIL);
          return;
        }
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
        this.byte(MAP);
        this.#u32(entries.length);
        for (const [key, item] of entries) {
          this.#binary(key);
          this.term(item);
        }
        return;
      }
      default:
        throw new EtfError(`ETF: cannot encode a ${typeof value}`);
    }
  }

  #integer(value: bigint): void {
    if (value >= 0n && value <= 255n) {
      this.byte(SMALL_INTEGER);
      this.byte(Number(value));
      return;
    }
    if (value >= -2147483648n && value <= 2147483647n) {
      this.byte(INTEGER);
      this.#room(4);
      this.#buffer.writeInt32BE(Number(value), this.#length);
      this.#length += 4;
      return;
    }
    const digits: number[] = [];
    let rest = value < 0n ? -value : value;
    while (rest > 0n) {
      digits.push(Number(rest & 0xffn));
      rest >>= 8n;
    }
    this.byte(SMALL_BIG);
    this.byte(digits.length);
    this.byte(value < 0n ? 1 : 0);
    for (const digit of digits) this.byte(digit);
  }

  done(): Buffer {
    return Buffer.from(this.#buffer.subarray(0, this.#length));
  }
}
