/**
 * `kokoro/testing`: the embedded fake Discord (`@kokoro/testing`) for tests of bots, through the one
 * package users install. Importing `kokoro` alone never loads it.
 *
 * @module kokoro/testing
 */
export * from '@kokoro/testing';
