/** Upload limits: at most 10 files per message, each within the upload size limit (10 MiB by default). */
import { ACCEPTED_DATA, fileDataKind, readySize } from '../files.js';
import type { RestLikeFile } from '../generated/rest-like.js';
import { at, fail, requireArray, requireFields } from './check.js';
import { currentFileSizeLimit, limits } from './limits.js';

/** Validate the files sent with a message (`files[n]` parts). */
export function validateFiles(files: readonly RestLikeFile[] | undefined, path = 'files'): void {
  if (files === undefined) return;
  if (!Array.isArray(files)) fail(path, 'must be an array of { name, data } files');
  if (files.length > limits.files) fail(path, `at most ${limits.files} files per message, got ${files.length}`);
  const maximum = currentFileSizeLimit();
  for (let index = 0; index < files.length; index++) {
    const filePath = at(path, index);
    const file = requireFields(files[index], filePath);
    if (typeof file.name !== 'string' || file.name.length === 0) fail(at(filePath, 'name'), 'must be a file name');
    if (fileDataKind(file.data) === undefined) fail(at(filePath, 'data'), ACCEPTED_DATA);
    // A stream's or a path's size is known once read; the reader stops at the limit (files.ts).
    const size = readySize(file.data);
    if (size !== undefined && size > maximum) {
      fail(filePath, `${file.name} is ${size} bytes; the upload limit is ${maximum} bytes (configureValidation)`);
    }
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * `attachments[]` beside uploads: an entry whose `id` is a snowflake keeps an existing attachment; any
 * other `id` is the index n of a new upload and needs a part `files[n]` (Discord matches them by id).
 * Not checked when a file is sent under a custom part name (`key`).
 */
export function validateAttachments(
  attachments: unknown,
  files: readonly RestLikeFile[] | undefined,
  path = 'attachments',
): void {
  if (attachments === undefined || attachments === null) return;
  const items = requireArray(attachments, path);
  const count = files?.length ?? 0;
  if (files?.some((file) => (file as { key?: unknown }).key !== undefined)) return;
  const uploads = new Set<number>();
  items.forEach((item, index) => {
    const idPath = at(at(path, index), 'id');
    const id = requireFields(item, at(path, index)).id;
    if (typeof id === 'string' && SNOWFLAKE.test(id)) return;
    const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : Number.NaN;
    if (!Number.isInteger(n) || n < 0) {
      fail(idPath, `must be an existing attachment's id or the index of a file sent with it, got ${String(id)}`);
    }
    if (n >= count) {
      fail(idPath, `refers to files[${n}], but ${count === 0 ? 'no file is' : `only ${count} files are`} sent`);
    }
    if (uploads.has(n)) fail(idPath, `files[${n}] is already described by another attachment`);
    uploads.add(n);
  });
}
