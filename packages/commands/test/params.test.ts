import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, Param, ParamValueError, param, parseDuration, tokenize } from '../src/index.js';
import { stubClient } from './stub.js';

test('tokenize: words, quotes of every kind, escapes, unclosed quotes and apostrophes', () => {
  const values = (line: string) => tokenize(line).map((t) => t.value);
  assert.deepEqual(values('  a  b\tc\n'), ['a', 'b', 'c']);
  assert.deepEqual(values('"hello world" \'single quoted\' “smart one” ‘smart two’'), [
    'hello world',
    'single quoted',
    'smart one',
    'smart two',
  ]);
  assert.deepEqual(values('"say \\"hi\\"" x'), ['say "hi"', 'x']);
  assert.deepEqual(values('"unclosed quote'), ['"unclosed', 'quote']);
  assert.deepEqual(values("don't stop"), ["don't", 'stop']);
  assert.deepEqual(values('"" empty'), ['', 'empty']);
  const [first] = tokenize('  "a b" c');
  assert.deepEqual(first, { value: 'a b', start: 2, end: 7, quoted: true });
});

test('durations: units, long forms, bare seconds, and what is not one', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('1w 2d'), 777_600_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('10 minutes'), 600_000);
  assert.equal(parseDuration('45'), 45_000);
  for (const bad of ['', 'soon', '1x', 'h1', '1h soon', '-1h']) assert.equal(parseDuration(bad), undefined, bad);
  assert.equal(formatDuration(5_400_000), '1h 30m');
  assert.equal(formatDuration(500), '500ms');
});

/** Run `!t <input>` against a command whose one parameter is `p`; the value it got, or the reply. */
async function one(p: Param<unknown>, input: string): Promise<unknown> {
  const { commands, say, sent } = stubClient();
  let got: unknown = 'handler not called';
  commands.add(
    't',
    (_c, _m, args) => {
      got = (args as { v: unknown }).v;
    },
    { params: { v: p } },
  );
  await say(`!t ${input}`);
  return sent.length > 0 ? (sent[0]!.body as string) : got;
}

test('each scalar parameter kind with good and bad input', async () => {
  const cases: [Param<unknown>, string, unknown][] = [
    [param.string(), 'word', 'word'],
    [param.string(), '"two words"', 'two words'],
    [param.string({ minLength: 3 }), 'ab', /must be at least 3 characters, got `ab`/],
    [param.int(), '-42', -42],
    [param.int(), '+7', 7],
    [param.int(), 'three', /expected an integer, got `three`/],
    [param.int(), '1.5', /expected an integer/],
    [param.int(), '99999999999999999999', /at most 15 digits/],
    [param.int({ min: 0, max: 10 }), '11', /must be at most 10/],
    [param.int({ min: 0 }), '-1', /must be at least 0/],
    [param.number(), '1.5', 1.5],
    [param.number(), '-3e2', -300],
    [param.number(), 'NaN', /expected a number/],
    [param.number(), 'Infinity', /expected a number/],
    [param.boolean(), 'yes', true],
    [param.boolean(), 'OFF', false],
    [param.boolean(), 'maybe', /expected yes or no/],
    [param.duration(), '1h30m', 5_400_000],
    [param.duration({ max: 3_600_000 }), '2h', /must be at most 1h/],
    [param.duration(), 'later', /expected a duration/],
    [param.choice(['red', 'green'] as const), 'GREEN', 'green'],
    [param.choice(['red', 'green'] as const), 'blue', /expected one of red, green, got `blue`/],
    [param.rest(), 'all  of "this" ', 'all  of "this"'],
    [param.emoji(), '👍', { id: null, name: '👍' }],
    [param.emoji(), '<a:party:123456789012345678>', { id: '123456789012345678', name: 'party', animated: true }],
    [param.emoji(), 'notanemoji', /expected an emoji/],
  ];
  for (const [p, input, expected] of cases) {
    const got = await one(p, input);
    if (expected instanceof RegExp) {
      assert.equal(typeof got, 'string', `${input}: expected a reply, got ${JSON.stringify(got)}`);
      assert.match(got as string, expected, input);
      assert.match(got as string, /^parameter `v`: .*\nUsage: `!t /, input);
    } else assert.deepEqual(got, expected, input);
  }
});

test('entity kinds refuse what they cannot resolve, outside servers too', async () => {
  assert.match(String(await one(param.member(), 'mika')), /parameter `v`: a member can only be named in a server/);
  assert.match(String(await one(param.role(), 'admins')), /a role can only be named in a server/);
  assert.match(String(await one(param.message(), 'hello')), /expected a message link or id/);
  assert.match(String(await one(param.user(), 'nobody')), /expected a user/);
});

test('missing, optional, default and extra arguments; positions and usage in the reply', async () => {
  const { commands, say, texts } = stubClient();
  const got: unknown[] = [];
  commands.add('add', (_c, _m, { a, b }) => `${a + b}`, { params: { a: param.int(), b: param.int() } });
  commands.add(
    'opt',
    (_c, _m, args) => {
      got.push(args);
    },
    { params: { n: param.int(), times: param.int().default(2), note: param.rest().optional() } },
  );
  await say('!add 2 3');
  await say('!add 2 three');
  await say('!add 2');
  await say('!add 1 2 3');
  await say('!opt 1');
  await say('!opt 1 5 some  words here');
  assert.deepEqual(texts(), [
    '5',
    'parameter `b`: expected an integer, got `three`.\nUsage: `!add <a> <b>`',
    'parameter `b`: missing (expected an integer).\nUsage: `!add <a> <b>`',
    'argument 3: too many arguments (this command takes 2), got `3`.\nUsage: `!add <a> <b>`',
  ]);
  assert.deepEqual(got, [
    { n: 1, times: 2, note: undefined },
    { n: 1, times: 5, note: 'some  words here' },
  ]);
});

test('a parameter message replaces the default reply; the handler is not called', async () => {
  let called = false;
  const { commands, say, texts } = stubClient();
  commands.add(
    'age',
    () => {
      called = true;
    },
    { params: { years: param.int({ min: 0, message: '{value} is not an age ({reason})' }) } },
  );
  await say('!age -3');
  assert.equal(called, false);
  assert.deepEqual(texts(), ['-3 is not an age (must be at least 0)\nUsage: `!age <years>`']);
});

test('custom parameter kinds, and bad parameter lists refused at add', async () => {
  const hex = new Param('color', (text) => {
    if (!/^#[0-9a-f]{6}$/i.test(text)) throw new ParamValueError('expected a color such as #ff8800');
    return Number.parseInt(text.slice(1), 16);
  });
  assert.equal(await one(hex, '#ff8800'), 0xff8800);
  assert.match(String(await one(hex, 'orange')), /parameter `v`: expected a color such as #ff8800, got `orange`/);
  const { commands } = stubClient();
  assert.throws(() => commands.add('x', () => '', { params: { a: param.rest(), b: param.int() } }), /must be last/);
  assert.throws(
    () => commands.add('y', () => '', { params: { a: param.int().optional(), b: param.int() } }),
    /required parameter "b" comes after optional "a"/,
  );
  assert.throws(() => commands.add('z', () => '', { params: { a: 'int' as never } }), /must be made with param/);
  assert.throws(() => param.choice([]), /non-empty list/);
});
