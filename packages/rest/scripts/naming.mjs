/**
 * Hata-style method names for Discord's HTTP operations: `<resource><Verb>`, e.g. `messageCreate`,
 * `guildEdit`, `channelMessagesGet`.
 *
 * The rule, applied to the path template:
 * 1. Every literal segment becomes a word (kebab-case joins into one camel word). A literal followed by a
 *    parameter names one item, so it is singularized (`guilds/{guild_id}` -> `guild`); a literal that is
 *    not followed by a parameter keeps Discord's spelling (`.../messages` -> `messages`).
 * 2. `X/@me` reads as "current X" (`users/@me` -> `currentUser`), `messages/@original` as
 *    `originalMessage`.
 * 3. Messages are a resource of their own in hata, so a leading `channel` before `message` is dropped
 *    (`/channels/{c}/messages/{m}` -> `message`), but kept before the plural
 *    (`/channels/{c}/messages` -> `channelMessages`).
 * 4. The verb comes from the HTTP method: GET -> Get, PATCH -> Edit, DELETE -> Delete, POST -> Create
 *    (the last word of a POST to a collection is singularized: POST `.../roles` -> `guildRoleCreate`),
 *    PUT -> Add on an item (`guildMemberAdd`), Edit on anything else.
 *
 * 5. Interactions answer through webhook routes called with the application id and the interaction token
 *    (`/webhooks/{application_id}/{interaction_token}/...`), so those routes also read as one
 *    interaction family taking `(application, interactionToken, ...)`; see `interactionName`.
 *
 * The rule is wrong for actions (`crosspost`, `typing`), for routes with two readings of one word, and
 * for a few names hata users know by heart; `overrides` fixes those. Every name must be unique; the
 * generator fails otherwise.
 */

/** operationId -> method name, where the rule above reads badly or collides. */
export const overrides = {
  // applications
  bulk_set_application_commands: 'applicationCommandsOverwrite',
  bulk_set_guild_application_commands: 'applicationGuildCommandsOverwrite',
  upload_application_attachment: 'applicationAttachmentUpload',
  consume_entitlement: 'applicationEntitlementConsume',
  get_application_role_connections_metadata: 'applicationRoleConnectionMetadataGet',
  update_application_role_connections_metadata: 'applicationRoleConnectionMetadataEdit',
  // channels
  follow_channel: 'channelFollow',
  bulk_delete_messages: 'messageDeleteMultiple',
  list_pins: 'channelPinsGet',
  create_pin: 'channelPinAdd',
  delete_pin: 'channelPinDelete',
  deprecated_list_pins: 'channelPinsGetDeprecated',
  deprecated_create_pin: 'channelPinAddDeprecated',
  deprecated_delete_pin: 'channelPinDeleteDeprecated',
  crosspost_message: 'messageCrosspost',
  list_message_reactions_by_emoji: 'messageReactionUsersGet',
  delete_all_message_reactions_by_emoji: 'messageReactionEmojiDelete',
  add_my_message_reaction: 'messageReactionAdd',
  delete_my_message_reaction: 'messageReactionDeleteOwn',
  create_thread_from_message: 'threadCreateFromMessage',
  create_thread: 'threadCreate',
  set_channel_permission_overwrite: 'channelPermissionOverwriteEdit',
  delete_channel_permission_overwrite: 'channelPermissionOverwriteDelete',
  get_answer_voters: 'pollAnswerVotersGet',
  poll_expire: 'pollExpire',
  add_group_dm_user: 'channelGroupUserAdd',
  delete_group_dm_user: 'channelGroupUserDelete',
  send_soundboard_sound: 'soundboardSoundSend',
  list_thread_members: 'threadMembersGet',
  join_thread: 'threadJoin',
  leave_thread: 'threadLeave',
  get_thread_member: 'threadMemberGet',
  add_thread_member: 'threadMemberAdd',
  delete_thread_member: 'threadMemberDelete',
  list_my_private_archived_threads: 'channelThreadsArchivedPrivateSelfGet',
  thread_search: 'channelThreadsSearch',
  trigger_typing_indicator: 'channelTypingTrigger',
  create_webhook: 'webhookCreate',
  create_dm: 'channelPrivateCreate',
  // gateway
  // guilds
  get_guild_template: 'guildTemplateGet',
  sync_guild_template: 'guildTemplateSync',
  bulk_ban_users_from_guild: 'guildBanAddMultiple',
  search_guild_members: 'guildMembersSearch',
  guild_search: 'guildMessagesSearch',
  get_guild_join_requests: 'guildJoinRequestsGet',
  action_guild_join_request: 'guildJoinRequestEdit',
  list_guild_voice_regions: 'guildVoiceRegionsGet',
  preview_prune_guild: 'guildPruneEstimate',
  prune_guild: 'guildPrune',
  guild_role_member_counts: 'guildRoleMemberCountsGet',
  count_guild_scheduled_event_users: 'guildScheduledEventUsersCountGet',
  list_guild_scheduled_event_exception_users: 'guildScheduledEventExceptionUsersGet',
  get_guild_widget_settings: 'guildWidgetSettingsGet',
  update_guild_widget_settings: 'guildWidgetSettingsEdit',
  get_guild_widget: 'guildWidgetGet',
  get_guild_widget_png: 'guildWidgetImageGet',
  // invites
  // lobbies
  create_or_join_lobby: 'lobbyCreateOrJoin',
  edit_lobby_channel_link: 'lobbyChannelLinkEdit',
  leave_lobby: 'lobbyLeave',
  create_linked_lobby_guild_invite_for_self: 'lobbyGuildInviteCreateSelf',
  create_linked_lobby_guild_invite_for_user: 'lobbyGuildInviteCreate',
  bulk_update_lobby_members: 'lobbyMembersEdit',
  // oauth2
  get_my_oauth2_authorization: 'oauth2CurrentAuthorizationGet',
  get_openid_connect_userinfo: 'oauth2UserInfoGet',
  // partner sdk
  update_user_message_external_moderation_metadata: 'privateMessageModerationMetadataEdit',
  partner_sdk_unmerge_provisional_account: 'partnerSdkProvisionalAccountUnmerge',
  bot_partner_sdk_unmerge_provisional_account: 'partnerSdkProvisionalAccountUnmergeBot',
  bot_partner_sdk_token: 'partnerSdkTokenCreateBot',
  // misc
  leave_guild: 'guildLeave',
  get_webhook_by_token: 'webhookGetToken',
  delete_webhook_by_token: 'webhookDeleteToken',
  update_webhook_by_token: 'webhookEditToken',
  execute_webhook: 'webhookMessageCreate',
  execute_github_compatible_webhook: 'webhookMessageCreateGithub',
  execute_slack_compatible_webhook: 'webhookMessageCreateSlack',
};

const verbs = { get: 'Get', patch: 'Edit', delete: 'Delete', post: 'Create' };

/** The name the rule gives an operation, before overrides. */
export function ruleName(method, path) {
  const segments = path.split('/').filter(Boolean);
  const words = [];
  let endsWithItem = false;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    const next = segments[index + 1];
    endsWithItem = false;
    if (isParameter(segment)) {
      endsWithItem = true;
      continue;
    }
    if (next === '@me') {
      words.push('current', singular(segment));
      index++;
      endsWithItem = true;
      continue;
    }
    if (segment === 'messages' && next === '@original') {
      words.push('original', 'message');
      index++;
      endsWithItem = true;
      continue;
    }
    words.push(next !== undefined && isParameter(next) ? singular(segment) : segment);
  }
  if (method === 'post' && !endsWithItem) words[words.length - 1] = singular(words[words.length - 1]);
  if (words[0] === 'channel' && words[1] === 'message') words.shift();
  let verb;
  if (method === 'put') verb = endsWithItem ? 'Add' : 'Edit';
  else verb = verbs[method];
  return camel(words) + verb;
}

/** The final name of an operation: the interaction family's when it owns the route, else the override, else the rule's. */
export function methodName(operationId, method, path) {
  const interaction = interactionName(method, path);
  if (interaction?.only) return interaction.name;
  return overrides[operationId] ?? ruleName(method, path);
}

const webhookToken = '/webhooks/{webhook_id}/{webhook_token}';
const interactionCallback = '/interactions/{interaction_id}/{interaction_token}/callback';

/**
 * The interaction family's name for a route an interaction is answered through, or `undefined`.
 * - POST `/interactions/{interaction_id}/{interaction_token}/callback` creates the response:
 *   `interactionResponseCreate(interaction, interactionToken, body)`.
 * Everything after it goes through the application's webhook:
 * - `.../messages/@original` is the original response: `interactionResponseGet/Edit/Delete`. Only
 *   interactions have one, so this is the operation's only name (`only: true`).
 * - POST on the webhook itself sends a follow-up, `.../messages/{message_id}` is one:
 *   `interactionFollowupCreate/Get/Edit/Delete`. Webhooks use the same routes, so these are second names
 *   (`only: false`) beside `webhookMessageCreate/Get/Edit/Delete`.
 * The methods take `(application, interactionToken, ...)`: `argumentNames` renames the path parameters.
 */
export function interactionName(method, path) {
  if (method === 'post' && path === interactionCallback) return { name: 'interactionResponseCreate', only: true };
  if (!path.startsWith(webhookToken)) return undefined;
  const rest = path.slice(webhookToken.length);
  const verb = verbs[method];
  if (rest === '/messages/@original' && verb) return { name: `interactionResponse${verb}`, only: true };
  if (rest === '' && method === 'post') return { name: 'interactionFollowupCreate', only: false };
  if (rest === '/messages/{message_id}' && verb) return { name: `interactionFollowup${verb}`, only: false };
  return undefined;
}

/** How the interaction family names the path parameters it shares with webhooks. */
export const interactionArgumentNames = { webhook_id: 'application', webhook_token: 'interactionToken' };

function isParameter(segment) {
  return segment.startsWith('{');
}

function singular(word) {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ss') || !word.endsWith('s')) return word;
  return word.slice(0, -1);
}

function camel(words) {
  const parts = words.flatMap((word) => word.replace(/[.@]/g, '-').split('-')).filter(Boolean);
  return parts.map((part, index) => (index === 0 ? part : part[0].toUpperCase() + part.slice(1))).join('');
}
