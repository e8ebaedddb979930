/**
 * Starting a thread: `POST /channels/{id}/threads`. In a forum or media channel the body carries the
 * thread's first message under `message`, checked like any message create (paths `message.content`...).
 */
import type { RestLikeFile } from '../generated/rest-like.js';
import { requireFields, requireText } from './check.js';
import { validateMessageCreate } from './message.js';

/** Thread names are 1..100 characters. */
const THREAD_NAME_MAX = 100;

/**
 * Check a thread create body before sending: `name` (1..100 characters) and, for a forum or media
 * post, its first `message` (content, embeds, components, files). Throws `ValidationError` with the
 * field's path.
 */
export function validateThreadCreate(body: unknown, files?: readonly RestLikeFile[]): void {
  const thread = requireFields(body, 'body');
  requireText(thread.name, 'name', 1, THREAD_NAME_MAX);
  if (thread.message !== undefined) validateMessageCreate(thread.message, files, 'message');
}
