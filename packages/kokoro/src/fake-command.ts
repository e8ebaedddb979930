/**
 * `kokoro fake`: the fake Discord as a stand-alone server, for bots in any language and any
 * library. It listens on 127.0.0.1 (a free port with `--port 0`), builds the world of `--seed`
 * (or a small default one), prints its URLs and the bots' tokens — a readable block, then one JSON
 * line for scripts — and serves until SIGINT or SIGTERM, which close every session and exit 0.
 * The tokens printed are the fake's own, made for this run; they open nothing on Discord.
 */
import { readFileSync } from 'node:fs';
import { FakeDiscord, type SeededWorld } from '@kokoro/testing';

export const FAKE_USAGE = `usage: kokoro fake [--port <n>] [--seed <world.json>]

  fake          start the fake Discord (REST and gateway on 127.0.0.1), print its URLs and bot tokens,
                serve until SIGINT or SIGTERM
  --port        the port (default 0: a free one)
  --seed        a JSON world: {"bots":[{"name":"Nue"}],"users":[{"username":"alice"}],
                "guilds":[{"name":"Shrine","members":["Nue","alice"],"channels":[{"name":"general"}]}]}
                (default: one bot "Bot", one user "alice", a guild "Fake Guild" with #general)`;

const DEFAULT_SEED = {
  bots: [{ name: 'Bot' }],
  users: [{ username: 'alice' }],
  guilds: [{ name: 'Fake Guild', members: ['Bot', 'alice'], channels: [{ name: 'general' }] }],
};

/** What `kokoro fake` prints as its JSON line. */
export interface FakeServerInfo {
  restUrl: string;
  gatewayUrl: string;
  port: number;
  bots: { name: string; id: string; token: string }[];
  guilds: { name: string; id: string; channels: { name: string; id: string }[] }[];
  users: { username: string; id: string }[];
}

/** Parse `kokoro fake`'s arguments; throws a message for the user on bad input. */
export function parseFakeArgs(args: readonly string[]): { port: number; seed: string | undefined } {
  let port = 0;
  let seed: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--port') {
      const value = args[++i];
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0 || n > 65_535) {
        throw new Error(`--port needs a port number 0-65535, got ${value === undefined ? 'nothing' : `"${value}"`}`);
      }
      port = n;
    } else if (arg === '--seed') {
      seed = args[++i];
      if (!seed) throw new Error('--seed needs a JSON file');
    } else throw new Error(`unknown option ${arg}\n${FAKE_USAGE}`);
  }
  return { port, seed };
}

function describe(fake: FakeDiscord, world: SeededWorld): FakeServerInfo {
  return {
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    port: fake.port,
    bots: Object.values(world.bots).map((b) => ({ name: b.name, id: b.id, token: b.token })),
    guilds: Object.entries(world.guilds).map(([name, g]) => ({
      name,
      id: g.guild.id,
      channels: Object.entries(g.channels).map(([channel, c]) => ({ name: channel, id: c.id })),
    })),
    users: Object.values(world.users).map((u) => ({ username: u.username, id: u.id })),
  };
}

/** Run `kokoro fake` until a signal; resolves with the exit code. */
export async function runFakeCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${FAKE_USAGE}\n`);
    return 0;
  }
  let options: ReturnType<typeof parseFakeArgs>;
  let seed: unknown = DEFAULT_SEED;
  try {
    options = parseFakeArgs(args);
    if (options.seed) {
      const text = readFileSync(options.seed, 'utf8');
      try {
        seed = JSON.parse(text);
      } catch (error) {
        throw new Error(`${options.seed} is not JSON: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    process.stderr.write(`kokoro: ${(error as Error).message}\n`);
    return 2;
  }
  let fake: FakeDiscord;
  try {
    fake = await FakeDiscord.start({ port: options.port });
  } catch (error) {
    process.stderr.write(
      `kokoro: the fake Discord could not listen on port ${options.port}: ${(error as Error).message}\n`,
    );
    return 1;
  }
  let world: SeededWorld;
  try {
    world = fake.seed(seed);
  } catch (error) {
    await fake.close();
    process.stderr.write(`kokoro: ${options.seed ?? 'the default seed'}: ${(error as Error).message}\n`);
    return 2;
  }
  const info = describe(fake, world);
  const lines = [
    `Fake Discord on 127.0.0.1:${info.port} (SIGINT or SIGTERM stops it)`,
    `  REST     ${info.restUrl}`,
    `  gateway  ${info.gatewayUrl}`,
    ...info.bots.map((b) => `  bot ${b.name}  id ${b.id}  token ${b.token}`),
    ...info.guilds.flatMap((g) => [
      `  guild ${g.name}  id ${g.id}`,
      ...g.channels.map((c) => `    #${c.name}  id ${c.id}`),
    ]),
    ...info.users.map((u) => `  user ${u.username}  id ${u.id}`),
    JSON.stringify(info),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await fake.close();
  return 0;
}
