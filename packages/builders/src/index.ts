/**
 * @kokoro/builders: builders for what a bot sends — `Color`, `Embed`, action rows, buttons, select
 * menus, Components V2 layout and modals. Each has `toJSON()`, which checks Discord's limits and
 * throws a `ValidationError` naming the path of the bad field; Kokoro accepts anything with
 * `toJSON()` where a payload is expected, so these (or @discordjs/builders) go straight into a message.
 *
 * @document ../README.md
 *
 * @module @kokoro/builders
 */
export { Color, type ColorLike } from './color.js';
export { ComponentBuilder, type EmojiLike, emojiOf } from './component.js';
export { Embed, type EmbedAuthor, type EmbedField, type EmbedFooter, type EmbedOptions } from './embed.js';
export {
  ActionRow,
  Button,
  type ButtonOptions,
  ChannelSelect,
  type EntitySelectOptions,
  MentionableSelect,
  RoleSelect,
  type SelectOptions,
  StringSelect,
  type StringSelectChoice,
  UserSelect,
} from './interactive.js';
export {
  Container,
  FileComponent,
  type GalleryItem,
  MediaGallery,
  type MediaOptions,
  Section,
  Separator,
  TextDisplay,
  Thumbnail,
} from './layout.js';
export {
  Checkbox,
  CheckboxGroup,
  FileUpload,
  type GroupChoice,
  Label,
  Modal,
  RadioGroup,
  TextInput,
  type TextInputOptions,
} from './modal.js';
