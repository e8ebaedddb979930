import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { RestPool } from '@kokoro/core';
import { FakeDiscord } from '@kokoro/testing';

/** One fake Discord and one REST pool for a test file, started before its tests and closed after. */
export function sharedFake(): { readonly fake: FakeDiscord; readonly pool: RestPool } {
  const shared = {} as { fake: FakeDiscord; pool: RestPool };
  before(async () => {
    shared.fake = await FakeDiscord.start();
    shared.pool = new RestPool();
  });
  after(async () => {
    await shared.fake.close();
    await shared.pool.close();
  });
  return shared;
}

/** Wait (on the event loop, not on time) until `check` holds. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(check(), `timed out waiting for ${what}`);
}
