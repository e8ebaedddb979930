/**
 * A closed `Rest` (its client was destroyed) sends nothing more: a request on it is refused at once
 * instead of going out as a bot that was meant to be gone, or pending on a closed pool.
 */
import { KokoroError } from '@kokoro/common';

/** A request on a `Rest` after `close()`. */
export class RestClosedError extends KokoroError {
  /** The request's method. */
  readonly method: string;
  /** The request's path (as given; ids, never tokens). */
  readonly path: string;

  constructor(method: string, path: string) {
    super(
      'KOKORO_REST_CLOSED',
      `${method} ${path} refused: this REST handle was closed (its client was destroyed); use a live client`,
    );
    this.method = method;
    this.path = path;
  }
}
