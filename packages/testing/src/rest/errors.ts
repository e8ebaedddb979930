/**
 * Discord's REST errors as the fake sends them: a status and a JSON body `{code, message, errors?}`
 * with Discord's JSON error codes. A 50035 carries `errors` mirroring the JSON path of the request
 * body, each leaf `{_errors: [{code, message}]}`. Route handlers throw {@link HttpError}; the server
 * turns it into the response.
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** One field error of a 50035 (`BASE_TYPE_MAX_LENGTH`, `BASE_TYPE_REQUIRED`...). */
export interface FieldError {
  /** The field's path in the body, as keys and array indices (`['embeds', 0, 'title']`). */
  path: readonly (string | number)[];
  /** Discord's error code for the field (`BASE_TYPE_REQUIRED`…). */
  code: string;
  /** What is wrong with it. */
  message: string;
}

/** An error response of the fake REST API. */
export class HttpError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body: Discord's error code, message and field errors. */
  readonly body: { code: number; message: string; errors?: unknown };
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  constructor(status: number, code: number, message: string, errors?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.body = errors === undefined ? { code, message } : { code, message, errors };
    this.headers = headers;
  }
}

/** 401 for a missing or bad token. */
export function unauthorized(): HttpError {
  return new HttpError(401, 0, '401: Unauthorized');
}

/** 404 for a path no route matches. */
export function notFound(): HttpError {
  return new HttpError(404, 0, '404: Not Found');
}

/** 405 for a known path with another method. */
export function methodNotAllowed(): HttpError {
  return new HttpError(405, 0, '405: Method Not Allowed');
}

/** 404 Unknown <thing> with its Discord code. */
export function unknown(what: UnknownKind): HttpError {
  const [code, message] = UNKNOWN[what];
  return new HttpError(404, code, message);
}

const UNKNOWN = {
  channel: [RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'],
  guild: [RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'],
  member: [RESTJSONErrorCodes.UnknownMember, 'Unknown Member'],
  message: [RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'],
  role: [RESTJSONErrorCodes.UnknownRole, 'Unknown Role'],
  user: [RESTJSONErrorCodes.UnknownUser, 'Unknown User'],
  webhook: [RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'],
  emoji: [RESTJSONErrorCodes.UnknownEmoji, 'Unknown Emoji'],
  ban: [RESTJSONErrorCodes.UnknownBan, 'Unknown Ban'],
  command: [RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'],
  interaction: [RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'],
  application: [RESTJSONErrorCodes.UnknownApplication, 'Unknown Application'],
  invite: [RESTJSONErrorCodes.UnknownInvite, 'Unknown Invite'],
  sticker: [RESTJSONErrorCodes.UnknownSticker, 'Unknown Sticker'],
  stageInstance: [RESTJSONErrorCodes.UnknownStageInstance, 'Unknown Stage Instance'],
  scheduledEvent: [RESTJSONErrorCodes.UnknownGuildScheduledEvent, 'Unknown Guild Scheduled Event'],
  entitlement: [RESTJSONErrorCodes.UnknownEntitlement, 'Unknown Entitlement'],
  soundboardSound: [RESTJSONErrorCodes.UnknownSound, 'Unknown Sound'],
  integration: [RESTJSONErrorCodes.UnknownIntegration, 'Unknown Integration'],
} as const satisfies Record<string, readonly [number, string]>;

/** What an unknown-id 404 can be about. */
export type UnknownKind = keyof typeof UNKNOWN;

/** 403 50001 Missing Access: the bot cannot see the resource. */
export function missingAccess(): HttpError {
  return new HttpError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
}

/** 403 50013 Missing Permissions. */
export function missingPermissions(): HttpError {
  return new HttpError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
}

/** 400 50035 Invalid Form Body with Discord's nested `errors` built from field errors. */
export function invalidFormBody(fields: readonly FieldError[]): HttpError {
  const errors: Record<string, unknown> = {};
  for (const field of fields) {
    let node = errors;
    for (const key of field.path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    node._errors ??= [];
    const list = node._errors as { code: string; message: string }[];
    list.push({ code: field.code, message: field.message });
  }
  return new HttpError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors);
}

/** A 400 with a Discord code and message (50006 empty message, 50005 someone else's message...). */
export function badRequest(code: number, message: string): HttpError {
  return new HttpError(400, code, message);
}
