/**
 * SmallD's attachments example: upload files with a message. A message is sent as multipart form
 * data, the JSON body in `payload_json` and each file in a part `files[n]`; Kokoro builds it from
 * `files`, here on the raw REST route as SmallD does, beside the entity method that does the same.
 *
 * - `++file`: the bot uploads `hello.txt` (text it makes on the spot) through the raw route.
 * - `++card`: the bot uploads a generated PNG and shows it in an embed (`attachment://card.png`).
 *
 * Against Discord: DISCORD_TOKEN=… npx kokoro run examples/src/smalld-attachments.ts
 * Offline:         npx kokoro run examples/src/smalld-attachments.ts --fake
 *                  kokoro> await fake.userSays(sandbox.channel, '++file')
 *                  kokoro> fake.messages(sandbox.channel).at(-1).attachments[0].url   // serves the bytes
 */
import { crc32, deflateSync } from 'node:zlib';
import { Client, DEFAULT_INTENTS, Embed, GatewayIntentBits } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Uploader = new Client({
  name: 'Uploader',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
});

/** The text of `hello.txt`, made for whoever asked. */
export function helloText(username: string): string {
  return `Hello, ${username}!\nThis file was uploaded as multipart form data.\n`;
}

Uploader.on('messageCreate', async (client, message) => {
  if (message.author.bot) return;
  if (message.content === '++file') {
    // The raw route: the body goes as `payload_json`, the file as `files[0]`.
    await client.rest.request('POST', `/channels/${message.channel.id}/messages`, {
      body: { content: 'Here is your file.' },
      files: [{ name: 'hello.txt', data: Buffer.from(helloText(message.author.username)), contentType: 'text/plain' }],
    });
  } else if (message.content === '++card') {
    // The entity method takes the same `files`; an embed refers to one by its name.
    await client.messageCreate(message.channel, {
      embeds: [new Embed().title('A square').image('attachment://card.png')],
      files: [{ name: 'card.png', data: squarePng(16, [0x58, 0x65, 0xf2]), contentType: 'image/png' }],
    });
  }
});

/** A `size`×`size` PNG of one colour, made by hand (no image library needed). */
export function squarePng(size: number, [r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
