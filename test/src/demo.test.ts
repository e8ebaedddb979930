// The README's acceptance run: `npm start`'s command fed the console lines a new user would type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKokoro } from './helpers.js';

test('the demo bots answer from the console: messageCreate, then Nue answers ping', async () => {
  const result = await runKokoro(
    ['run', '--no-history', 'apps/demo/src/bots.ts'],
    [
      'Nue.guilds.size',
      "const m = await Nue.messageCreate(demo.channel, 'hi from the console')",
      'm.content',
      "await fake.userSays(demo.channel, 'ping')",
      'for (let i = 0; i < 500 && fake.messages(demo.channel).at(-1).content !== "pong"; i++) await new Promise((r) => setTimeout(r, 10))',
      'fake.messages(demo.channel).at(-1).content',
      "await fake.userSays(demo.channel, 's!ping')",
      'for (let i = 0; i < 500 && fake.messages(demo.channel).filter((m) => m.content === "pong").length < 2; i++) await new Promise((r) => setTimeout(r, 10))',
      'fake.messages(demo.channel).filter((m) => m.content === "pong").map((m) => m.author.username)',
      'demo.guild.clients.length',
      'Nue',
      '.exit',
    ],
    { DISCORD_TOKEN: '' },
  );
  assert.equal(result.code, 0, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  const out = result.stdout;
  assert.match(out, /^1$/m);
  assert.match(out, /'hi from the console'/);
  assert.match(out, /'pong'/);
  assert.match(out, /\[ 'Nue', 'Saki' \]/);
  assert.match(out, /^3$/m, 'the three clients in the shared guild');
  assert.doesNotMatch(out, /token/i, 'inspecting a client shows no token');
});
