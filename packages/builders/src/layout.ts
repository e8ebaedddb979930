/**
 * Components V2: layout components that replace `content` and `embeds`. A message whose top-level
 * components include one of these builders gets the `IS_COMPONENTS_V2` flag (1 << 15) set for it
 * when it is sent (see `messagePayload` in @kokoro/rest); such a message holds up to 40 components,
 * nested ones included, and no content or embeds.
 */
import { ValidationError } from '@kokoro/common';
import {
  type APIContainerComponent,
  type APIFileComponent,
  type APIMediaGalleryComponent,
  type APIMediaGalleryItem,
  type APISectionComponent,
  type APISeparatorComponent,
  type APITextDisplayComponent,
  type APIThumbnailComponent,
  ComponentType,
  SeparatorSpacingSize,
} from 'discord-api-types/v10';
import { Color, type ColorLike } from './color.js';
import { ComponentBuilder, resolveAll, resolveChild } from './component.js';
import { checkUrl } from './embed.js';

/** Markdown text (up to 4000 characters). */
export class TextDisplay extends ComponentBuilder<APITextDisplayComponent> {
  readonly kind = 'textDisplay';
  readonly #content: string;

  constructor(content: string) {
    super();
    this.#content = content;
  }

  protected build(): APITextDisplayComponent {
    return { type: ComponentType.TextDisplay, content: this.#content };
  }

  protected override validate(json: APITextDisplayComponent): void {
    super.validate(json);
    if (typeof json.content !== 'string' || json.content.length === 0 || json.content.length > 4000) {
      throw new ValidationError(
        'textDisplay.content',
        `must be 1..4000 characters, got ${String(json.content?.length ?? json.content)}`,
      );
    }
  }
}

/** Options of media (thumbnails, gallery items, files). */
export interface MediaOptions {
  /** Alt text (up to 1024 characters). */
  description?: string;
  /** Blurred until clicked. */
  spoiler?: boolean;
}

/** A small image, as a section's accessory. */
export class Thumbnail extends ComponentBuilder<APIThumbnailComponent> {
  readonly kind = 'thumbnail';
  readonly #data: APIThumbnailComponent;

  /** An image at `url` (`https://…` or `attachment://name`). */
  constructor(url: string, options: MediaOptions = {}) {
    super();
    this.#data = {
      type: ComponentType.Thumbnail,
      media: { url: checkUrl(url, 'thumbnail.media.url') },
      ...media(options),
    };
  }

  protected build(): APIThumbnailComponent {
    return structuredClone(this.#data);
  }
}

function media(options: MediaOptions): { description?: string; spoiler?: boolean } {
  if (options.description !== undefined && options.description.length > 1024) {
    throw new ValidationError('description', `must be at most 1024 characters, got ${options.description.length}`);
  }
  return {
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.spoiler ? { spoiler: true } : {}),
  };
}

/** One to three text displays beside an accessory (a thumbnail or a button). */
export class Section extends ComponentBuilder<APISectionComponent> {
  readonly kind = 'section';
  readonly #accessory: unknown;
  readonly #texts: unknown[];

  /** A section: `accessory` (Thumbnail or Button) beside `texts` (strings or TextDisplay). */
  constructor(accessory: unknown, ...texts: (string | TextDisplay | object)[]) {
    super();
    this.#accessory = accessory;
    this.#texts = texts.map((text) => (typeof text === 'string' ? new TextDisplay(text) : text));
  }

  protected build(): APISectionComponent {
    return {
      type: ComponentType.Section,
      components: resolveAll(this.#texts, 'section.components'),
      accessory: resolveChild<APISectionComponent['accessory']>(this.#accessory, 'section.accessory'),
    };
  }

  protected override validate(json: APISectionComponent): void {
    if (json.components.length < 1 || json.components.length > 3) {
      throw new ValidationError(
        'section.components',
        `a section holds 1..3 text displays, got ${json.components.length}`,
      );
    }
    super.validate(json);
  }
}

/** A gallery item: a url, or a url with options. */
export type GalleryItem = string | ({ url: string } & MediaOptions);

/** One to ten images or videos in a grid. */
export class MediaGallery extends ComponentBuilder<APIMediaGalleryComponent> {
  readonly kind = 'mediaGallery';
  readonly #items: APIMediaGalleryItem[];

  constructor(...items: GalleryItem[]) {
    super();
    this.#items = items.map((item, index) => {
      const { url, ...options } = typeof item === 'string' ? { url: item } : item;
      return { media: { url: checkUrl(url, `mediaGallery.items[${index}].media.url`) }, ...media(options) };
    });
  }

  protected build(): APIMediaGalleryComponent {
    return { type: ComponentType.MediaGallery, items: structuredClone(this.#items) };
  }

  protected override validate(json: APIMediaGalleryComponent): void {
    super.validate(json);
    if (json.items.length < 1 || json.items.length > 10) {
      throw new ValidationError('mediaGallery.items', `a gallery holds 1..10 items, got ${json.items.length}`);
    }
  }
}

/** An uploaded file shown in the message (`attachment://name`). */
export class FileComponent extends ComponentBuilder<APIFileComponent> {
  readonly kind = 'file';
  readonly #data: APIFileComponent;

  constructor(url: string, options: { spoiler?: boolean } = {}) {
    super();
    if (typeof url !== 'string' || !url.startsWith('attachment://')) {
      throw new ValidationError(
        'file.file.url',
        `must be an attachment://name url of an uploaded file, got ${String(url)}`,
      );
    }
    this.#data = { type: ComponentType.File, file: { url }, ...(options.spoiler ? { spoiler: true } : {}) };
  }

  protected build(): APIFileComponent {
    return structuredClone(this.#data);
  }
}

/** Space between components, with or without a line. */
export class Separator extends ComponentBuilder<APISeparatorComponent> {
  readonly kind = 'separator';
  readonly #data: APISeparatorComponent;

  constructor(options: { divider?: boolean; spacing?: 'small' | 'large' } = {}) {
    super();
    this.#data = {
      type: ComponentType.Separator,
      ...(options.divider !== undefined ? { divider: options.divider } : {}),
      ...(options.spacing
        ? { spacing: options.spacing === 'large' ? SeparatorSpacingSize.Large : SeparatorSpacingSize.Small }
        : {}),
    };
  }

  protected build(): APISeparatorComponent {
    return { ...this.#data };
  }
}

/** A box around components, with an optional accent colour like an embed's stripe. */
export class Container extends ComponentBuilder<APIContainerComponent> {
  readonly kind = 'container';
  readonly #components: unknown[];
  #accent: number | undefined;
  #spoiler = false;

  /** A container of `components` (text displays, sections, galleries, files, separators, action rows). */
  constructor(...components: unknown[]) {
    super();
    this.#components = components.map((component) =>
      typeof component === 'string' ? new TextDisplay(component) : component,
    );
  }

  /** Add components (strings become text displays). */
  add(...components: unknown[]): this {
    this.#components.push(
      ...components.map((component) => (typeof component === 'string' ? new TextDisplay(component) : component)),
    );
    return this;
  }

  /** The stripe colour. */
  accentColor(color: ColorLike): this {
    this.#accent = Color.from(color, 'container.accent_color').value;
    return this;
  }

  /** Blur the whole container until clicked. */
  spoiler(spoiler = true): this {
    this.#spoiler = spoiler;
    return this;
  }

  protected build(): APIContainerComponent {
    return {
      type: ComponentType.Container,
      components: resolveAll(this.#components, 'container.components'),
      ...(this.#accent !== undefined ? { accent_color: this.#accent } : {}),
      ...(this.#spoiler ? { spoiler: true } : {}),
    };
  }

  protected override validate(json: APIContainerComponent): void {
    if (json.components.length === 0)
      throw new ValidationError('container.components', 'a container needs at least one component');
    super.validate(json);
  }
}
