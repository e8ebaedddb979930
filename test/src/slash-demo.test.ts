// Issue 10's acceptance run: the console lines a new user types into `npm start` to use Seija's
// slash commands, exactly as written there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKokoro } from './helpers.js';

test('Seija answers /ping and a /echo declared from the console; an unregistered name is refused', async () => {
  const result = await runKokoro(
    ['run', '--no-history', 'apps/demo/src/bots.ts'],
    [
      "const { option } = await import('kokoro')",
      "Seija.interactions(function echo(client, event, { text }) { return text }, { guild: demo.guild, description: 'Echo', options: { text: option.string('What to say', { required: true }) } })",
      'await Seija.slash.sync()',
      "fake.interact(Seija, demo.channel, { kind: 'command', name: 'ping' }); await new Promise(r => setTimeout(r, 500))",
      'fake.messages(demo.channel).at(-1).content',
      "fake.interact(Seija, demo.channel, { kind: 'command', name: 'echo', options: [{ name: 'text', type: 3, value: 'hi there' }] }); await new Promise(r => setTimeout(r, 500))",
      'fake.messages(demo.channel).at(-1).content',
      "fake.interact(Seija, demo.channel, { kind: 'command', name: 'nope' })",
      '.exit',
    ],
    { DISCORD_TOKEN: '' },
  );
  assert.equal(result.code, 0, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  const out = result.stdout;
  const pong = out.indexOf("'pong'");
  const hi = out.indexOf("'hi there'");
  assert.ok(pong >= 0 && hi > pong, `'pong' then 'hi there':\n${out}`);
  assert.match(out, /\/nope \(type 1\) is not registered for Seija/);
});
