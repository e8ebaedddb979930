/**
 * The `Embed` builder: chained setters (`new Embed().title('Hi').color(Color.Blurple).field('a', 'b')`)
 * or one options object (`new Embed({ title: 'Hi', fields: [...] })`), serialised by `toJSON()`, which
 * checks Discord's limits (title 256, description 4096, 25 fields, 6000 characters in all...) and
 * throws a `ValidationError` whose path names the field (`embed.fields[3].value`).
 */
import { ValidationError } from '@kokoro/common';
import { limits, validateEmbed } from '@kokoro/rest';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { Color, type ColorLike } from './color.js';

/** An embed's author line. */
export interface EmbedAuthor {
  /** The author's name (at most 256 characters). */
  name: string;
  /** A link on the name. */
  url?: string;
  /** A small image before the name (http(s) or `attachment://name`). */
  iconUrl?: string;
}

/** An embed's footer. */
export interface EmbedFooter {
  /** The footer text (at most 2048 characters). */
  text: string;
  /** A small image before the text (http(s) or `attachment://name`). */
  iconUrl?: string;
}

/** One field; `inline` fields sit side by side (up to three per line). */
export interface EmbedField {
  /** The field's name (at most 256 characters). */
  name: string;
  /** The field's text (1..1024 characters). */
  value: string;
  /** Sit beside the neighbouring inline fields (default false). */
  inline?: boolean;
}

/** Everything an embed can say, for `new Embed(options)`. */
export interface EmbedOptions {
  /** The title (at most 256 characters). */
  title?: string;
  /** The main text (at most 4096 characters, Markdown). */
  description?: string;
  /** A link on the title. */
  url?: string;
  /** The stripe's colour: a `Color`, an integer, `'#rrggbb'` or a name. */
  color?: ColorLike;
  /** The author line: a name, or name, link and icon. */
  author?: string | EmbedAuthor;
  /** Fields (at most 25). */
  fields?: readonly EmbedField[];
  /** The footer: text, or text and icon. */
  footer?: string | EmbedFooter;
  /** Small image at the top right. */
  thumbnail?: string;
  /** Large image at the bottom. */
  image?: string;
  /** A `Date`, milliseconds since 1970, or an ISO 8601 string; `true` = now. */
  timestamp?: Date | number | string | true;
}

/** An embed builder. Every setter returns the builder; `toJSON()` validates and gives the payload. */
export class Embed {
  readonly #data: APIEmbed = {};
  readonly #now: () => number;

  /** Start from `options` (all optional); `now` is the clock `timestamp(true)` reads. */
  constructor(options: EmbedOptions = {}, now: () => number = Date.now) {
    this.#now = now;
    if (options.title !== undefined) this.title(options.title);
    if (options.description !== undefined) this.description(options.description);
    if (options.url !== undefined) this.url(options.url);
    if (options.color !== undefined) this.color(options.color);
    if (options.author !== undefined) this.author(options.author);
    for (const field of options.fields ?? []) this.field(field.name, field.value, field.inline);
    if (options.footer !== undefined) this.footer(options.footer);
    if (options.thumbnail !== undefined) this.thumbnail(options.thumbnail);
    if (options.image !== undefined) this.image(options.image);
    if (options.timestamp !== undefined) this.timestamp(options.timestamp);
  }

  /** The title (up to 256 characters). */
  title(title: string): this {
    this.#data.title = title;
    return this;
  }

  /** The description (up to 4096 characters, markdown). */
  description(description: string): this {
    this.#data.description = description;
    return this;
  }

  /** The link of the title. */
  url(url: string): this {
    this.#data.url = checkUrl(url, 'embed.url');
    return this;
  }

  /** The stripe colour: a `Color`, `0xRRGGBB`, `'#rrggbb'` or a name. */
  color(color: ColorLike): this {
    this.#data.color = Color.from(color, 'embed.color').value;
    return this;
  }

  /** The author line: a name, or `{ name, url, iconUrl }`. */
  author(author: string | EmbedAuthor): this {
    const value = typeof author === 'string' ? { name: author } : author;
    this.#data.author = {
      name: value.name,
      ...(value.url !== undefined ? { url: checkUrl(value.url, 'embed.author.url') } : {}),
      ...(value.iconUrl !== undefined ? { icon_url: checkUrl(value.iconUrl, 'embed.author.icon_url') } : {}),
    };
    return this;
  }

  /** Add a field (up to 25): a name (256), a value (1024), side by side with its neighbours when `inline`. */
  field(name: string, value: string, inline = false): this {
    const field: APIEmbedField = { name, value, ...(inline ? { inline: true } : {}) };
    this.#data.fields = [...(this.#data.fields ?? []), field];
    return this;
  }

  /** Add several fields. */
  fields(...fields: readonly EmbedField[]): this {
    for (const field of fields) this.field(field.name, field.value, field.inline);
    return this;
  }

  /** The footer: a text (2048), or `{ text, iconUrl }`. */
  footer(footer: string | EmbedFooter): this {
    const value = typeof footer === 'string' ? { text: footer } : footer;
    this.#data.footer = {
      text: value.text,
      ...(value.iconUrl !== undefined ? { icon_url: checkUrl(value.iconUrl, 'embed.footer.icon_url') } : {}),
    };
    return this;
  }

  /** The small image at the top right (`https://…` or `attachment://name`). */
  thumbnail(url: string): this {
    this.#data.thumbnail = { url: checkUrl(url, 'embed.thumbnail.url') };
    return this;
  }

  /** The large image (`https://…` or `attachment://name`). */
  image(url: string): this {
    this.#data.image = { url: checkUrl(url, 'embed.image.url') };
    return this;
  }

  /** The time shown in the footer: a `Date`, milliseconds, an ISO string, or `true` (now, or no argument). */
  timestamp(when: Date | number | string | true = true): this {
    const date = when === true ? new Date(this.#now()) : new Date(when);
    if (Number.isNaN(date.getTime())) {
      throw new ValidationError(
        'embed.timestamp',
        `must be a Date, milliseconds or an ISO 8601 string, got ${String(when)}`,
      );
    }
    this.#data.timestamp = date.toISOString();
    return this;
  }

  /** The payload Discord takes; throws a `ValidationError` naming the field that breaks a limit. */
  toJSON(): APIEmbed {
    const data = structuredClone(this.#data);
    const total = validateEmbed(data, 'embed');
    if (total > limits.embedTotal) {
      throw new ValidationError('embed', `an embed holds at most ${limits.embedTotal} characters in all, got ${total}`);
    }
    if (Object.keys(data).length === 0)
      throw new ValidationError('embed', 'is empty; give it at least a title, a description, a field or an image');
    return data;
  }
}

/** Check an embed or component url: `http(s)://` or `attachment://`. */
export function checkUrl(url: string, path: string): string {
  if (typeof url !== 'string' || !/^(https?|attachment):\/\/\S+$/.test(url)) {
    throw new ValidationError(path, `must be an http(s):// or attachment:// url, got ${String(url)}`);
  }
  return url;
}
