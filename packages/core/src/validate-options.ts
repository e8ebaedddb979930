/**
 * Client options checked at construction. TypeScript users get them checked by the compiler;
 * plain JavaScript (and configuration read from files) does not, so a misspelt compression, an
 * intents value that is not a bitfield or a shard id past the count is refused here, with the
 * option's name and what it accepts, instead of failing later inside a connection.
 */
import { ValidationError } from '@kokoro/common';
import { ALL_INTENTS } from './intents.js';

const COMPRESSIONS = ['zlib-stream', 'zstd-stream', null] as const;
const ENCODINGS = ['json', 'etf'] as const;

const positiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

/** What `new Client(options)` checks before anything else happens. Throws `ValidationError`. */
export function validateClientOptions(options: Record<string, unknown>): void {
  const { compression, encoding, intents, shardCount, shardIds } = options;
  if (compression !== undefined && !(COMPRESSIONS as readonly unknown[]).includes(compression)) {
    throw new ValidationError(
      'compression',
      `must be 'zlib-stream', 'zstd-stream' or null (none), got ${show(compression)}`,
    );
  }
  if (encoding !== undefined && !(ENCODINGS as readonly unknown[]).includes(encoding)) {
    throw new ValidationError('encoding', `must be 'json' or 'etf', got ${show(encoding)}`);
  }
  if (intents !== undefined) {
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      throw new ValidationError(
        'intents',
        `must be a bitfield of GatewayIntentBits (a non-negative integer, e.g. GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages), got ${show(intents)}`,
      );
    }
    const unknown = intents & ~ALL_INTENTS;
    if (unknown !== 0) {
      throw new ValidationError(
        'intents',
        `has bits Discord does not define (${unknown}); use GatewayIntentBits values`,
      );
    }
  }
  if (shardCount !== undefined && shardCount !== 'auto' && !positiveInteger(shardCount)) {
    throw new ValidationError('shardCount', `must be a positive integer or 'auto', got ${show(shardCount)}`);
  }
  if (shardIds !== undefined) {
    if (!Array.isArray(shardIds) || shardIds.length === 0) {
      throw new ValidationError('shardIds', `must be a non-empty array of shard ids, got ${show(shardIds)}`);
    }
    const count = typeof shardCount === 'number' ? shardCount : undefined;
    shardIds.forEach((id: unknown, index) => {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || (count !== undefined && id >= count)) {
        const range =
          count === undefined ? 'a non-negative integer' : `an integer from 0 to ${count - 1} (shardCount ${count})`;
        throw new ValidationError(`shardIds[${index}]`, `must be ${range}, got ${show(id)}`);
      }
      if (shardIds.indexOf(id) !== index)
        throw new ValidationError(`shardIds[${index}]`, `shard ${id} is listed twice`);
    });
  }
  for (const key of ['restUrl', 'gatewayUrl'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    const protocols = key === 'restUrl' ? ['http:', 'https:'] : ['ws:', 'wss:'];
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || !protocols.includes(url.protocol)) {
      throw new ValidationError(key, `must be a ${protocols.join(' or ')} URL, got ${show(value)}`);
    }
  }
  const wait = options.waitGuildsTimeout;
  if (wait !== undefined && (typeof wait !== 'number' || !Number.isFinite(wait) || wait < 0)) {
    throw new ValidationError('waitGuildsTimeout', `must be a number of ms, 0 or more, got ${show(wait)}`);
  }
  validateGatewayOptions(options.gateway);
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
    throw new ValidationError('name', `must be a non-empty string, got ${show(options.name)}`);
  }
}

function validateGatewayOptions(gateway: unknown): void {
  if (gateway === undefined) return;
  if (typeof gateway !== 'object' || gateway === null) {
    throw new ValidationError('gateway', `must be an object of shard options, got ${show(gateway)}`);
  }
  const options = gateway as Record<string, unknown>;
  for (const key of ['startAttempts', 'maxAttempts']) {
    if (options[key] !== undefined && !positiveInteger(options[key])) {
      throw new ValidationError(`gateway.${key}`, `must be a positive integer, got ${show(options[key])}`);
    }
  }
  for (const key of ['startTimeout', 'connectTimeout', 'readyTimeout']) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      throw new ValidationError(`gateway.${key}`, `must be a number of ms above 0, got ${show(value)}`);
    }
  }
}
