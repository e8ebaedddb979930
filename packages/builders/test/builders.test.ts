import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '@kokoro/common';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import {
  ActionRow,
  Button,
  ChannelSelect,
  Checkbox,
  CheckboxGroup,
  Color,
  Container,
  Embed,
  FileComponent,
  FileUpload,
  Label,
  MediaGallery,
  Modal,
  RadioGroup,
  Section,
  Separator,
  StringSelect,
  TextDisplay,
  TextInput,
  Thumbnail,
  UserSelect,
} from '../src/index.js';

/** Assert `run` throws a ValidationError whose path is `path`. */
function refuses(run: () => unknown, path: string, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.path, path, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('Color: named colours, fromRgb, fromHex, and refusals', () => {
  assert.equal(Color.Blurple.value, 0x5865f2);
  assert.equal(Color.fromRgb(88, 101, 242).value, 0x5865f2);
  assert.equal(Color.fromHex('#5865F2').value, 0x5865f2);
  assert.equal(Color.fromHex('fff').value, 0xffffff);
  assert.equal(Color.from('red').value, Color.Red.value);
  assert.equal(Color.fromRgb(1, 2, 3).toHex(), '#010203');
  assert.deepEqual([Color.Gold.red, Color.Gold.green, Color.Gold.blue], [0xf1, 0xc4, 0x0f]);
  assert.equal(JSON.stringify({ color: Color.Green }), `{"color":${0x57f287}}`);
  refuses(() => Color.fromRgb(256, 0, 0), 'color.red', /0\.\.255/);
  refuses(() => Color.fromHex('#12345'), 'color', /hex colour/);
  refuses(() => new Color(0x1000000), 'color');
});

test('Embed: the RustCord example serialises as Discord takes it', () => {
  const embed = new Embed({}, () => Date.UTC(2026, 0, 2, 3, 4, 5))
    .title('This is a title')
    .description('This is a description')
    .color(Color.fromHex('#ff0000'))
    .author({ name: 'Kokoro', url: 'https://example.com', iconUrl: 'https://example.com/a.png' })
    .field('This is the first field', 'This is a field body', true)
    .field('This is the second field', 'Both fields are inline', true)
    .field('Not inline', 'on its own line')
    .footer({ text: 'This is a footer', iconUrl: 'attachment://footer.png' })
    .thumbnail('https://example.com/thumb.png')
    .image('attachment://ferris_eyes.png')
    .timestamp();
  assert.deepEqual(embed.toJSON(), {
    title: 'This is a title',
    description: 'This is a description',
    color: 0xff0000,
    author: { name: 'Kokoro', url: 'https://example.com', icon_url: 'https://example.com/a.png' },
    fields: [
      { name: 'This is the first field', value: 'This is a field body', inline: true },
      { name: 'This is the second field', value: 'Both fields are inline', inline: true },
      { name: 'Not inline', value: 'on its own line' },
    ],
    footer: { text: 'This is a footer', icon_url: 'attachment://footer.png' },
    thumbnail: { url: 'https://example.com/thumb.png' },
    image: { url: 'attachment://ferris_eyes.png' },
    timestamp: '2026-01-02T03:04:05.000Z',
  });
  const fromOptions = new Embed({ title: 't', color: 'blurple', footer: 'f', fields: [{ name: 'a', value: 'b' }] });
  assert.deepEqual(fromOptions.toJSON(), {
    title: 't',
    color: 0x5865f2,
    footer: { text: 'f' },
    fields: [{ name: 'a', value: 'b' }],
  });
});

test('Embed: limits are refused with the path of the field', () => {
  refuses(() => new Embed().title('x'.repeat(257)).toJSON(), 'embed.title', /256/);
  refuses(() => new Embed().title('t').field('a', 'x'.repeat(1025)).toJSON(), 'embed.fields[0].value', /1024/);
  refuses(() => new Embed().field('a', '').toJSON(), 'embed.fields[0].value');
  const many = new Embed();
  for (let i = 0; i < 26; i++) many.field(`f${i}`, 'v');
  refuses(() => many.toJSON(), 'embed.fields', /25/);
  const big = new Embed().description('x'.repeat(4096)).field('a', 'y'.repeat(1024)).field('b', 'y'.repeat(1024));
  big.title('z'.repeat(200));
  refuses(() => big.toJSON(), 'embed', /6000/);
  refuses(() => new Embed().toJSON(), 'embed', /empty/);
  refuses(() => new Embed().image('ftp://x'), 'embed.image.url', /http/);
  refuses(() => new Embed().timestamp('not a date'), 'embed.timestamp');
  refuses(() => new Embed().color(-1), 'embed.color');
});

test('action rows, buttons and selects; errors name the path inside the row', () => {
  const row = new ActionRow(
    Button.primary('vote:1', 'Vote'),
    Button.danger('stop', undefined, { emoji: '🛑' }),
    Button.link('https://example.com', 'Docs', { emoji: '<:kokoro:123456789012345678>' }),
  );
  assert.deepEqual(row.toJSON(), {
    type: ComponentType.ActionRow,
    components: [
      { type: 2, style: ButtonStyle.Primary, custom_id: 'vote:1', label: 'Vote' },
      { type: 2, style: ButtonStyle.Danger, custom_id: 'stop', emoji: { name: '🛑' } },
      {
        type: 2,
        style: ButtonStyle.Link,
        url: 'https://example.com',
        label: 'Docs',
        emoji: { name: 'kokoro', id: '123456789012345678' },
      },
    ],
  });
  refuses(
    () => new ActionRow(Button.primary('a', 'A'), Button.primary('b'.repeat(101), 'B')).toJSON(),
    'actionRow.components[1].custom_id',
    /100/,
  );
  refuses(
    () => new ActionRow(...Array.from({ length: 6 }, (_, i) => Button.primary(`b${i}`, 'x'))).toJSON(),
    'actionRow.components',
  );
  refuses(
    () => new ActionRow(new StringSelect('s', ['a']), Button.primary('b', 'B')).toJSON(),
    'actionRow.components',
    /alone/,
  );
  refuses(() => Button.primary('x').toJSON(), 'button', /label or an emoji/);
  refuses(() => Button.link('javascript:alert(1)', 'x'), 'button.url');
  const select = new StringSelect(
    'pick',
    ['a', { label: 'Bee', value: 'b', description: 'the letter b', default: true }],
    {
      placeholder: 'Pick',
      maxValues: 2,
    },
  );
  assert.deepEqual(select.toJSON(), {
    type: 3,
    custom_id: 'pick',
    options: [
      { label: 'a', value: 'a' },
      { label: 'Bee', value: 'b', description: 'the letter b', default: true },
    ],
    placeholder: 'Pick',
    max_values: 2,
  });
  refuses(() => new StringSelect('s', ['a', 'a']).toJSON(), 'stringSelect.options[1].value', /twice/);
  refuses(() => new StringSelect('s', ['a'], { maxValues: 3 }).toJSON(), 'stringSelect.max_values');
  refuses(() => new StringSelect('s', []).toJSON(), 'stringSelect.options');
  assert.deepEqual(new UserSelect('u', { defaults: ['1'] }).toJSON(), {
    type: 5,
    custom_id: 'u',
    default_values: [{ id: '1', type: 'user' }],
  });
  assert.deepEqual(new ChannelSelect('c', { channelTypes: [0] }).toJSON(), {
    type: 8,
    custom_id: 'c',
    channel_types: [0],
  });
});

test('Components V2: container, section, text, thumbnail, gallery, file, separator', () => {
  const container = new Container(
    '# Title',
    new Section(
      new Thumbnail('https://example.com/t.png', { description: 'a thumb' }),
      'left',
      new TextDisplay('more'),
    ),
    new Separator({ spacing: 'large' }),
    new MediaGallery('https://example.com/1.png', { url: 'attachment://2.png', spoiler: true }),
    new FileComponent('attachment://notes.txt'),
    new ActionRow(Button.success('ok', 'OK')),
  ).accentColor(Color.Aqua);
  const json = container.toJSON();
  assert.equal(json.type, ComponentType.Container);
  assert.equal(json.accent_color, Color.Aqua.value);
  assert.deepEqual(
    json.components.map((c) => c.type),
    [10, 9, 14, 12, 13, 1],
  );
  assert.deepEqual(json.components[1], {
    type: 9,
    components: [
      { type: 10, content: 'left' },
      { type: 10, content: 'more' },
    ],
    accessory: { type: 11, media: { url: 'https://example.com/t.png' }, description: 'a thumb' },
  });
  refuses(() => new Container().toJSON(), 'container.components');
  refuses(() => new Section(Button.primary('a', 'A')).toJSON(), 'section.components', /1\.\.3/);
  refuses(() => new MediaGallery().toJSON(), 'mediaGallery.items');
  refuses(() => new FileComponent('https://example.com/x'), 'file.file.url', /attachment/);
  refuses(() => new TextDisplay('').toJSON(), 'textDisplay.content');
  refuses(
    () => new Container(new Section(Button.primary('a'.repeat(101), 'A'), 'x')).toJSON(),
    'container.components[0].accessory.custom_id',
  );
});

test('modals: labels wrapping the 2025-2026 inputs; errors name the path', () => {
  const modal = new Modal(
    'feedback:42',
    'Feedback',
    'Tell us what you think.',
    new Label('Your name', new TextInput('name', { maxLength: 40 })),
    new Label('Details', new TextInput('details', { style: 'paragraph', required: false }), 'optional'),
    new Label('Rating', new RadioGroup('rating', ['1', '2', '3'])),
    new Label('Topics', new CheckboxGroup('topics', ['bugs', { value: 'ui', label: 'The UI' }], { maxValues: 2 })),
  );
  const json = modal.toJSON();
  assert.equal(json.custom_id, 'feedback:42');
  assert.deepEqual(
    json.components.map((c) => c.type),
    [10, 18, 18, 18, 18],
  );
  assert.deepEqual(json.components[1], {
    type: 18,
    label: 'Your name',
    component: { type: 4, custom_id: 'name', style: 1, max_length: 40 },
  });
  refuses(() => new Modal('m', 'x'.repeat(46), new Label('a', new TextInput('a'))).toJSON(), 'modal.title', /45/);
  refuses(
    () => new Modal('m', 'M', ...Array.from({ length: 6 }, (_, i) => new Label('a', new TextInput(`a${i}`)))).toJSON(),
    'modal.components',
  );
  refuses(
    () => new Modal('m', 'M', new Label('a', new TextInput('a'.repeat(101)))).toJSON(),
    'modal.components[0].component.custom_id',
  );
  refuses(() => new Label('x'.repeat(46), new Checkbox('c')).toJSON(), 'label.label');
  refuses(() => new FileUpload('f', { maxValues: 11 }).toJSON(), 'fileUpload.max_values');
  refuses(() => new RadioGroup('r', []), 'radioGroup.options');
  refuses(() => new TextInput('t', { minLength: 5, maxLength: 2 }).toJSON(), 'textInput.min_length');
});
