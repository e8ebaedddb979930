import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaveSession, maxDaveProtocolVersion, SILENCE_FRAME } from '../src/index.js';

function session(version = 1) {
  const sent: { op: number; d?: unknown; bytes?: number }[] = [];
  const transitions: [number, number][] = [];
  let resets = 0;
  const dave = new DaveSession(
    version,
    '1000',
    '2000',
    {
      binary: (op, payload) => sent.push({ op, bytes: payload.length }),
      json: (op, d) => sent.push({ op, d }),
    },
    { transitioned: (id, v) => transitions.push([id, v]), reset: () => resets++ },
  );
  return { dave, sent, transitions, resets: () => resets };
}

test('a new session sends its key package (op 26); DAVE version offered is davey’s', () => {
  const { sent } = session();
  assert.equal(sent[0]?.op, 26);
  assert.ok((sent[0]?.bytes ?? 0) > 100);
  assert.ok(maxDaveProtocolVersion() >= 1);
});

test('downgrade to protocol 0 and upgrade back follow prepare (op 21) / execute (op 22)', () => {
  const { dave, sent, transitions } = session();
  sent.length = 0;
  const opus = Buffer.from([0xfc, 1, 2, 3]);
  dave.prepareTransition(7, 0);
  assert.deepEqual(sent, [{ op: 23, d: { transition_id: 7 } }]);
  assert.equal(dave.protocolVersion, 1, 'nothing changes before execute');
  dave.executeTransition(7);
  assert.equal(dave.protocolVersion, 0);
  assert.deepEqual(transitions, [[7, 0]]);
  assert.deepEqual(dave.encrypt(opus), opus, 'protocol 0 sends frames as they are');
  assert.deepEqual(dave.decrypt(opus, '3000'), opus, 'and accepts unencrypted frames');
  dave.prepareTransition(8, 1);
  dave.executeTransition(8);
  assert.equal(dave.protocolVersion, 1);
  assert.deepEqual(transitions, [
    [7, 0],
    [8, 1],
  ]);
  // An execute for a transition never prepared changes nothing.
  dave.executeTransition(99);
  assert.equal(dave.protocolVersion, 1);
});

test('transition 0 executes at once without op 23; op 24 epoch 1 resets the group and sends a new key package', () => {
  const { dave, sent, transitions, resets } = session();
  sent.length = 0;
  dave.prepareTransition(0, 1);
  assert.deepEqual(sent, []);
  assert.deepEqual(transitions, [[0, 1]]);
  dave.prepareEpoch(1, 1);
  assert.equal((sent as { op: number }[]).at(-1)?.op, 26);
  assert.equal(resets(), 1);
  dave.prepareEpoch(5, 1); // other epochs are announced by commits
  assert.equal(resets(), 1);
});

test('before the group is joined: frames pass unencrypted; silence is never encrypted', () => {
  const { dave } = session();
  const opus = Buffer.from([0xfc, 9, 9]);
  assert.equal(dave.active, false);
  assert.deepEqual(dave.encrypt(opus), opus);
  assert.deepEqual(dave.encrypt(SILENCE_FRAME), SILENCE_FRAME);
  assert.deepEqual(dave.decrypt(opus, '3000'), opus);
  // A DAVE-encrypted frame (magic 0xFAFA at the end) cannot be read yet: dropped, not played as noise.
  assert.equal(dave.decrypt(Buffer.from([1, 2, 3, 0xfa, 0xfa]), '3000'), undefined);
  assert.equal(dave.stats.dropped, 1);
});

test('an invalid commit or welcome is answered with op 31 and a fresh key package', () => {
  const { dave, sent, resets } = session();
  sent.length = 0;
  const bogus = Buffer.concat([Buffer.from([0, 5]), Buffer.from('not an MLS message')]);
  dave.processCommit(bogus);
  assert.deepEqual(sent[0], { op: 31, d: { transition_id: 5 } });
  assert.equal(sent[1]?.op, 26);
  assert.equal(resets(), 1);
  assert.equal(dave.stats.recoveries, 1);
});
