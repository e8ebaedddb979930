// Reloading a bot module from the console: its old handlers and commands go, its new code runs.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startRuntime } from 'kokoro';
import { fixture } from './helpers.js';

const pluginDir = fileURLToPath(new URL('../tmp-plugins/', import.meta.url));
const plugin = `${pluginDir}greet-${process.pid}.ts`;

function writePlugin(version: number): void {
  writeFileSync(
    plugin,
    `// A plugin module (rewritten by reload.test.ts).
import type { Client } from 'kokoro';
const { Two } = globalThis as unknown as { Two: Client & { commands: { add(name: string, f: () => string): void } } };
const seen = globalThis as unknown as { counted: number[] };
Two.commands.add('greet', () => 'hello v${version}');
Two.on('messageCreate', (_client, message) => {
  if (message.content === 'count') (seen.counted ??= []).push(${version});
});
export const greetVersion: number = ${version};
`,
  );
}

test('reload undoes a module’s handlers and commands and runs its new code', async () => {
  mkdirSync(pluginDir, { recursive: true });
  writePlugin(1);
  const handle = startRuntime({ modules: [fixture('two-bots.ts'), plugin], fake: true, colors: false });
  const run = async (code: string) => {
    const result = await handle.eval(code);
    assert.ok(result.ok, `${code}\n${result.text}`);
    return result.text;
  };
  const waitReply = (content: string) =>
    run(
      `for (let i = 0; i < 500 && !fake.messages(channel).some((m) => m.content === ${JSON.stringify(content)}); i++) await new Promise((r) => setTimeout(r, 10))`,
    );
  try {
    await handle.ready;
    assert.equal(await run('greetVersion'), '1');
    await run(`await fake.userSays(channel, '!greet')`);
    await waitReply('hello v1');
    await run(`await fake.userSays(channel, 'count')`);
    await run(`for (let i = 0; i < 500 && !globalThis.counted; i++) await new Promise((r) => setTimeout(r, 10))`);

    writePlugin(2);
    const report = await run(`await reload(${JSON.stringify(plugin)})`);
    assert.match(report, /undone: 2/);
    assert.match(report, /registered: 2/);
    assert.equal(await run('greetVersion'), '2');

    await run(`await fake.userSays(channel, '!greet')`);
    await waitReply('hello v2');
    await run(`await fake.userSays(channel, 'count')`);
    await run(
      `for (let i = 0; i < 500 && globalThis.counted.length < 2; i++) await new Promise((r) => setTimeout(r, 10))`,
    );
    // The old handler is gone: the second 'count' was seen by version 2 only.
    assert.equal(await run('JSON.stringify(globalThis.counted)'), "'[1,2]'");
    assert.equal(await run(`fake.messages(channel).filter((m) => m.content === 'hello v1').length`), '1');

    const refused = await handle.eval(`await reload(${JSON.stringify(fixture('two-bots.ts'))})`);
    assert.equal(refused.ok, false);
    assert.match(refused.text, /creates clients, so it cannot be reloaded/);
    assert.doesNotMatch(refused.text, /runtime[\\/](?:modules|registry|event-thread)\.js/, 'no runtime frames');
    assert.match(refused.text, /\{\n {2}code: 'KOKORO_RELOAD'\n\}$/, 'the error’s own properties, braces whole');
    assert.equal(await run('runtime.clients.size'), '2', 'no client was created by the refused reload');
    await run(`await fake.userSays(channel, '!greet')`);
    await run(
      `for (let i = 0; i < 500 && fake.messages(channel).filter((m) => m.content === 'hello v2').length < 2; i++) await new Promise((r) => setTimeout(r, 10))`,
    );
    assert.equal(await run(`fake.messages(channel).filter((m) => m.content === 'hello v2').length`), '2');
    const unknown = await handle.eval(`await reload('nowhere.ts')`);
    assert.match(unknown.text, /was not loaded as a bot module/);
    assert.ok(unknown.text.includes(`loaded: ${relative(process.cwd(), fixture('two-bots.ts'))}, `), unknown.text);
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});
