/**
 * A message as stable plain text, for snapshot tests: what a person sees, in reading order, with
 * no ids, timestamps or other values that change from run to run. One line for the author and
 * content, then indented blocks for the reply, embeds, components (action rows and Components V2
 * layouts), attachments, stickers, a poll and reactions. Same message, same text, on any machine.
 *
 * ```text
 * Nue [bot]: pong
 *   ┌ embed "Score" #ff0000
 *   │ The match is over.
 *   │ Home: 3 (inline)
 *   └ footer: final
 *   [button primary "Vote" vote:1] [button link "Docs" → https://example.com]
 *   [select vote:pick "Pick one" 1..1: a "A", b "B"]
 *   reactions: 👍 ×2
 * ```
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { ComponentType as C } from 'discord-api-types/v10';

const INDENT = '  ';
const BUTTON_STYLES: Record<number, string> = {
  1: 'primary',
  2: 'secondary',
  3: 'success',
  4: 'danger',
  5: 'link',
  6: 'premium',
};

interface AnyComponent {
  type: number;
  [key: string]: unknown;
}

/** Render a message (content, embeds, components incl. Components V2, attachments...) as stable text. */
export function renderMessage(message: APIMessage): string {
  const lines: string[] = [];
  const author = `${message.author.username}${message.author.bot ? ' [bot]' : ''}`;
  const flags = message.flags ?? 0;
  const tags = [flags & 64 ? 'ephemeral' : '', message.tts ? 'tts' : ''].filter(Boolean);
  lines.push(
    `${author}${tags.length ? ` (${tags.join(', ')})` : ''}:${message.content ? ` ${firstLine(message.content)}` : ''}`,
  );
  for (const more of (message.content ?? '').split('\n').slice(1)) lines.push(`${INDENT}${more}`);
  const referenced = message.referenced_message;
  if (referenced)
    lines.push(`${INDENT}↪ reply to ${referenced.author.username}: ${firstLine(referenced.content ?? '')}`);
  for (const embed of message.embeds ?? []) lines.push(...renderEmbed(embed).map((l) => INDENT + l));
  for (const component of (message.components ?? []) as unknown as AnyComponent[]) {
    lines.push(...renderComponent(component).map((l) => INDENT + l));
  }
  for (const attachment of message.attachments ?? []) {
    lines.push(
      `${INDENT}[attachment ${attachment.filename}${attachment.content_type ? ` ${attachment.content_type}` : ''}]`,
    );
  }
  for (const sticker of message.sticker_items ?? []) lines.push(`${INDENT}[sticker ${sticker.name}]`);
  if (message.poll) {
    lines.push(`${INDENT}poll: ${message.poll.question.text ?? ''}`);
    for (const answer of message.poll.answers) {
      const count = message.poll.results?.answer_counts.find((c) => c.id === answer.answer_id)?.count ?? 0;
      lines.push(`${INDENT}${INDENT}( ) ${answer.poll_media.text ?? ''} — ${count}`);
    }
  }
  if (message.reactions?.length) {
    lines.push(
      `${INDENT}reactions: ${message.reactions
        .map((r) => `${r.emoji.id ? `:${r.emoji.name}:` : r.emoji.name} ×${r.count}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function renderEmbed(embed: APIEmbed): string[] {
  const out: string[] = [];
  const head = [
    'embed',
    embed.title ? JSON.stringify(embed.title) : '',
    embed.color !== undefined ? `#${embed.color.toString(16).padStart(6, '0')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  out.push(`┌ ${head}`);
  if (embed.author?.name) out.push(`│ author: ${embed.author.name}`);
  if (embed.url) out.push(`│ url: ${embed.url}`);
  if (embed.description) for (const line of embed.description.split('\n')) out.push(`│ ${line}`);
  for (const field of embed.fields ?? []) out.push(`│ ${field.name}: ${field.value}${field.inline ? ' (inline)' : ''}`);
  if (embed.image?.url) out.push(`│ image: ${embed.image.url}`);
  if (embed.thumbnail?.url) out.push(`│ thumbnail: ${embed.thumbnail.url}`);
  out.push(`└${embed.footer?.text ? ` footer: ${embed.footer.text}` : ''}`);
  return out;
}

function label(c: AnyComponent): string {
  const emoji = c.emoji as { name?: string } | undefined;
  const text = [emoji?.name, c.label as string | undefined].filter(Boolean).join(' ');
  return text ? ` ${JSON.stringify(text)}` : '';
}

function inline(c: AnyComponent): string {
  const disabled = c.disabled ? ' disabled' : '';
  switch (c.type) {
    case C.Button: {
      const style = BUTTON_STYLES[c.style as number] ?? `style ${String(c.style)}`;
      const target = c.url ? ` → ${c.url as string}` : c.custom_id ? ` ${c.custom_id as string}` : '';
      return `[button ${style}${label(c)}${target}${disabled}]`;
    }
    case C.StringSelect:
    case C.UserSelect:
    case C.RoleSelect:
    case C.MentionableSelect:
    case C.ChannelSelect: {
      const kind = { 3: 'select', 5: 'user select', 6: 'role select', 7: 'mentionable select', 8: 'channel select' }[
        c.type
      ];
      const placeholder = c.placeholder ? ` ${JSON.stringify(c.placeholder)}` : '';
      const range = ` ${String(c.min_values ?? 1)}..${String(c.max_values ?? 1)}`;
      const options = ((c.options as { value: string; label: string; default?: boolean }[] | undefined) ?? [])
        .map((o) => `${o.value} ${JSON.stringify(o.label)}${o.default ? ' (default)' : ''}`)
        .join(', ');
      return `[${kind} ${String(c.custom_id)}${placeholder}${range}${options ? `: ${options}` : ''}${disabled}]`;
    }
    case C.TextInput:
      return `[text input ${String(c.custom_id)}${label(c)}]`;
    case C.Thumbnail:
      return `[thumbnail ${String((c.media as { url?: string } | undefined)?.url ?? '')}]`;
    default:
      return `[component ${c.type}]`;
  }
}

function renderComponent(c: AnyComponent): string[] {
  const children = (c.components as AnyComponent[] | undefined) ?? [];
  switch (c.type) {
    case C.ActionRow:
      return [children.map(inline).join(' ')];
    case C.TextDisplay:
      return String(c.content ?? '')
        .split('\n')
        .map((l) => `▌ ${l}`);
    case C.Section: {
      const out = children.flatMap(renderComponent);
      if (c.accessory) out.push(`  ↳ ${inline(c.accessory as AnyComponent)}`);
      return out;
    }
    case C.Separator:
      return [c.divider === false ? '' : '────'];
    case C.MediaGallery:
      return [
        `[gallery: ${((c.items as { media: { url: string } }[] | undefined) ?? []).map((i) => i.media.url).join(', ')}]`,
      ];
    case C.File:
      return [`[file ${String((c.file as { url?: string } | undefined)?.url ?? '')}]`];
    case C.Container: {
      const accent =
        c.accent_color !== undefined && c.accent_color !== null
          ? ` #${(c.accent_color as number).toString(16).padStart(6, '0')}`
          : '';
      return [
        `╭ container${accent}${c.spoiler ? ' (spoiler)' : ''}`,
        ...children.flatMap(renderComponent).map((l) => `│ ${l}`),
        '╰',
      ];
    }
    case C.Label: {
      const inner = c.component ? inline(c.component as AnyComponent) : '';
      return [`${String(c.label ?? '')}: ${inner}`];
    }
    default:
      return [inline(c)];
  }
}
