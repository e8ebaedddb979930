/** Upload limits: at most 10 files per message, each within the upload size limit (10 MiB by default). */
import type { RestLikeFile } from '../generated/rest-like.js';
import { at, fail, requireFields } from './check.js';
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
    const size = byteSize(file.data);
    if (size === undefined) fail(at(filePath, 'data'), 'must be a Uint8Array, ArrayBuffer, Blob or string');
    if (size > maximum) {
      fail(filePath, `${file.name} is ${size} bytes; the upload limit is ${maximum} bytes (configureValidation)`);
    }
  }
}

function byteSize(data: unknown): number | undefined {
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return data.byteLength;
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return undefined;
}
