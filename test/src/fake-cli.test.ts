// Issue 15, point 4: `kokoro fake --port 0 --seed world.json` serves bots of any library. Here a
// discord.js bot logs in with the token the command printed, receives a message posted over REST by
// a second bot of the seed, answers it, and the command stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { KOKORO_BIN, ROOT, runKokoro } from './helpers.js';

interface Info {
  restUrl: string;
  gatewayUrl: string;
  port: number;
  bots: { name: string; id: string; token: string }[];
  guilds: { name: string; id: string; channels: { name: string; id: string }[] }[];
}

test('npx kokoro fake serves a discord.js bot, printing its URLs and bot tokens', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-fake-'));
  const seedFile = join(dir, 'world.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      bots: [{ name: 'Nue' }, { name: 'Tester' }],
      users: [{ username: 'alice' }],
      guilds: [{ name: 'Shrine', members: ['Nue', 'Tester', 'alice'], channels: [{ name: 'general' }] }],
    }),
  );
  const child = spawn(process.execPath, [KOKORO_BIN, 'fake', '--port', '0', '--seed', seedFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const info = await new Promise<Info>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Info);
    });
    child.on('exit', (code) => reject(new Error(`kokoro fake exited ${code}: ${stderr}`)));
  });
  assert.match(stdout, /REST {5}http:\/\/127\.0\.0\.1:\d+\/api\/v10/);
  assert.match(stdout, /gateway {2}ws:\/\/127\.0\.0\.1:\d+/);
  const nue = info.bots.find((b) => b.name === 'Nue')!;
  const tester = info.bots.find((b) => b.name === 'Tester')!;
  assert.ok(stdout.includes(`bot Nue  id ${nue.id}  token ${nue.token}`));
  const channelId = info.guilds[0]!.channels[0]!.id;

  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: info.restUrl.replace(/\/v10$/, ''), version: '10' },
  });
  t.after(() => client.destroy());
  client.on(Events.MessageCreate, async (message) => {
    if (message.content === 'ping') await message.channel.send('pong');
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(nue.token);
  await ready;
  assert.equal(client.guilds.cache.first()?.name, 'Shrine');

  const rest = (method: string, path: string, body?: unknown) =>
    fetch(`${info.restUrl}${path}`, {
      method,
      headers: { authorization: `Bot ${tester.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((r) => r.json() as Promise<{ id: string; content: string; author: { id: string } }[] & { id: string }>);
  const answered = new Promise<string>((resolve) =>
    client.on(Events.MessageCreate, (message) => {
      if (message.author.id === nue.id) resolve(message.content);
    }),
  );
  const ping = await rest('POST', `/channels/${channelId}/messages`, { content: 'ping' });
  assert.equal(await answered, 'pong');
  const history = await rest('GET', `/channels/${channelId}/messages?after=${ping.id}`);
  assert.deepEqual(
    history.map((m) => [m.author.id, m.content]),
    [[nue.id, 'pong']],
  );

  await client.destroy();
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
});

test('kokoro fake refuses a bad port, a missing seed file and a bad seed with a clear message', async () => {
  const port = await runKokoro(['fake', '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port needs a port number 0-65535, got "eighty"/);
  const missing = await runKokoro(['fake', '--seed', 'no-such-world.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no-such-world\.json/);
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-fake-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ guilds: [{ name: 'G', members: ['nobody'] }] }));
  const result = await runKokoro(['fake', '--seed', bad]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /seed: guilds\[0\]\.members\[0\] names no bot or user of the seed \('nobody'\)/);
});
