import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExample } from './helpers.js';

test('smalld-attachments: the files arrive whole, as attachments the fake serves', async (t) => {
  const { fake, bot, exports, channel } = await startExample<typeof import('../src/smalld-attachments.js')>(
    t,
    'smalld-attachments',
    { bot: 'Uploader', channel: 'files' },
  );
  const { helloText, squarePng } = exports;
  const alice = fake.user('alice');

  await alice.says(channel, '++file');
  const withFile = await fake.nextMessage(channel, { from: bot });
  assert.equal(withFile.content, 'Here is your file.');
  assert.equal(withFile.attachments.length, 1);
  const [file] = withFile.attachments;
  assert.equal(file!.filename, 'hello.txt');
  const text = await (await fetch(file!.url)).text();
  assert.equal(text, helloText('alice'));
  assert.equal(file!.size, Buffer.byteLength(text));

  await alice.says(channel, '++card');
  const card = await fake.nextMessage(channel, { from: bot });
  assert.equal(card.embeds[0]?.title, 'A square');
  assert.equal(card.attachments[0]?.filename, 'card.png');
  const png = Buffer.from(await (await fetch(card.attachments[0]!.url)).arrayBuffer());
  assert.deepEqual(png, squarePng(16, [0x58, 0x65, 0xf2]));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
});
