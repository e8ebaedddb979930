// Issue 2's acceptance, as a new user runs it: the seven console lines piped into `npm start`.
// The command is read from the root package.json's start script (after its build step), so this
// test follows `npm start` if it changes. One line differs: the user's one-second sleep before
// reading the answer is replaced by a loop that waits for the answer (tests never sleep seconds).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

const ACCEPTANCE = [
  'Nue.guilds.size',
  "const m = await Nue.messageCreate(demo.channel, 'hi from the console')",
  'm.content',
  "await fake.userSays(demo.channel, 'ping')",
  'await new Promise(r => setTimeout(r, 1000))',
  'fake.messages(demo.channel).at(-1).content',
  '.exit',
];
const WAIT_FOR_PONG =
  "for (let i = 0; i < 1000 && fake.messages(demo.channel).at(-1).content !== 'pong'; i++) await new Promise((r) => setTimeout(r, 5))";

/** `npm start`'s command without its build step: `node packages/kokoro/dist/src/bin.js run apps/demo/src/bots.ts`. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const steps = pkg.scripts.start.split('&&').map((step) => step.trim());
  assert.equal(steps[0], 'npm run build', 'npm start builds first');
  const words = steps.at(-1)!.split(/\s+/);
  assert.equal(words[0], 'node');
  return words.slice(1);
}

test('the acceptance lines piped into npm start print the message, then pong, and exit 0', async () => {
  const lines = ACCEPTANCE.map((line) => (line.includes('setTimeout(r, 1000)') ? WAIT_FOR_PONG : line));
  const env: NodeJS.ProcessEnv = { ...process.env, KOKORO_LOG_LEVEL: 'warn' };
  delete env.DISCORD_TOKEN;
  delete env.DISCORD_TOKEN_2;
  const child = spawn(process.execPath, startCommand(), { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', resolve);
    child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  });
  assert.equal(code, 0, `stdout:\n${stdout}\nstderr:\n${stderr}`);
  // One answer per input, in order: 1, undefined, the content, the posted message, undefined, 'pong'.
  assert.match(
    stdout,
    /^1\nundefined\n'hi from the console'\n\{\n[\s\S]*content: 'ping'[\s\S]*\n\}\nundefined\n'pong'\n$/,
  );
  assert.equal(stderr, '', 'nothing on standard error at warn level');
});
