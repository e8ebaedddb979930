/**
 * Routing by `custom_id`. Components and modals are found by the id they were sent with: an exact
 * string (`'ping-again'`), a pattern with named parameters (`'vote:{id}'`, `'page:{list}:{n}'`, where
 * each parameter matches up to the next literal part), or a RegExp whose groups become the
 * parameters (named groups by name, the others by position). Exact ids are looked up first, then
 * patterns in the order they were added.
 */
import { ValidationError } from '@kokoro/core';

/** A `custom_id` to route by: an exact string, a `{param}` pattern, or a RegExp. */
export type CustomIdPattern = string | RegExp;

/** Parameters captured from a `custom_id`. */
export type CustomIdParams = Record<string, string>;

/** A compiled pattern: `match(id)` gives the parameters, or undefined. */
export interface CustomIdMatcher {
  /** The pattern as written (`'vote:{id}'`, or the RegExp's source). */
  readonly source: string;
  /** The whole custom id when the pattern has no parameters (looked up directly), else undefined. */
  readonly exact: string | undefined;
  /** The parameters if `customId` matches the whole pattern (`{}` for an exact one), else undefined. */
  match(customId: string): CustomIdParams | undefined;
  /** Fill the parameters in (`'vote:{id}'` + `{ id: '7' }` → `'vote:7'`); only for string patterns. */
  fill(params: CustomIdParams): string;
}

/** Compile a pattern; a bad one is a `ValidationError` at declaration. */
export function compileCustomId(pattern: CustomIdPattern, path = 'customId'): CustomIdMatcher {
  if (pattern instanceof RegExp) {
    const regexp = new RegExp(
      pattern.source.startsWith('^') ? pattern.source : `^(?:${pattern.source})$`,
      pattern.flags.replace('g', ''),
    );
    return {
      source: String(pattern),
      exact: undefined,
      match(customId) {
        const found = regexp.exec(customId);
        if (!found) return undefined;
        const params: CustomIdParams = {};
        found.slice(1).forEach((value, index) => {
          if (value !== undefined) params[String(index)] = value;
        });
        Object.assign(params, found.groups ?? {});
        return params;
      },
      fill() {
        throw new ValidationError(path, 'a RegExp custom id cannot be filled in; build the id yourself');
      },
    };
  }
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 100) {
    throw new ValidationError(
      path,
      `must be a string of 1..100 characters or a RegExp, got ${typeof pattern === 'string' ? `${pattern.length} characters` : typeof pattern}`,
    );
  }
  const names: string[] = [];
  const parts = pattern.split(/\{([A-Za-z_][A-Za-z0-9_]*)\}/);
  if (parts.length === 1) {
    return { source: pattern, exact: pattern, match: (id) => (id === pattern ? {} : undefined), fill: () => pattern };
  }
  let source = '^';
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      if (names.includes(part)) throw new ValidationError(path, `parameter {${part}} appears twice in '${pattern}'`);
      names.push(part);
      source += '(.+?)';
    } else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  const regexp = new RegExp(`${source}$`, 's');
  return {
    source: pattern,
    exact: undefined,
    match(customId) {
      const found = regexp.exec(customId);
      if (!found) return undefined;
      return Object.fromEntries(names.map((name, index) => [name, found[index + 1]!]));
    },
    fill(params) {
      const id = pattern.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined || value === '')
          throw new ValidationError(`${path}.${name}`, `no value for {${name}} in '${pattern}'`);
        return String(value);
      });
      if (id.length > 100) throw new ValidationError(path, `'${id}' is longer than 100 characters`);
      return id;
    },
  };
}

/** Handlers by custom id: exact ids in a map, patterns in order. */
export class CustomIdRoutes<H> {
  readonly #exact = new Map<string, H>();
  readonly #patterns: { matcher: CustomIdMatcher; handler: H }[] = [];

  /** Add a route; returns a function that removes it. */
  add(matcher: CustomIdMatcher, handler: H): () => void {
    if (matcher.exact !== undefined) {
      this.#exact.set(matcher.exact, handler);
      return () => {
        if (this.#exact.get(matcher.exact!) === handler) this.#exact.delete(matcher.exact!);
      };
    }
    const entry = { matcher, handler };
    this.#patterns.push(entry);
    return () => {
      const index = this.#patterns.indexOf(entry);
      if (index >= 0) this.#patterns.splice(index, 1);
    };
  }

  /** The handler for `customId` and the parameters captured. */
  find(customId: string): { handler: H; params: CustomIdParams } | undefined {
    const exact = this.#exact.get(customId);
    if (exact !== undefined) return { handler: exact, params: {} };
    for (const { matcher, handler } of this.#patterns) {
      const params = matcher.match(customId);
      if (params) return { handler, params };
    }
    return undefined;
  }
}
