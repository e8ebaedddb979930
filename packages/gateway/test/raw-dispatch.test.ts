import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Envelope, rawText, readEnvelope, splitDispatch } from '../src/raw-dispatch.js';

// readEnvelope's answer in splitDispatch's shape (d as text), or undefined.
function fromBytes(text: string): { t: string; s: number | null; data: string } | undefined {
  const bytes = Buffer.concat([Buffer.from(text), Buffer.from('trailing bytes past the payload')]);
  const length = Buffer.byteLength(text);
  const out: Envelope = { t: '', s: null, start: 0 };
  if (!readEnvelope(bytes, length, out)) return undefined;
  return { t: out.t, s: out.s, data: bytes.toString('utf8', out.start, length - 1) };
}

describe('splitDispatch', () => {
  it("reads Discord's envelope order and the fake's, with d last", () => {
    const d = '{"id":"1","content":"a \\"d\\": b","nested":{"d":1}}';
    assert.deepEqual(splitDispatch(`{"t":"MESSAGE_CREATE","s":42,"op":0,"d":${d}}`), {
      t: 'MESSAGE_CREATE',
      s: 42,
      data: d,
    });
    assert.deepEqual(splitDispatch(`{"op":0,"t":"TYPING_START","s":7,"d":${d}}`), { t: 'TYPING_START', s: 7, data: d });
    assert.deepEqual(splitDispatch('{"t":"X_1","s":null,"op":0,"d":null}'), { t: 'X_1', s: null, data: 'null' });
    // What it reads parses to the same data as the whole text.
    const text = `{"t":"MESSAGE_CREATE","s":1,"op":0,"d":${d}}`;
    assert.deepEqual(JSON.parse(splitDispatch(text)?.data as string), JSON.parse(text).d);
  });

  it('gives up on anything else, so the text is parsed as usual', () => {
    for (const text of [
      '{"op":11}',
      '{"op":10,"d":{"heartbeat_interval":41250}}',
      '{"d":{},"t":"MESSAGE_CREATE","s":1,"op":0}',
      '{ "t":"MESSAGE_CREATE","s":1,"op":0,"d":{}}',
      '{"t":"message_create","s":1,"op":0,"d":{}}',
      '{"t":"MESSAGE_CREATE","s":"1","op":0,"d":{}}',
      '{"t":"MESSAGE_CREATE","s":1,"op":1,"d":{}}',
      '{"t":"MESSAGE_CREATE","op":0,"d":{}}',
      '{"t":"MESSAGE_CREATE","s":1,"op":0,"x":2,"d":{}}',
      '{"t":"MESSAGE_CREATE","s":1,"op":0,"d":{}} ',
      '',
    ]) {
      assert.equal(splitDispatch(text), undefined, text);
      assert.equal(fromBytes(text), undefined, text);
    }
  });

  it('reads the same envelope from the bytes as from the text, d outside ASCII included', () => {
    const d = '{"content":"h\u00e9llo 🦊 日本 \\"d\\":","n":[1,2]}';
    for (const text of [
      `{"t":"MESSAGE_CREATE","s":42,"op":0,"d":${d}}`,
      `{"op":0,"t":"TYPING_START","s":7,"d":${d}}`,
      `{"s":123456789,"op":0,"t":"GUILD_MEMBER_UPDATE","d":${d}}`,
      '{"t":"X_1","s":null,"op":0,"d":null}',
    ]) {
      assert.deepEqual(fromBytes(text), splitDispatch(text), text);
      assert.ok(fromBytes(text), text);
    }
    // The names it decoded are reused, and a different name of the same length is not confused with one.
    assert.equal(fromBytes('{"t":"MESSAGE_CREATE","s":1,"op":0,"d":{}}')?.t, 'MESSAGE_CREATE');
    assert.equal(fromBytes('{"t":"MESSAGE_CREATF","s":1,"op":0,"d":{}}')?.t, 'MESSAGE_CREATF');
  });

  it('rawText gives the text of raw data, text or bytes', () => {
    const d = '{"content":"h\u00e9 🦊"}';
    assert.equal(rawText(d), d);
    const bytes = Buffer.from(`{"t":"X","s":1,"op":0,"d":${d}}`);
    assert.equal(rawText({ bytes, start: 26, end: bytes.length - 1 }), d);
    assert.equal(rawText({ bytes: new Uint8Array(bytes), start: 26, end: bytes.length - 1 }), d);
  });
});
