/**
 * Where the REST tests find Discord's OpenAPI spec. It is not in this repository: it lives beside
 * it (`<dir>/shared/discord-api-spec/openapi.json` or `<dir>/discord-api-spec/specs/openapi.json`
 * in the repo's parent directories), or where `DISCORD_API_SPEC` says. Without it the tests that
 * read it are skipped on a developer's machine; under `CI=true` they fail and say how to get it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to get the spec, for skip reasons and failures. */
export const SPEC_HINT =
  "Discord's OpenAPI spec was not found: clone https://github.com/discord/discord-api-spec beside this " +
  'repository (its specs/openapi.json), or set DISCORD_API_SPEC=/path/to/openapi.json';

/** The spec's path, or undefined when it is nowhere to be found. */
export function findSpec(): string | undefined {
  const fromEnv = process.env.DISCORD_API_SPEC;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  // dist/test/ -> the package, then up through the repository and its parents.
  let dir = fileURLToPath(new URL('../../', import.meta.url));
  for (;;) {
    for (const candidate of [
      join(dir, 'shared', 'discord-api-spec', 'openapi.json'),
      join(dir, 'discord-api-spec', 'specs', 'openapi.json'),
      join(dir, 'discord-api-spec', 'openapi.json'),
    ]) {
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Whether a missing spec must fail the tests (in CI) rather than skip them. */
export function specRequired(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/**
 * The `skip` option of a test that reads the spec: a reason when the spec is missing outside CI;
 * false when it is there, or in CI (where the test then fails through {@link requireSpec}).
 */
export function skipWithoutSpec(): string | false {
  return findSpec() === undefined && !specRequired() ? `skipped: ${SPEC_HINT}` : false;
}

/** The spec's path; fails the test with {@link SPEC_HINT} when it is missing. */
export function requireSpec(): string {
  const path = findSpec();
  assert.ok(path, SPEC_HINT);
  return path;
}
