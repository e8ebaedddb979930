import { scrubSecrets } from './secrets.js';

/**
 * The base of every error Kokoro throws. `code` is a stable machine-readable name
 * (`'KOKORO_GATEWAY_FATAL'`, `'KOKORO_VALIDATION'`...); the message says what to fix.
 * Known secrets (bot tokens) are scrubbed from the message at construction.
 */
export class KokoroError extends Error {
  /** A stable machine-readable name of the error (`'KOKORO_VALIDATION'`, `'KOKORO_GATEWAY_FATAL'`…): compare this, not the message. */
  readonly code: string;

  /** `message` says what went wrong and what to fix; known secrets in it are replaced before it is stored. `options.cause`: the underlying error. */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(scrubSecrets(message), options);
    this.code = code;
  }

  /** The class name (`'ValidationError'`…), so stack traces and the console show which error it is. */
  override get name(): string {
    return this.constructor.name;
  }
}

/** Bad input found before anything was sent to Discord. `path` names the offending field. */
export class ValidationError extends KokoroError {
  /** The offending field, the way Discord's 50035 errors name it (`embeds[0].fields[3].value`); empty when the whole input is wrong. */
  readonly path: string;

  /** The message is prefixed with `path` when there is one. */
  constructor(path: string, message: string) {
    super('KOKORO_VALIDATION', path ? `${path}: ${message}` : message);
    this.path = path;
  }
}
