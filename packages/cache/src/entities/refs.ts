/**
 * The entity classes by name, for entities that refer to each other (a guild holds its members, a
 * member its guild; a channel its messages, a message its channel).
 *
 * Theory. Importing each other's types would make the entity modules an import circle (the type
 * web of issue 9, point 7). Instead each entity module adds its class to {@link EntityRefs} by
 * declaration merging (`declare module './refs.js'`), and the others name it `EntityRef<'Guild'>`
 * through this leaf module, which imports nothing. The types are the full classes, not narrowed
 * copies: only the import graph changes.
 */

/**
 * Filled by each entity module (`Guild`, `Channel`, `GuildMember`, `Message`, `Role`, `User`) and by
 * cache.ts (`Cache`, for the reducers and builders that cache.ts runs).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each entity module
export interface EntityRefs {}

/** The entity class registered under `K`. */
export type EntityRef<K extends keyof EntityRefs> = EntityRefs[K];
