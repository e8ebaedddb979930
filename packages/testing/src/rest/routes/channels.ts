/**
 * Channel routes besides messages: the channel (get, edit, delete), permission overwrites, pins
 * (legacy `/pins` and the newer `/messages/pins`), typing, threads and thread members, invites.
 */
import { type APIOverwrite, ChannelType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import {
  addThreadMember,
  createThread,
  deleteChannel,
  removeThreadMember,
  setPinned,
  startTyping,
  updateChannel,
} from '../../actions/channels.js';
import { createInvite, deleteInvite } from '../../actions/guild-events.js';
import { postMessage } from '../../actions/messages.js';
import { isThread } from '../../world/guild-create.js';
import { botOf, channelFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { badRequest, unknown } from '../errors.js';
import { readMessageBody } from '../message-body.js';
import { type Router, respond } from '../router.js';
import { Checker } from '../validate.js';

/** Add the channel routes. */
export function addChannelRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const cid = (request: { params: Record<string, string> }) => request.params.channel_id!;

  router.add('GET', '/channels/:channel_id', (request) => channelFor(world, request, cid(request)).channel);

  router.add('PATCH', '/channels/:channel_id', (request) => {
    const { channel } = channelFor(world, request, cid(request));
    const permission = isThread(channel) ? P.ManageThreads : P.ManageChannels;
    const bot = botOf(request);
    const owner = (channel as { owner_id?: string }).owner_id === bot.id;
    if (!owner) channelFor(world, request, cid(request), permission);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 1, max: 100 });
    checker.string(['topic'], body.topic, { max: 1024 });
    checker.integer(['rate_limit_per_user'], body.rate_limit_per_user, { min: 0, max: 21600 });
    checker.done();
    return updateChannel(world, channel.id, body);
  });

  router.add('DELETE', '/channels/:channel_id', (request) => {
    const { channel, guild } = channelFor(world, request, cid(request));
    if (!guild) throw badRequest(50003, 'Cannot execute action on a DM channel');
    channelFor(world, request, cid(request), isThread(channel) ? P.ManageThreads : P.ManageChannels);
    return deleteChannel(world, channel.id);
  });

  router.add('PUT', '/channels/:channel_id/permissions/:overwrite_id', (request) => {
    const { channel } = channelFor(world, request, cid(request), P.ManageRoles);
    const body = objectBody(request);
    const holder = channel as { permission_overwrites?: APIOverwrite[] };
    holder.permission_overwrites ??= [];
    const overwrites = holder.permission_overwrites;
    const id = request.params.overwrite_id!;
    const overwrite = {
      id,
      type: Number(body.type ?? 0),
      allow: String(body.allow ?? '0'),
      deny: String(body.deny ?? '0'),
    } as APIOverwrite;
    const at = overwrites.findIndex((o) => o.id === id);
    if (at >= 0) overwrites[at] = overwrite;
    else overwrites.push(overwrite);
    updateChannel(world, channel.id, {});
    return respond(204);
  });

  router.add('DELETE', '/channels/:channel_id/permissions/:overwrite_id', (request) => {
    const { channel } = channelFor(world, request, cid(request), P.ManageRoles);
    const holder = channel as { permission_overwrites?: APIOverwrite[] };
    holder.permission_overwrites = (holder.permission_overwrites ?? []).filter(
      (o) => o.id !== request.params.overwrite_id,
    );
    updateChannel(world, channel.id, {});
    return respond(204);
  });

  const listPins = (request: Parameters<Parameters<Router['add']>[2]>[0]) => {
    const { channel } = channelFor(world, request, cid(request), P.ReadMessageHistory);
    const store = world.messagesOf(channel.id);
    return (world.stores.pins.get(channel.id) ?? []).flatMap((id) => {
      const m = store.get(id);
      return m ? [m] : [];
    });
  };
  router.add('GET', '/channels/:channel_id/pins', listPins);
  router.add('GET', '/channels/:channel_id/messages/pins', (request) => ({
    items: listPins(request).map((message) => ({
      pinned_at: world.stores.pinnedAt.get(message.id) ?? message.timestamp,
      message,
    })),
    has_more: false,
  }));
  for (const base of ['/channels/:channel_id/pins/:message_id', '/channels/:channel_id/messages/pins/:message_id']) {
    for (const [method, pinned] of [
      ['PUT', true],
      ['DELETE', false],
    ] as const) {
      router.add(method, base, (request) => {
        const { channel } = channelFor(world, request, cid(request), P.PinMessages | P.ViewChannel);
        if (!setPinned(world, channel.id, request.params.message_id!, pinned, botOf(request).user))
          throw unknown('message');
        return respond(204);
      });
    }
  }

  router.add('POST', '/channels/:channel_id/typing', (request) => {
    const bot = botOf(request);
    const { channel } = channelFor(world, request, cid(request), P.SendMessages);
    startTyping(world, channel.id, bot.id);
    return respond(204);
  });

  const threadBody = (body: Record<string, unknown>) => {
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 1, max: 100, required: true });
    checker.done();
    return {
      name: String(body.name),
      ...(body.auto_archive_duration ? { autoArchiveDuration: Number(body.auto_archive_duration) } : {}),
    };
  };
  router.add('POST', '/channels/:channel_id/threads', (request) => {
    const bot = botOf(request);
    const { channel } = channelFor(world, request, cid(request), P.CreatePublicThreads);
    const body = objectBody(request);
    const forum = channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia;
    if (!forum) {
      const type = (body.type as ChannelType | undefined) ?? ChannelType.PrivateThread;
      return respond(201, createThread(world, channel.id, bot.id, { ...threadBody(body), type }));
    }
    // A forum post: a public thread opened by its first message, which the body must carry.
    const fields = readMessageBody(world, request, (body.message ?? {}) as Record<string, unknown>, {
      create: true,
      restUrl: ctx.restUrl(),
    });
    const thread = createThread(world, channel.id, bot.id, { ...threadBody(body), type: ChannelType.PublicThread });
    if (Array.isArray(body.applied_tags))
      (thread as { applied_tags?: string[] }).applied_tags = body.applied_tags.map(String);
    // The post's first message has the thread's id, as on Discord (`thread.fetchStarterMessage()`).
    const message = postMessage(world, thread.id, bot.user, { ...fields, id: thread.id });
    return respond(201, { ...thread, message });
  });
  router.add('POST', '/channels/:channel_id/messages/:message_id/threads', (request) => {
    const bot = botOf(request);
    const { channel } = channelFor(world, request, cid(request), P.CreatePublicThreads);
    if (!world.messagesOf(channel.id).get(request.params.message_id!)) throw unknown('message');
    const type =
      channel.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
    const thread = createThread(world, channel.id, bot.id, {
      ...threadBody(objectBody(request)),
      type,
      messageId: request.params.message_id!,
    });
    return respond(201, thread);
  });

  router.add('GET', '/channels/:channel_id/thread-members', (request) => {
    const { channel, guild } = channelFor(world, request, cid(request));
    return [...(guild?.threadMembers.get(channel.id)?.values() ?? [])];
  });
  router.add('GET', '/channels/:channel_id/thread-members/:user_id', (request) => {
    const { channel, guild } = channelFor(world, request, cid(request));
    const member = guild?.threadMembers.get(channel.id)?.get(request.params.user_id!);
    if (!member) throw unknown('member');
    return member;
  });
  for (const who of ['@me', ':user_id']) {
    router.add('PUT', `/channels/:channel_id/thread-members/${who}`, (request) => {
      const { channel } = channelFor(world, request, cid(request), who === '@me' ? 0n : P.SendMessagesInThreads);
      const userId = who === '@me' ? botOf(request).id : request.params.user_id!;
      if (!isThread(channel)) throw badRequest(50024, 'Cannot execute action on this channel type');
      addThreadMember(world, channel.id, userId);
      return respond(204);
    });
    router.add('DELETE', `/channels/:channel_id/thread-members/${who}`, (request) => {
      const { channel } = channelFor(world, request, cid(request), who === '@me' ? 0n : P.ManageThreads);
      const userId = who === '@me' ? botOf(request).id : request.params.user_id!;
      removeThreadMember(world, channel.id, userId);
      return respond(204);
    });
  }

  router.add('POST', '/channels/:channel_id/invites', (request) => {
    const bot = botOf(request);
    const { channel } = channelFor(world, request, cid(request), P.CreateInstantInvite);
    const body = objectBody(request, false);
    const checker = new Checker();
    checker.integer(['max_age'], body.max_age, { min: 0, max: 604800 });
    checker.integer(['max_uses'], body.max_uses, { min: 0, max: 100 });
    checker.done();
    const invite = createInvite(world, channel.id, bot.id, {
      ...(body.max_age !== undefined ? { maxAge: Number(body.max_age) } : {}),
      ...(body.max_uses !== undefined ? { maxUses: Number(body.max_uses) } : {}),
      ...(body.temporary !== undefined ? { temporary: Boolean(body.temporary) } : {}),
    });
    return world.stores.invites.get(invite.code);
  });
  router.add('GET', '/channels/:channel_id/invites', (request) => {
    const { channel } = channelFor(world, request, cid(request), P.ManageChannels);
    return [...world.stores.invites.values()].filter((i) => i.channel?.id === channel.id);
  });
  router.add(
    'GET',
    '/invites/:code',
    (request) => {
      const invite = world.stores.invites.get(request.params.code!);
      if (!invite) throw unknown('invite');
      return invite;
    },
    { auth: 'optional' },
  );
  router.add('DELETE', '/invites/:code', (request) => {
    const invite = world.stores.invites.get(request.params.code!);
    if (!invite) throw unknown('invite');
    if (invite.channel) channelFor(world, request, invite.channel.id, P.ManageChannels);
    deleteInvite(world, invite.code);
    return invite;
  });
}
