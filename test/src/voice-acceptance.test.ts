// Issue 11's acceptance run: the demo console joins the voice channel, plays the demo tone, and the
// fake voice server heard 440 Hz, end-to-end encrypted (DAVE).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKokoro } from './helpers.js';

test('the demo plays its tone in the voice channel: the fake hears ~440 Hz with DAVE', async () => {
  const result = await runKokoro(
    ['run', '--no-history', 'apps/demo/src/bots.ts'],
    [
      'const vc = await Nue.voiceJoin(demo.voiceChannel)',
      'await vc.play(demo.tone).finished',
      'fake.voice.heard(demo.voiceChannel, Nue).frequencyHz',
      'fake.voice.heard(demo.voiceChannel, Nue).e2ee',
      'await vc.leave()',
      '.exit',
    ],
    { DISCORD_TOKEN: '' },
  );
  assert.equal(result.code, 0, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  const numbers = [...result.stdout.matchAll(/^(\d+(?:\.\d+)?)$/gm)].map((m) => Number(m[1]));
  assert.ok(
    numbers.some((n) => Math.abs(n - 440) <= 5),
    `a frequency within 5 of 440 in:\n${result.stdout}`,
  );
  assert.match(result.stdout, /^true$/m);
});
