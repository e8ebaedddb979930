import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constants, createDeflate, createInflate, inflateSync } from 'node:zlib';
import { NativeZlib, nativeZlibAvailable } from '../src/index.js';

test('NativeZlib deflates and inflates one zlib-stream, a sync flush per call, output growing as needed', () => {
  assert.equal(nativeZlibAvailable(createDeflate()), true, "this Node's zlib internals are the expected ones");
  assert.equal(nativeZlibAvailable({}), false);
  const texts = ['{"op":10}', 'x'.repeat(300_000), '{"op":0,"t":"READY"}'];
  const deflate = new NativeZlib(createDeflate(), 16);
  const frames = texts.map((text) => Buffer.from(deflate.flush(Buffer.from(text)) as Buffer));
  deflate.close();
  for (const frame of frames) assert.deepEqual([...frame.subarray(-4)], [0, 0, 0xff, 0xff], 'each ends with a flush');
  // node's public one-shot inflate reads the whole stream so far: the frames are a valid zlib stream.
  const whole = inflateSync(Buffer.concat(frames), { finishFlush: constants.Z_SYNC_FLUSH }).toString();
  assert.equal(whole, texts.join(''));
  const inflate = new NativeZlib(createInflate(), 16);
  assert.deepEqual(
    frames.map((frame) => (inflate.flush(frame) as Buffer).toString()),
    texts,
  );
  const inPlace = new NativeZlib(createInflate(), 16);
  assert.deepEqual(
    frames.map((frame) => {
      const written = inPlace.write(frame); // before reading `output`: a big input replaces it
      return inPlace.output.toString('utf8', 0, written);
    }),
    texts,
    'write + output: the same without a view per call',
  );
  inPlace.close();
  assert.equal(inPlace.write(frames[0] as Buffer), -1, 'write on a closed context');
  assert.equal(inflate.flush(Buffer.from([9, 9, 9, 9, 0, 0, 0xff, 0xff])), undefined, 'corrupt input');
  inflate.close();
  const closed = new NativeZlib(createInflate());
  closed.close();
  assert.equal(closed.flush(frames[0] as Buffer), undefined, 'a closed context');
});
