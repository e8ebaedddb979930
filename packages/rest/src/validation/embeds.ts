/**
 * Embed limits: at most 10 embeds per message, per-field lengths, at most 25 fields, and 6000
 * characters across all embeds of one message (title, description, field names and values, footer
 * text, author name).
 */
import { at, checkCount, checkText, fail, requireFields, requireText } from './check.js';
import { limits } from './limits.js';

/** Validate a message's `embeds` array at `path`. */
export function validateEmbeds(embeds: unknown, path = 'embeds'): void {
  const items = checkCount(embeds, path, 0, limits.embeds);
  let total = 0;
  for (let index = 0; index < items.length; index++) {
    total += validateEmbed(items[index], at(path, index));
  }
  if (total > limits.embedTotal) {
    fail(path, `embeds may hold at most ${limits.embedTotal} characters in total, got ${total}`);
  }
}

/** Validate one embed; returns the characters it counts towards the 6000 total. */
export function validateEmbed(value: unknown, path = 'embed'): number {
  const embed = requireFields(value, path);
  let total = checkText(embed.title, at(path, 'title'), 0, limits.embedTitle);
  total += checkText(embed.description, at(path, 'description'), 0, limits.embedDescription);
  if (embed.footer !== undefined && embed.footer !== null) {
    const footer = requireFields(embed.footer, at(path, 'footer'));
    total += checkText(footer.text, at(path, 'footer.text'), 0, limits.embedFooterText);
  }
  if (embed.author !== undefined && embed.author !== null) {
    const author = requireFields(embed.author, at(path, 'author'));
    total += checkText(author.name, at(path, 'author.name'), 0, limits.embedAuthorName);
  }
  const fields = checkCount(embed.fields, at(path, 'fields'), 0, limits.embedFields);
  for (let index = 0; index < fields.length; index++) {
    const fieldPath = at(at(path, 'fields'), index);
    const field = requireFields(fields[index], fieldPath);
    total += requireText(field.name, at(fieldPath, 'name'), 1, limits.embedFieldName).length;
    total += requireText(field.value, at(fieldPath, 'value'), 1, limits.embedFieldValue).length;
  }
  return total;
}
