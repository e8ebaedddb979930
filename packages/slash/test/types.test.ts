// A type test: this file must compile, and each `@ts-expect-error` line must be an error, so a
// handler that reads an option with the wrong type fails the build.
import { test } from 'node:test';
import type { Channel, ClientWith, User } from '@kokoro/core';
import { type OptionMap, type OptionValues, option } from '../src/index.js';

const declared = {
  text: option.string('What to say', { required: true }),
  count: option.integer('How many'),
  user: option.user('Who'),
  channel: option.channel({ description: 'Where', types: [0] }),
  mood: option.string('Mood', { choices: ['happy', 'sad'] }),
} satisfies OptionMap;

type Values = OptionValues<typeof declared>;

test('option types flow into the handler', () => {
  const values = { text: 'hi' } as Values;
  const text: string = values.text;
  const count: number | undefined = values.count;
  const user: User | undefined = values.user;
  const channel: Channel | undefined = values.channel;
  // @ts-expect-error text is a string, not a number
  const wrong: number = values.text;
  // @ts-expect-error count is optional: it may be undefined
  const always: number = values.count;
  // @ts-expect-error user is a User, not a string
  const name: string | undefined = values.user;
  // @ts-expect-error no such option
  values.nothing;
  void [text, count, user, channel, wrong, always, name];
});

test('a handler is typed from its declaration', () => {
  const declare = (client: ClientWith<'slash'>) => {
    client.interactions(
      function echo(_client, _event, { text, count }) {
        const ok: string = text;
        // @ts-expect-error a required string option is not a number
        const bad: number = text;
        // @ts-expect-error an optional option may be undefined
        const sure: number = count;
        return `${ok}${bad}${sure}`;
      },
      {
        description: 'Echo',
        options: { text: option.string('Text', { required: true }), count: option.integer('Count') },
      },
    );
    client.interactions((_client, _event, target) => target.username, { name: 'Who', target: 'user' });
    // @ts-expect-error a message command's target is a Message, which has no username
    client.interactions((_client, _event, target) => target.username, { name: 'Quote', target: 'message' });
  };
  void declare;
});
