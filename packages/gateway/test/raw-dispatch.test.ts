import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitDispatch } from '../src/raw-dispatch.js';

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
    ])
      assert.equal(splitDispatch(text), undefined, text);
  });
});
