// Issue 12 point 9: a commands module reloaded from the console replaces its commands — typed
// parameters, subcommands, checks and cooldowns included — and help lists only the new ones.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startRuntime } from 'kokoro';
import { fixture } from './helpers.js';

const pluginDir = fileURLToPath(new URL('../tmp-plugins/', import.meta.url));
const plugin = `${pluginDir}calc-${process.pid}.ts`;

function writePlugin(version: 1 | 2): void {
  const sub =
    version === 1
      ? `calc.add('sub', (_c, _m, { a, b }) => \`v1 \${a - b}\`, { params: { a: param.int(), b: param.int() } });`
      : `calc.add('mul', (_c, _m, { a, b }) => \`v2 \${a * b}\`, { params: { a: param.int(), b: param.int() } });`;
  writeFileSync(
    plugin,
    `// A commands module (rewritten by commands-reload.test.ts).
import { check, type ClientWith, param } from 'kokoro';
const { Two } = globalThis as unknown as { Two: ClientWith<'commands'> };
const calc = Two.commands.add('calc', { description: 'Calculator v${version}.', category: 'Math', checks: [check.guildOnly()] });
calc.add('add', (_c, _m, { a, b }) => \`v${version} \${a + b}\`, {
  params: { a: param.int(), b: param.int().default(${version}) },
  cooldown: { per: 'user', window: 1 },
});
${sub}
`,
  );
}

test('reloading a commands module replaces its typed commands and subcommands', async () => {
  mkdirSync(pluginDir, { recursive: true });
  writePlugin(1);
  const handle = startRuntime({ modules: [fixture('two-bots.ts'), plugin], fake: true, colors: false });
  const run = async (code: string) => {
    const result = await handle.eval(code);
    assert.ok(result.ok, `${code}\n${result.text}`);
    return result.text;
  };
  /** Say `content`, wait for Two's next answer, return it. */
  const ask = async (content: string) => {
    const before = Number(await run(`fake.messages(channel).filter((m) => m.author.username === 'Two').length`));
    await run(`await fake.userSays(channel, ${JSON.stringify(content)})`);
    await run(
      `for (let i = 0; i < 1000 && fake.messages(channel).filter((m) => m.author.username === 'Two').length <= ${before}; i++) await new Promise((r) => setTimeout(r, 5))`,
    );
    return run(`fake.messages(channel).filter((m) => m.author.username === 'Two').at(-1).content`);
  };
  try {
    await handle.ready;
    assert.equal(await ask('!calc add 2 3'), "'v1 5'");
    assert.equal(await ask('!calc sub 5 3'), "'v1 2'");
    assert.equal(
      await ask('!calc add 2 x'),
      "'parameter `b`: expected an integer, got `x`.\\nUsage: `!calc add <a> [b]`'",
    );

    writePlugin(2);
    const report = await run(`await reload(${JSON.stringify(plugin)})`);
    assert.match(report, /undone: 3/, 'the group and its two subcommands');
    assert.equal(await ask('!calc add 2'), "'v2 4'", 'the new default');
    assert.equal(await ask('!calc mul 2 3'), "'v2 6'");
    const group = await ask('!calc sub 5 3');
    assert.match(group, /Calculator v2\./, 'sub is gone: the group answers its help');
    assert.doesNotMatch(group, /calc sub/);
    const help = await ask('!help');
    assert.match(help, /`!calc <add \| mul>` — Calculator v2\./);
    assert.doesNotMatch(help, /v1/);
    assert.equal(await run('Two.commands.all.size'), '3', 'hello, help and the new calc');
  } finally {
    assert.equal(await handle.shutdown(), 0);
  }
});
