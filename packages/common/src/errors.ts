import { scrubSecrets } from './secrets.js';

/**
 * The base of every error Kokoro throws. `code` is a stable machine-readable name
 * (`'KOKORO_GATEWAY_FATAL'`, `'KOKORO_VALIDATION'`...); the message says what to fix.
 * Known secrets (bot tokens) are scrubbed from the message at construction.
 */
export class KokoroError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(scrubSecrets(message), options);
    this.code = code;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** Bad input found before anything was sent to Discord. `path` names the offending field. */
export class ValidationError extends KokoroError {
  readonly path: string;

  constructor(path: string, message: string) {
    super('KOKORO_VALIDATION', path ? `${path}: ${message}` : message);
    this.path = path;
  }
}
