import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '@kokoro/common';
import {
  configureValidation,
  limits,
  validateAllowedMentions,
  validateApplicationCommand,
  validateApplicationCommandEdit,
  validateApplicationCommands,
  validateEmbeds,
  validateFiles,
  validateInteractionResponse,
  validateMessageComponents,
  validateMessageCreate,
  validateMessageEdit,
  validateModal,
  validateThreadCreate,
} from '../src/validation/index.js';

/** Assert that `run` throws a ValidationError for `path`. */
function throwsAt(run: () => void, path: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.path, path, error.message);
    assert.equal(error.code, 'KOKORO_VALIDATION');
    return true;
  });
}

const V2 = 1 << 15;
const button = (id: string) => ({ type: 2, style: 1, label: 'Press', custom_id: id });
const row = (...components: unknown[]) => ({ type: 1, components });

describe('message content', () => {
  it('accepts 2000 characters, counting code points', () => {
    validateMessageCreate({ content: 'x'.repeat(2000) });
    validateMessageCreate({ content: '😀'.repeat(2000) });
  });
  it('refuses 2001 characters', () => throwsAt(() => validateMessageCreate({ content: 'x'.repeat(2001) }), 'content'));
  it('refuses a non-string content', () => throwsAt(() => validateMessageCreate({ content: 5 }), 'content'));
  it('refuses an empty message', () => throwsAt(() => validateMessageCreate({ content: '' }), 'body'));
  it('accepts a files-only message', () => validateMessageCreate({}, [{ name: 'a.txt', data: 'hi' }]));
  it('refuses a body that is not an object', () => throwsAt(() => validateMessageCreate('hi'), 'body'));
  it('lets an edit clear the content', () => validateMessageEdit({ content: '' }));
  it('refuses a nonce over 25 characters', () =>
    throwsAt(() => validateMessageCreate({ content: 'a', nonce: 'n'.repeat(26) }), 'nonce'));
});

describe('embeds', () => {
  const embed = (fields: Record<string, unknown> = {}) => ({ title: 'title', description: 'text', ...fields });
  it('accepts 10 embeds', () => validateEmbeds(new Array(10).fill(embed())));
  it('refuses 11 embeds', () => throwsAt(() => validateEmbeds(new Array(11).fill(embed())), 'embeds'));
  it('refuses a title over 256', () =>
    throwsAt(() => validateEmbeds([embed({ title: 't'.repeat(257) })]), 'embeds[0].title'));
  it('refuses a description over 4096', () =>
    throwsAt(() => validateEmbeds([embed(), embed({ description: 'd'.repeat(4097) })]), 'embeds[1].description'));
  it('refuses 26 fields', () =>
    throwsAt(
      () => validateEmbeds([embed({ fields: new Array(26).fill({ name: 'n', value: 'v' }) })]),
      'embeds[0].fields',
    ));
  it('refuses a field name over 256', () =>
    throwsAt(
      () => validateEmbeds([embed({ fields: [{ name: 'n'.repeat(257), value: 'v' }] })]),
      'embeds[0].fields[0].name',
    ));
  it('refuses a field value over 1024', () =>
    throwsAt(
      () =>
        validateEmbeds([
          embed({
            fields: [
              { name: 'n', value: 'v' },
              { name: 'n', value: 'v'.repeat(1025) },
            ],
          }),
        ]),
      'embeds[0].fields[1].value',
    ));
  it('refuses an empty field value', () =>
    throwsAt(() => validateEmbeds([embed({ fields: [{ name: 'n', value: '' }] })]), 'embeds[0].fields[0].value'));
  it('refuses a footer over 2048', () =>
    throwsAt(() => validateEmbeds([embed({ footer: { text: 'f'.repeat(2049) } })]), 'embeds[0].footer.text'));
  it('refuses an author name over 256', () =>
    throwsAt(() => validateEmbeds([embed({ author: { name: 'a'.repeat(257) } })]), 'embeds[0].author.name'));
  it('accepts exactly 6000 characters across embeds', () => {
    validateEmbeds([{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2000) }]);
  });
  it('refuses 6001 characters across embeds', () =>
    throwsAt(
      () => validateEmbeds([{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2000), title: 't' }]),
      'embeds',
    ));
  it('reports embed paths inside a message body', () =>
    throwsAt(() => validateMessageCreate({ embeds: [{ title: 't'.repeat(300) }] }), 'embeds[0].title'));
});

describe('files', () => {
  it('accepts 10 files', () => validateFiles(new Array(10).fill({ name: 'a.txt', data: new Uint8Array(4) })));
  it('refuses 11 files', () =>
    throwsAt(() => validateFiles(new Array(11).fill({ name: 'a.txt', data: 'x' })), 'files'));
  it('refuses a file over the default 10 MiB', () =>
    throwsAt(
      () =>
        validateFiles([
          { name: 'ok.bin', data: 'x' },
          { name: 'big.bin', data: new Uint8Array(limits.fileSize + 1) },
        ]),
      'files[1]',
    ));
  it('follows a configured upload limit', () => {
    configureValidation({ fileSize: 100 });
    try {
      throwsAt(() => validateFiles([{ name: 'a.bin', data: new Uint8Array(101) }]), 'files[0]');
      configureValidation({ fileSize: 1000 });
      validateFiles([{ name: 'a.bin', data: new Uint8Array(101) }]);
    } finally {
      configureValidation({ fileSize: limits.fileSize });
    }
  });
  it('refuses a file without data', () =>
    throwsAt(() => validateFiles([{ name: 'a', data: 5 as never }]), 'files[0].data'));
  it('checks files through a message create', () =>
    throwsAt(() => validateMessageCreate({ content: 'x' }, new Array(11).fill({ name: 'a', data: 'x' })), 'files'));
});

describe('components', () => {
  it('accepts 5 rows of 5 buttons', () =>
    validateMessageComponents(new Array(5).fill(row(...[1, 2, 3, 4, 5].map((n) => button(`b${n}`)))), 0));
  it('refuses 6 action rows', () =>
    throwsAt(() => validateMessageComponents(new Array(6).fill(row(button('a'))), 0), 'components'));
  it('refuses 6 buttons in a row', () =>
    throwsAt(
      () => validateMessageComponents([row(...[1, 2, 3, 4, 5, 6].map((n) => button(`b${n}`)))], 0),
      'components[0].components',
    ));
  it('refuses an empty custom_id', () =>
    throwsAt(
      () => validateMessageComponents([row(button('a'), button(''))], 0),
      'components[0].components[1].custom_id',
    ));
  it('refuses a custom_id over 100', () =>
    throwsAt(
      () => validateMessageComponents([row(button('c'.repeat(101)))], 0),
      'components[0].components[0].custom_id',
    ));
  it('accepts a custom_id of 100', () => validateMessageComponents([row(button('c'.repeat(100)))], 0));
  it('refuses a non-row at the top level without the V2 flag', () =>
    throwsAt(() => validateMessageComponents([{ type: 10, content: 'hi' }], 0), 'components[0].type'));
  it('refuses a link button with a custom_id', () =>
    throwsAt(
      () => validateMessageComponents([row({ type: 2, style: 5, url: 'https://x', custom_id: 'a' })], 0),
      'components[0].components[0].custom_id',
    ));
  it('refuses a select that shares its row', () =>
    throwsAt(
      () =>
        validateMessageComponents(
          [row({ type: 3, custom_id: 's', options: [{ label: 'a', value: 'a' }] }, button('b'))],
          0,
        ),
      'components[0].components',
    ));
  it('refuses a string select with 26 options', () =>
    throwsAt(
      () =>
        validateMessageComponents(
          [row({ type: 3, custom_id: 's', options: new Array(26).fill({ label: 'a', value: 'a' }) })],
          0,
        ),
      'components[0].components[0].options',
    ));
  it('reports component paths inside a message body', () =>
    throwsAt(() => validateMessageCreate({ components: [row(button(''))] }), 'components[0].components[0].custom_id'));
});

describe('Components V2', () => {
  const text = { type: 10, content: 'hello' };
  it('accepts layout components at the top level', () =>
    validateMessageCreate({ flags: V2, components: [text, { type: 17, components: [text, row(button('a'))] }] }));
  it('accepts 40 components in total', () =>
    validateMessageCreate({ flags: V2, components: new Array(40).fill(text) }));
  it('refuses 41 components counting nested ones', () =>
    throwsAt(
      () =>
        validateMessageCreate({
          flags: V2,
          components: [...new Array(20).fill(text), { type: 17, components: new Array(20).fill(text) }],
        }),
      'components',
    ));
  it('refuses content', () =>
    throwsAt(() => validateMessageCreate({ flags: V2, content: 'hi', components: [text] }), 'content'));
  it('refuses embeds', () =>
    throwsAt(() => validateMessageCreate({ flags: V2, embeds: [{ title: 'x' }], components: [text] }), 'embeds'));
  it('checks custom_id deep inside a container', () =>
    throwsAt(
      () => validateMessageCreate({ flags: V2, components: [{ type: 17, components: [row(button(''))] }] }),
      'components[0].components[0].components[0].custom_id',
    ));
  it('checks a section accessory', () =>
    throwsAt(
      () =>
        validateMessageCreate({
          flags: V2,
          components: [{ type: 9, components: [text], accessory: button('x'.repeat(101)) }],
        }),
      'components[0].accessory.custom_id',
    ));
  it('refuses a button at the top level', () =>
    throwsAt(() => validateMessageCreate({ flags: V2, components: [button('a')] }), 'components[0].type'));
});

describe('allowed_mentions', () => {
  it('accepts a sane value', () => validateAllowedMentions({ parse: ['users'], roles: ['1'], replied_user: false }));
  it('refuses an unknown parse type', () =>
    throwsAt(() => validateAllowedMentions({ parse: ['here'] }), 'allowed_mentions.parse[0]'));
  it('refuses users listed with parse users', () =>
    throwsAt(() => validateAllowedMentions({ parse: ['users'], users: ['1'] }), 'allowed_mentions.users'));
  it('refuses 101 role ids', () =>
    throwsAt(() => validateAllowedMentions({ roles: new Array(101).fill('1') }), 'allowed_mentions.roles'));
  it('refuses a non-boolean replied_user', () =>
    throwsAt(() => validateAllowedMentions({ replied_user: 'yes' }), 'allowed_mentions.replied_user'));
  it('is checked in a message body', () =>
    throwsAt(
      () => validateMessageCreate({ content: 'a', allowed_mentions: { parse: ['all'] } }),
      'allowed_mentions.parse[0]',
    ));
});

describe('application commands', () => {
  const option = (name: string, fields: Record<string, unknown> = {}) => ({
    type: 3,
    name,
    description: 'd',
    ...fields,
  });
  it('accepts a chat-input command with options', () =>
    validateApplicationCommand({
      name: 'ping-pong_2',
      description: 'Pong?',
      options: [option('who', { required: true }), option('why', { choices: [{ name: 'a', value: 'a' }] })],
    }));
  it('accepts names in other scripts', () => {
    validateApplicationCommand({ name: 'привет', description: 'd' });
    validateApplicationCommand({ name: 'नमस्ते', description: 'd' });
    validateApplicationCommand({ name: 'สวัสดี', description: 'd' });
  });
  it('refuses a name with a space', () =>
    throwsAt(() => validateApplicationCommand({ name: 'ping pong', description: 'd' }), 'name'));
  it('refuses an uppercase chat-input name', () =>
    throwsAt(() => validateApplicationCommand({ name: 'Ping', description: 'd' }), 'name'));
  it('refuses a name over 32', () =>
    throwsAt(() => validateApplicationCommand({ name: 'p'.repeat(33), description: 'd' }), 'name'));
  it('refuses a missing name', () => throwsAt(() => validateApplicationCommand({ description: 'd' }), 'name'));
  it('accepts a user command with capitals and spaces', () =>
    validateApplicationCommand({ type: 2, name: 'User Info' }));
  it('refuses a description on a message command', () =>
    throwsAt(() => validateApplicationCommand({ type: 3, name: 'Quote', description: 'x' }), 'description'));
  it('accepts a primary entry point command with a description', () =>
    validateApplicationCommand({ type: 4, name: 'Launch', description: 'Start the activity', handler: 2 }));
  it('refuses an unknown command type', () =>
    throwsAt(() => validateApplicationCommand({ type: 'ChatInput', name: 'a' }), 'type'));
  it('refuses an empty description', () =>
    throwsAt(() => validateApplicationCommand({ name: 'ping', description: '' }), 'description'));
  it('refuses a description over 100', () =>
    throwsAt(() => validateApplicationCommand({ name: 'ping', description: 'd'.repeat(101) }), 'description'));
  it('refuses 26 options', () =>
    throwsAt(
      () =>
        validateApplicationCommand({
          name: 'ping',
          description: 'd',
          options: Array.from({ length: 26 }, (_, i) => option(`o${i}`)),
        }),
      'options',
    ));
  it('refuses a required option after an optional one', () =>
    throwsAt(
      () =>
        validateApplicationCommand({
          name: 'ping',
          description: 'd',
          options: [option('a'), option('b', { required: true })],
        }),
      'options[1].required',
    ));
  it('refuses 26 choices', () =>
    throwsAt(
      () =>
        validateApplicationCommand({
          name: 'ping',
          description: 'd',
          options: [
            option('a', { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) }),
          ],
        }),
      'options[0].choices',
    ));
  it('refuses choices on a boolean option', () =>
    throwsAt(
      () =>
        validateApplicationCommand({
          name: 'ping',
          description: 'd',
          options: [option('a', { type: 5, choices: [{ name: 'a', value: 1 }] })],
        }),
      'options[0].choices',
    ));
  it('refuses an unknown option type', () =>
    throwsAt(
      () => validateApplicationCommand({ name: 'ping', description: 'd', options: [option('a', { type: 12 })] }),
      'options[0].type',
    ));
  it('refuses an uppercase option name', () =>
    throwsAt(
      () => validateApplicationCommand({ name: 'ping', description: 'd', options: [option('Who')] }),
      'options[0].name',
    ));
  it('refuses duplicate option names', () =>
    throwsAt(
      () => validateApplicationCommand({ name: 'ping', description: 'd', options: [option('a'), option('a')] }),
      'options[1].name',
    ));
  it('accepts subcommand groups holding subcommands', () =>
    validateApplicationCommand({
      name: 'admin',
      description: 'd',
      options: [
        {
          type: 2,
          name: 'user',
          description: 'd',
          options: [{ type: 1, name: 'ban', description: 'd', options: [option('reason')] }],
        },
      ],
    }));
  it('refuses a value option inside a subcommand group', () =>
    throwsAt(
      () =>
        validateApplicationCommand({
          name: 'admin',
          description: 'd',
          options: [{ type: 2, name: 'user', description: 'd', options: [option('x')] }],
        }),
      'options[0].options[0].type',
    ));
  it('refuses subcommands mixed with value options', () =>
    throwsAt(
      () =>
        validateApplicationCommand({
          name: 'admin',
          description: 'd',
          options: [{ type: 1, name: 'ban', description: 'd' }, option('x')],
        }),
      'options',
    ));
  it('refuses a bad name localization', () =>
    throwsAt(
      () => validateApplicationCommand({ name: 'ping', description: 'd', name_localizations: { fr: 'Pas Bon' } }),
      'name_localizations.fr',
    ));
  it('lets an edit leave the name out but still checks what is given', () => {
    validateApplicationCommandEdit({ description: 'new' });
    throwsAt(() => validateApplicationCommandEdit({ name: 'Bad' }), 'name');
  });
  it('checks every command of a bulk overwrite with its index', () => {
    validateApplicationCommands([
      { name: 'a', description: 'd' },
      { type: 2, name: 'A' },
    ]);
    throwsAt(
      () =>
        validateApplicationCommands([
          { name: 'a', description: 'd' },
          { name: 'B', description: 'd' },
        ]),
      '[1].name',
    );
  });
  it('refuses duplicate names in a bulk overwrite', () =>
    throwsAt(
      () =>
        validateApplicationCommands([
          { name: 'a', description: 'd' },
          { name: 'a', description: 'e' },
        ]),
      '[1].name',
    ));
  it('refuses 16 user commands in a bulk overwrite', () =>
    throwsAt(
      () => validateApplicationCommands(Array.from({ length: 16 }, (_, i) => ({ type: 2, name: `U${i}` }))),
      'body',
    ));
});

describe('modals and interaction responses', () => {
  const input = { type: 4, custom_id: 'answer', style: 1 };
  const label = { type: 18, label: 'Answer', component: input };
  const modal = (fields: Record<string, unknown> = {}) => ({
    title: 'Survey',
    custom_id: 'survey',
    components: [label],
    ...fields,
  });
  it('accepts a modal with labels', () => validateModal(modal()));
  it('accepts a legacy modal with an action row', () =>
    validateModal(modal({ components: [row({ ...input, label: 'Answer' })] })));
  it('refuses a title over 45', () => throwsAt(() => validateModal(modal({ title: 't'.repeat(46) })), 'data.title'));
  it('refuses no components', () => throwsAt(() => validateModal(modal({ components: [] })), 'data.components'));
  it('refuses 6 components', () =>
    throwsAt(() => validateModal(modal({ components: new Array(6).fill(label) })), 'data.components'));
  it('refuses a button at the top level', () =>
    throwsAt(() => validateModal(modal({ components: [button('a')] })), 'data.components[0].type'));
  it('refuses a text input custom_id over 100', () =>
    throwsAt(
      () => validateModal(modal({ components: [{ ...label, component: { ...input, custom_id: 'x'.repeat(101) } }] })),
      'data.components[0].component.custom_id',
    ));
  it('validates a modal response', () =>
    throwsAt(() => validateInteractionResponse({ type: 9, data: modal({ title: '' }) }), 'data.title'));
  it('validates a message response', () => {
    validateInteractionResponse({ type: 4, data: { content: 'hi', flags: 64 } });
    throwsAt(() => validateInteractionResponse({ type: 4, data: { content: 'x'.repeat(2001) } }), 'data.content');
  });
  it('validates an update response', () =>
    throwsAt(
      () => validateInteractionResponse({ type: 7, data: { components: [row(button(''))] } }),
      'data.components[0].components[0].custom_id',
    ));
  it('refuses 26 autocomplete choices', () =>
    throwsAt(
      () =>
        validateInteractionResponse({
          type: 8,
          data: { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: i })) },
        }),
      'data.choices',
    ));
  it('refuses an unknown response type', () => throwsAt(() => validateInteractionResponse({ type: 3 }), 'type'));
  it('accepts PONG and deferrals', () => {
    validateInteractionResponse({ type: 1 });
    validateInteractionResponse({ type: 5 });
    validateInteractionResponse({ type: 6 });
  });
});

describe('thread create (forum post)', () => {
  it('accepts a forum post with a first message', () =>
    validateThreadCreate({ name: 'post', message: { content: 'hello' } }));
  it('accepts a plain thread without a message', () => validateThreadCreate({ name: 'thread' }));
  it('refuses a name over 100', () => throwsAt(() => validateThreadCreate({ name: 'n'.repeat(101) }), 'name'));
  it('refuses a missing name', () => throwsAt(() => validateThreadCreate({ message: { content: 'x' } }), 'name'));
  it('checks the first message with its path', () =>
    throwsAt(
      () => validateThreadCreate({ name: 'post', message: { embeds: new Array(11).fill({ title: 't' }) } }),
      'message.embeds',
    ));
  it('checks the files of the first message', () =>
    throwsAt(
      () => validateThreadCreate({ name: 'post', message: {} }, new Array(11).fill({ name: 'a.txt', data: 'x' })),
      'message.files',
    ));
});

describe('attachments beside files', () => {
  const files = [
    { name: 'a.txt', data: 'a' },
    { name: 'b.txt', data: 'b' },
  ];
  it('accepts new uploads by index and kept attachments by snowflake', () =>
    validateMessageEdit({ attachments: [{ id: 0 }, { id: '1' }, { id: '123456789012345678' }] }, files));
  it('refuses an index without its file', () =>
    throwsAt(() => validateMessageCreate({ content: 'x', attachments: [{ id: 2 }] }, files), 'attachments[0].id'));
  it('refuses an index when no file is sent', () =>
    throwsAt(() => validateMessageCreate({ content: 'x', attachments: [{ id: 0 }] }), 'attachments[0].id'));
  it('refuses two attachments for one file', () =>
    throwsAt(() => validateMessageCreate({ attachments: [{ id: 0 }, { id: 0 }] }, files), 'attachments[1].id'));
  it('refuses an attachment without an id', () =>
    throwsAt(
      () => validateMessageCreate({ content: 'x', attachments: [{ filename: 'a' }] }, files),
      'attachments[0].id',
    ));
  it('reports the path inside an interaction response', () =>
    throwsAt(
      () => validateInteractionResponse({ type: 4, data: { content: 'x', attachments: [{ id: 5 }] } }, files),
      'data.attachments[0].id',
    ));
});
