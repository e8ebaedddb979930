/**
 * Extensions by name. `new Client({ extensions: ['commands'], prefix: 's!' })` looks each name up in
 * a registry filled by the extension packages when they are imported (the `kokoro` package imports
 * the built-in ones). The registry knows each extension's required options, so a typo in a name or
 * a missing option is an error at construction, before anything connects.
 *
 * Typing: an extension package augments {@link Extensions} with what it adds to the client and what
 * options it takes; `Client` then has `client.commands` in its type only when 'commands' is enabled.
 */
import { KokoroError } from '@kokoro/common';

/**
 * The map of known extensions, augmented by each extension package:
 * `declare module '@kokoro/core' { interface Extensions { commands: { client: { commands: Commands }; options: { prefix: string } } } }`
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface Extensions {}

/** A known extension name. */
export type ExtensionName = keyof Extensions & string;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The members the enabled extensions add to a client. */
export type ExtensionMembers<E extends ExtensionName> = [E] extends [never]
  ? unknown
  : UnionToIntersection<E extends ExtensionName ? (Extensions[E] extends { client: infer C } ? C : unknown) : never>;

/** The client options the enabled extensions take. */
export type ExtensionOptions<E extends ExtensionName> = [E] extends [never]
  ? unknown
  : UnionToIntersection<E extends ExtensionName ? (Extensions[E] extends { options: infer O } ? O : unknown) : never>;

/** How an extension plugs into a client. */
export interface ExtensionDefinition<TClient = unknown> {
  /** Option names that must be present in the client options. */
  requiredOptions?: readonly string[];
  /** Checks the options; throw a `KokoroError` saying what to fix. */
  validate?(options: Record<string, unknown>): void;
  /** Attaches the extension to a new client (add members, register handlers). */
  setup(client: TClient, options: Record<string, unknown>): void;
}

/** Thrown at client construction for an unknown extension or bad extension options. */
export class ExtensionError extends KokoroError {
  constructor(message: string) {
    super('KOKORO_EXTENSION', message);
  }
}

const registry = new Map<string, ExtensionDefinition>();

/** Names of the extensions that ship with Kokoro, and the package that registers each. */
const BUILT_IN: Record<string, string> = { commands: '@kokoro/commands', slash: '@kokoro/slash' };

/** Register an extension under `name` (third-party extensions call this when imported). */
export function registerExtension<TClient = unknown>(name: string, definition: ExtensionDefinition<TClient>): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
    throw new ExtensionError(`extension name "${name}" must be lowercase letters, digits, "-" or "_"`);
  }
  registry.set(name, definition as ExtensionDefinition);
}

/** The names of the registered extensions. */
export function registeredExtensions(): string[] {
  return [...registry.keys()];
}

/** Look up extensions and check their options; returns the definitions in order. */
export function resolveExtensions(
  names: readonly string[],
  options: Record<string, unknown>,
  clientName: string,
): ExtensionDefinition[] {
  const seen = new Set<string>();
  return names.map((name) => {
    if (seen.has(name)) throw new ExtensionError(`client "${clientName}": extension "${name}" is listed twice`);
    seen.add(name);
    const definition = registry.get(name);
    if (!definition) {
      const builtIn = BUILT_IN[name];
      const known = registeredExtensions();
      throw new ExtensionError(
        builtIn
          ? `client "${clientName}": extension "${name}" is built in but not loaded; import '${builtIn}' (or import Client from 'kokoro', which loads it)`
          : `client "${clientName}": unknown extension "${name}"; known extensions: ${known.length ? known.join(', ') : 'none'}`,
      );
    }
    for (const option of definition.requiredOptions ?? []) {
      if (options[option] === undefined) {
        throw new ExtensionError(`client "${clientName}": extension "${name}" needs the option "${option}"`);
      }
    }
    definition.validate?.(options);
    return definition;
  });
}
