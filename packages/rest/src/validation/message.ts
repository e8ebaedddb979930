/**
 * Message bodies (channel messages, webhook executions, interaction responses and follow-ups):
 * `content` up to 2000 characters, embeds, components, files and `allowed_mentions`, checked before
 * the request so a bad message fails with the field's path instead of a 50035 from Discord.
 */
import type { RestLikeFile } from '../generated/rest-like.js';
import { at, checkCount, checkText, type Fields, fail, isFields, requireArray, requireFields } from './check.js';
import { isComponentsV2, validateMessageComponents } from './components.js';
import { validateEmbeds } from './embeds.js';
import { validateAttachments, validateFiles } from './files.js';
import { limits } from './limits.js';

const mentionTypes: ReadonlySet<unknown> = new Set(['roles', 'users', 'everyone']);

/** Validate the body of a new message (`messageCreate`, `webhookMessageCreate`, follow-ups). */
export function validateMessageCreate(body: unknown, files?: readonly RestLikeFile[], path = ''): void {
  const message = requireFields(body, path || 'body');
  validateMessageFields(message, path);
  validateFiles(files, at(path, 'files'));
  validateAttachments(message.attachments, files, at(path, 'attachments'));
  if (message.nonce !== undefined && typeof message.nonce === 'string') {
    checkText(message.nonce, at(path, 'nonce'), 0, limits.nonceLength);
  }
  const hasAttachments = (files?.length ?? 0) > 0 || nonEmpty(message.attachments);
  const empty =
    !nonEmptyText(message.content) &&
    !nonEmpty(message.embeds) &&
    !nonEmpty(message.components) &&
    !nonEmpty(message.sticker_ids) &&
    message.poll === undefined &&
    !hasAttachments;
  if (empty) {
    fail(path || 'body', 'a message needs content, embeds, components, stickers, a poll or files; all are empty');
  }
}

/** Validate the body of a message edit (`messageEdit`, webhook and interaction response edits). */
export function validateMessageEdit(body: unknown, files?: readonly RestLikeFile[], path = ''): void {
  const message = requireFields(body, path || 'body');
  validateMessageFields(message, path);
  validateFiles(files, at(path, 'files'));
  validateAttachments(message.attachments, files, at(path, 'attachments'));
}

function validateMessageFields(message: Fields, path: string): void {
  checkText(message.content, at(path, 'content'), 0, limits.contentLength);
  validateEmbeds(message.embeds, at(path, 'embeds'));
  validateMessageComponents(message.components, message.flags, at(path, 'components'));
  if (isComponentsV2(message.flags)) {
    if (nonEmptyText(message.content)) {
      fail(
        at(path, 'content'),
        'a Components V2 message (flag 1 << 15) cannot have content; use a text display (type 10)',
      );
    }
    if (nonEmpty(message.embeds)) {
      fail(at(path, 'embeds'), 'a Components V2 message (flag 1 << 15) cannot have embeds; use a container (type 17)');
    }
  }
  if (message.allowed_mentions !== undefined && message.allowed_mentions !== null) {
    validateAllowedMentions(message.allowed_mentions, at(path, 'allowed_mentions'));
  }
}

/**
 * `allowed_mentions`: `parse` lists only `roles`, `users`, `everyone`; `users` / `roles` id lists hold
 * at most 100 ids and cannot be combined with the same type in `parse`.
 */
export function validateAllowedMentions(value: unknown, path = 'allowed_mentions'): void {
  const mentions = requireFields(value, path);
  const parse = mentions.parse === undefined ? [] : requireArray(mentions.parse, at(path, 'parse'));
  parse.forEach((type, index) => {
    if (!mentionTypes.has(type))
      fail(at(at(path, 'parse'), index), `must be 'roles', 'users' or 'everyone', got ${String(type)}`);
  });
  for (const key of ['users', 'roles'] as const) {
    const ids = checkCount(mentions[key], at(path, key), 0, limits.allowedMentionIds);
    if (ids.length > 0 && parse.includes(key)) {
      fail(at(path, key), `lists ${key} while parse also has '${key}'; use one or the other`);
    }
    ids.forEach((id, index) => {
      if (typeof id !== 'string') fail(at(at(path, key), index), 'must be a snowflake string');
    });
  }
  if (mentions.replied_user !== undefined && typeof mentions.replied_user !== 'boolean') {
    fail(at(path, 'replied_user'), 'must be a boolean');
  }
}

function nonEmptyText(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isFields(value);
}
