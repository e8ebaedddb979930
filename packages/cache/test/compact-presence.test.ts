import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayActivity } from 'discord-api-types/v10';
import { sameCompactPresence } from '../src/compact-presence.js';
import { internPresence } from '../src/intern.js';

const custom = { id: 'custom', name: 'Custom Status', type: 4, state: 'studying', created_at: 1796568227385 };
const game = {
  id: '8c6948c14ddc65e4',
  name: 'Minecraft',
  type: 0,
  application_id: '356875570932753486',
  timestamps: { start: 1796564524723 },
  created_at: 1796567126876,
};
const spotify = {
  id: 'spotify:1',
  name: 'Spotify',
  type: 2,
  flags: 48,
  details: 'Song 3',
  state: 'Artist 3',
  timestamps: { start: 1796567126876, end: 1796567306876 },
  assets: { large_image: 'spotify:ab67616d0000b273aaaa', large_text: 'Album 3' },
  party: { id: 'spotify:1579152459249483777' },
  sync_id: '0123456789abcdef012345',
  session_id: '0123456789abcdef0123456789abcdef',
  created_at: 1796567126876,
};

const roundTrip = (activity: object) =>
  internPresence('online', [activity as GatewayActivity], { desktop: 'online' } as never).activities;

describe('compact presences', () => {
  it('give back each one-activity payload as it came', () => {
    for (const activity of [custom, game, spotify, { name: 'x', type: 0 }, { ...custom, emoji: { name: '🎮' } }]) {
      assert.deepEqual(roundTrip(activity), [activity]);
    }
  });

  it('keep odd shapes as they came (no created_at, big distances, several activities)', () => {
    const noCreated = { name: 'Game', type: 0, timestamps: { start: 1796564524723 } };
    assert.deepEqual(roundTrip(noCreated), [noCreated]);
    const far = { ...game, timestamps: { start: 1 } };
    assert.deepEqual(roundTrip(far), [far]);
    const two = internPresence('idle', [custom, game] as GatewayActivity[], null);
    assert.deepEqual(two.activities, [custom, game]);
    assert.equal(two.status, 'idle');
  });

  it('share the shape between users and tell equal presences apart from changed ones', () => {
    const a = internPresence('online', [game as GatewayActivity], null);
    const b = internPresence('online', [{ ...game } as GatewayActivity], null);
    const c = internPresence('online', [{ ...game, created_at: game.created_at + 1 } as GatewayActivity], null);
    const d = internPresence('dnd', [game as GatewayActivity], null);
    assert.equal((a as unknown as { _shape: object })._shape, (c as unknown as { _shape: object })._shape);
    assert.equal(sameCompactPresence(a, b), true);
    assert.equal(sameCompactPresence(a, c), false);
    assert.equal(sameCompactPresence(a, d), false);
    assert.equal(a.clientStatus, null);
  });

  it('never freeze the payload the handlers receive', () => {
    const payload = structuredClone(spotify);
    roundTrip(payload);
    assert.equal(Object.isFrozen(payload.assets), false);
    payload.assets.large_text = 'changed';
  });
});
