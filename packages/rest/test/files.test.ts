// `files[].data` takes bytes, a Blob, text, a Readable, an async iterable or { path }; anything else is a
// ValidationError before sending (a stream object used to be uploaded as the text "[object Object]").
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ValidationError } from '@kokoro/common';
import { configureValidation, InvalidRequestGuard, limits, Rest, RestPool, TypedRest } from '../src/index.js';
import { captureServer } from './capture-server.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.files-test-token';
const CHANNEL = '200000000000000001';

async function* chunks(): AsyncGenerator<Uint8Array | string> {
  yield 'iter';
  yield new Uint8Array([97, 98, 108, 101]); // "able"
}

describe('files[].data', () => {
  let local: Awaited<ReturnType<typeof captureServer>>;
  let pool: RestPool;
  let api: TypedRest;
  let dir: string;
  before(async () => {
    local = await captureServer();
    pool = new RestPool({ baseUrl: local.url, guard: new InvalidRequestGuard() });
    api = new TypedRest(new Rest({ token: TOKEN, pool }));
    dir = mkdtempSync(join(tmpdir(), 'kokoro-files-'));
  });
  after(async () => {
    await pool.close();
    local.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every accepted kind is uploaded byte for byte', async () => {
    const path = join(dir, 'on-disk.txt');
    writeFileSync(path, 'from the disk');
    const files = [
      { name: 'buffer.txt', data: Buffer.from('a buffer') },
      { name: 'bytes.txt', data: new TextEncoder().encode('a Uint8Array') },
      { name: 'array-buffer.txt', data: new TextEncoder().encode('an ArrayBuffer').buffer as ArrayBuffer },
      { name: 'blob.txt', data: new Blob(['a Blob']) },
      { name: 'text.txt', data: 'a string' },
      { name: 'readable.txt', data: Readable.from([Buffer.from('a '), Buffer.from('Readable')]) },
      { name: 'iterable.txt', data: chunks() },
      { name: 'disk.txt', data: { path } },
    ];
    await api.messageCreate(CHANNEL, { content: 'files' }, { files });
    const body = local.seen.at(-1)!.body;
    const expected = [
      'a buffer',
      'a Uint8Array',
      'an ArrayBuffer',
      'a Blob',
      'a string',
      'a Readable',
      'iterable',
      'from the disk',
    ];
    files.forEach((file, index) => {
      const part = new RegExp(
        `name="files\\[${index}\\]"; filename="${file.name}"\\r\\n[\\s\\S]*?\\r\\n\\r\\n([\\s\\S]*?)\\r\\n--`,
      );
      assert.equal(part.exec(body)?.[1], expected[index], file.name);
    });
    assert.ok(!body.includes('[object Object]'));
  });

  test('a stream is read once, so a request sent again (after a 429) carries the same bytes', async () => {
    let answered = 0;
    const limited = await captureServer((_req, res) => {
      answered++;
      if (answered === 1) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 0, global: false }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const limitedPool = new RestPool({ baseUrl: limited.url, guard: new InvalidRequestGuard() });
    try {
      const rest = new TypedRest(new Rest({ token: TOKEN, pool: limitedPool }));
      const files = [{ name: 's.txt', data: Readable.from(['read once']) }];
      await rest.messageCreate(CHANNEL, { content: 'x' }, { files });
      assert.equal(limited.seen.length, 2);
      for (const request of limited.seen)
        assert.match(request.body, /filename="s.txt"\r\n[\s\S]*?\r\n\r\nread once\r\n/);
    } finally {
      await limitedPool.close();
      limited.server.close();
    }
  });

  test('anything else is a ValidationError and nothing is sent', async () => {
    const before = local.seen.length;
    const bad: [unknown, string][] = [
      [{}, 'files[0].data'],
      [{ stream: true }, 'files[0].data'],
      [42, 'files[0].data'],
      [null, 'files[0].data'],
      [{ path: join(dir, 'missing.txt') }, 'files[0].data.path'],
    ];
    for (const [data, path] of bad) {
      await assert.rejects(
        api.messageCreate(CHANNEL, { content: 'bad' }, { files: [{ name: 'f.txt', data: data as never }] }),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError, String(error));
          assert.equal(error.path, path, error.message);
          return true;
        },
      );
      // The raw Rest.post path (no validator) refuses the same way.
      await assert.rejects(
        new Rest({ token: TOKEN, pool }).post(
          '/channels/1/messages',
          {},
          { files: [{ name: 'f', data: data as never }] },
        ),
        ValidationError,
      );
    }
    await assert.rejects(
      api.messageCreate(CHANNEL, { content: 'bad' }, { files: [{ name: 'f.txt', data: Readable.from([{ a: 1 }]) }] }),
      /not bytes or text/,
    );
    assert.equal(local.seen.length, before);
  });

  test('a stream that never ends does not hold the request: its signal aborts the reading', async () => {
    const before = local.seen.length;
    const controller = new AbortController();
    async function* silent(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1);
      await new Promise(() => undefined); // never another chunk
    }
    const sending = api.messageCreate(
      CHANNEL,
      { content: 'stuck' },
      { files: [{ name: 'stuck.bin', data: silent() }], signal: controller.signal },
    );
    controller.abort(new Error('gave up'));
    await assert.rejects(sending, /gave up/);
    assert.equal(local.seen.length, before);
  });

  test('a stream over the upload limit stops being read and is refused', async () => {
    configureValidation({ fileSize: 8 });
    try {
      let pulled = 0;
      async function* endless(): AsyncGenerator<Uint8Array> {
        for (;;) {
          pulled++;
          yield new Uint8Array(4);
        }
      }
      await assert.rejects(
        api.messageCreate(CHANNEL, { content: 'big' }, { files: [{ name: 'big.bin', data: endless() }] }),
        /big\.bin is more than 8 bytes/,
      );
      assert.ok(pulled <= 3, `read ${pulled} chunks`);
    } finally {
      configureValidation({ fileSize: limits.fileSize });
    }
  });
});
