/**
 * Validation of a message body (create, edit, webhook execute, interaction responses) with Discord's
 * limits: content <= 2000 characters; at most 10 embeds, titles <= 256, descriptions <= 4096,
 * fields <= 25, 6000 characters across the embeds; at most 5 action rows (40 components with the
 * Components V2 flag); a nonce of at most 25 characters. A create with nothing to show is 50006.
 */
import {
  type APIAttachment,
  type APIEmbed,
  MessageFlags,
  MessageReferenceType,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import type { NewMessage } from '../actions/messages.js';
import type { World } from '../world/world.js';
import { badRequest, HttpError } from './errors.js';
import type { RestRequest } from './router.js';
import { Checker } from './validate.js';

/** Validate a message body; `create` requires something to show (else 50006). */
export function readMessageBody(
  world: World,
  request: RestRequest,
  body: Record<string, unknown>,
  options: { create: boolean; restUrl: string },
): NewMessage {
  const checker = new Checker();
  const message: NewMessage = {};
  if (checker.string(['content'], body.content, { max: 2000 })) message.content = body.content as string;
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (body.flags !== undefined && checker.integer(['flags'], body.flags, { min: 0 })) message.flags = flags;
  if (checker.array(['embeds'], body.embeds, { max: 10 })) {
    const embeds = body.embeds as APIEmbed[];
    let total = 0;
    embeds.forEach((embed, i) => {
      checker.string(['embeds', i, 'title'], embed.title, { max: 256 });
      checker.string(['embeds', i, 'description'], embed.description, { max: 4096 });
      checker.array(['embeds', i, 'fields'], embed.fields, { max: 25 });
      total +=
        (embed.title?.length ?? 0) +
        (embed.description?.length ?? 0) +
        (embed.footer?.text.length ?? 0) +
        (embed.author?.name.length ?? 0);
      for (const field of embed.fields ?? []) total += (field.name?.length ?? 0) + (field.value?.length ?? 0);
    });
    if (total > 6000) checker.fail(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    message.embeds = embeds.map((e) => ({ type: 'rich', ...e }) as APIEmbed);
  }
  const v2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  if (checker.array(['components'], body.components, { max: v2 ? 40 : 5 }))
    message.components = body.components as unknown[];
  if (body.nonce !== undefined) {
    if (typeof body.nonce === 'number' || checker.string(['nonce'], body.nonce, { max: 25 }))
      message.nonce = body.nonce as string | number;
  }
  if (body.tts === true) message.tts = true;
  readReference(world, request, body.message_reference, checker, message);
  if (body.poll !== undefined) message.poll = readPoll(world, body.poll) as NewMessage['poll'];
  const attachments = readAttachments(world, request, body, options.restUrl);
  if (attachments.length > 0) message.attachments = attachments;
  checker.done();
  if (options.create && v2 && (message.content || message.embeds?.length)) {
    throw badRequest(RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body');
  }
  const empty =
    !message.content &&
    !message.embeds?.length &&
    !message.components?.length &&
    !message.attachments?.length &&
    !message.poll &&
    !message.forward &&
    !body.sticker_ids;
  if (options.create && empty)
    throw badRequest(RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
  return message;
}

/**
 * `message_reference`: a reply (type DEFAULT, same channel) or a forward (type FORWARD, any channel,
 * `channel_id` required). An unknown message is 50035 MESSAGE_REFERENCE_UNKNOWN_MESSAGE unless
 * `fail_if_not_exists: false`, which posts a reply as a plain message.
 */
function readReference(
  world: World,
  request: RestRequest,
  value: unknown,
  checker: Checker,
  message: NewMessage,
): void {
  if (value === undefined || value === null) return;
  const reference = value as { type?: number; message_id?: string; channel_id?: string; fail_if_not_exists?: boolean };
  if (!checker.snowflake(['message_reference', 'message_id'], reference.message_id)) return;
  const messageId = String(reference.message_id);
  const forward = reference.type === MessageReferenceType.Forward;
  if (forward && !checker.snowflake(['message_reference', 'channel_id'], reference.channel_id, { required: true }))
    return;
  const channelId = forward ? String(reference.channel_id) : request.params.channel_id;
  if (!channelId) return;
  if (!world.messagesOf(channelId).get(messageId)) {
    if (!forward && reference.fail_if_not_exists === false) return;
    checker.fail(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    return;
  }
  if (forward) message.forward = { channelId, messageId };
  else message.replyTo = messageId;
}

/** Where the fake serves an uploaded file: Discord's CDN path, `/attachments/{channel}/{attachment}/{name}`. */
export function attachmentPath(channelId: string, attachmentId: string, filename: string): string {
  return `/attachments/${channelId}/${attachmentId}/${encodeURIComponent(filename)}`;
}

/** The channel an upload goes to: the route's channel, the webhook's, or the interaction's. */
function uploadChannel(world: World, request: RestRequest): string {
  const { channel_id: channelId, webhook_id: webhookId, webhook_token: token, interaction_token } = request.params;
  if (channelId) return channelId;
  const webhook = webhookId ? world.stores.webhooks.get(webhookId) : undefined;
  if (webhook?.channel_id) return webhook.channel_id;
  const interaction = world.stores.interactionsByToken.get(token ?? interaction_token ?? '');
  return interaction?.channelId ?? '0';
}

/** Discord's default upload limit per file. */
export const FILE_SIZE_LIMIT = 10 * 1024 * 1024;

/**
 * Uploaded parts `files[n]` become attachments; `attachments[]` entries of the body with `id: n`
 * give their filename and description. Over 10 MiB is 413 40005, like Discord.
 */
function readAttachments(
  world: World,
  request: RestRequest,
  body: Record<string, unknown>,
  restUrl: string,
): APIAttachment[] {
  const out: APIAttachment[] = [];
  const meta = new Map<string, { filename?: string; description?: string }>();
  if (Array.isArray(body.attachments)) {
    for (const entry of body.attachments as { id?: unknown; filename?: string; description?: string }[]) {
      if (entry && entry.id !== undefined) meta.set(String(entry.id), entry);
    }
  }
  for (const [part, file] of request.files) {
    if (file.data.length > FILE_SIZE_LIMIT)
      throw new HttpError(413, RESTJSONErrorCodes.RequestEntityTooLarge, 'Request entity too large');
    const index = /^files\[(\d+)\]$/.exec(part)?.[1] ?? part;
    const info = meta.get(index);
    const filename = info?.filename ?? file.name;
    const id = world.nextId();
    const contentType = file.type || 'application/octet-stream';
    world.stores.attachmentFiles.set(id, { filename, contentType, data: file.data });
    const url = `${restUrl.replace(/\/api\/v10$/, '')}${attachmentPath(uploadChannel(world, request), id, filename)}`;
    out.push({
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: contentType,
      ...(info?.description ? { description: info.description } : {}),
    } as APIAttachment);
  }
  return out;
}

function readPoll(world: World, poll: unknown): unknown {
  const p = poll as {
    question?: { text?: string };
    answers?: { poll_media: unknown }[];
    duration?: number;
    allow_multiselect?: boolean;
    layout_type?: number;
  };
  const hours = p.duration ?? 24;
  return {
    question: p.question ?? { text: '' },
    answers: (p.answers ?? []).map((a, i) => ({ answer_id: i + 1, poll_media: a.poll_media })),
    expiry: new Date(world.clock.now() + hours * 3_600_000).toISOString(),
    allow_multiselect: p.allow_multiselect ?? false,
    layout_type: p.layout_type ?? 1,
    results: { is_finalized: false, answer_counts: [] },
  };
}
