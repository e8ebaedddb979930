/**
 * Bot accounts on demand under the embedded fake Discord. A bot written for Discord reads its token
 * from the environment (`process.env.BOT_TOKEN!`); under `--fake` that token is missing or one the
 * fake never issued. Rather than fail, the fake makes a bot account for the client (with that token
 * when there is one), puts it in a sandbox guild with a #general channel and a user, and says so on
 * the console, so the README's example answers `hello` without editing.
 */
import type { AccountMaker, AccountRequest } from '@kokoro/core';
import type { FakeDiscord } from '@kokoro/testing';
import type { APIChannel, APIGuild, APIUser } from 'discord-api-types/v10';

/** Where the bots made on demand live: one guild, one text channel, one user to talk to them. */
export interface FakeSandbox {
  /** The guild "Sandbox" that bots unknown to the fake are put in. */
  guild: APIGuild;
  /** Its `#general` text channel. */
  channel: APIChannel;
  /** The user whose messages `fake.userSays(sandbox.channel, …)` posts (the fake's built-in user). */
  user: APIUser;
}

let sandbox: FakeSandbox | undefined;

/** The sandbox of the bots made on demand (undefined until the first one). */
export function fakeSandbox(): FakeSandbox | undefined {
  return sandbox;
}

/** The account maker `useFakeDiscord` gives the clients of this runtime. */
export function fakeAccounts(fake: FakeDiscord, say: (line: string) => void = console.log): AccountMaker {
  sandbox = undefined; // a new fake: the last one's sandbox is not in its world
  return ({ name, token }: AccountRequest): string => {
    if (token && fake.world.botByToken(token)) return token;
    const bot = fake.addBot({ name, ...(token ? { token } : {}) });
    if (!sandbox) {
      const user = fake.world.defaultUser;
      const guild = fake.addGuild({ name: 'Sandbox', members: [user] });
      sandbox = { guild, channel: fake.addChannel(guild, { name: 'general' }), user };
    }
    fake.addMembers(sandbox.guild, [bot]);
    say(
      `kokoro: the fake Discord made a bot account "${name}" for client "${name}" (${token ? 'its token was not one the fake issued' : 'it had no token'}); it is in the guild "Sandbox". Talk to it: await fake.userSays(sandbox.channel, 'hello')`,
    );
    return bot.token;
  };
}
