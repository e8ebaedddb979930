/**
 * Body validation with Discord's 50035 field errors. A `Checker` collects errors for one body and
 * throws them all at once, the way Discord reports every bad field of a request together.
 */
import { type FieldError, invalidFormBody } from './errors.js';

type Path = (string | number)[];

/** Collects field errors of one request body; `done()` throws a 50035 if there are any. */
export class Checker {
  readonly errors: FieldError[] = [];

  /** Record an error at `path`. */
  fail(path: Path, code: string, message: string): void {
    this.errors.push({ path, code, message });
  }

  /** A required or optional string of length min..max. Returns whether it is usable. */
  string(
    path: Path,
    value: unknown,
    options: { min?: number; max?: number; required?: boolean } = {},
  ): value is string {
    if (value === undefined || value === null) {
      if (options.required) this.fail(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    if (typeof value !== 'string') {
      this.fail(path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
      return false;
    }
    const length = [...value].length;
    const { min = 0, max } = options;
    if (max !== undefined && length > max) {
      this.fail(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
      return false;
    }
    if (length < min) {
      this.fail(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max ?? 'any'} in length.`);
      return false;
    }
    return true;
  }

  /** An optional integer within min..max. */
  integer(
    path: Path,
    value: unknown,
    options: { min?: number; max?: number; required?: boolean } = {},
  ): value is number {
    if (value === undefined || value === null) {
      if (options.required) this.fail(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
      return false;
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      this.fail(
        path,
        'NUMBER_TYPE_MAX',
        `int value should be between ${options.min ?? '-inf'} and ${options.max ?? 'inf'}.`,
      );
      return false;
    }
    return true;
  }

  /** An optional array of at most `max` items. */
  array(path: Path, value: unknown, options: { max?: number; required?: boolean } = {}): value is unknown[] {
    if (value === undefined || value === null) {
      if (options.required) this.fail(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    if (!Array.isArray(value)) {
      this.fail(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
      return false;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.fail(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${options.max} or fewer in length.`);
      return false;
    }
    return true;
  }

  /** A snowflake string (ids may also come as numbers). */
  snowflake(path: Path, value: unknown, options: { required?: boolean } = {}): value is string {
    if (value === undefined || value === null) {
      if (options.required) this.fail(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    if (!/^\d{1,20}$/.test(String(value))) {
      this.fail(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not snowflake.`);
      return false;
    }
    return true;
  }

  /** Throw the collected errors as one 50035. */
  done(): void {
    if (this.errors.length > 0) throw invalidFormBody(this.errors);
  }
}

/** A query parameter as an integer within min..max, default when absent; 50035 otherwise. */
export function queryInteger(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const checker = new Checker();
    checker.fail([name], 'NUMBER_TYPE_MAX', `int value should be between ${min} and ${max}.`);
    checker.done();
  }
  return value;
}
