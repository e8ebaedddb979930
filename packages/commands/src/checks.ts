/**
 * Checks: conditions a message must meet before a command runs (owner only, server only, roles,
 * permissions, NSFW channel, your own), composable with `check.and`, `check.or` and `check.not`.
 * A failed check answers its `reply` (a default per kind, or your text) or, with `reply: null`,
 * stays silent. Permissions are computed through `channel.permissionsFor(member)`, overwrites and
 * timeouts included, at the extension's clock's time.
 */
import { type GuildMember, type KokoroClient, type Message, PermissionFlagsBits, type Role } from '@kokoro/core';
import { CommandDefinitionError } from './errors.js';

/** A role as a check takes it: its id or name, or the role. */
export type RoleLike = string | Pick<Role, 'id' | 'name'>;

/** What a check sees. */
export interface CheckContext {
  /** The client that received the message. */
  readonly client: KokoroClient;
  /** The message that invoked the command. */
  readonly message: Message;
  /** The time now, on the extension's clock (ms). */
  readonly now: number;
  /** Whether a user owns the bot (the `owners` option, else the application's owner or team). */
  isOwner(userId: string): Promise<boolean>;
}

/** Why a check failed: what it asks for, and the reply (null for none). */
export interface CheckFailure {
  /** What the check asks for, as help shows it (`needs the Kick Members permission`). */
  readonly description: string;
  /** What to answer the user; null stays silent. */
  readonly reply: string | null;
}

/** A check. `evaluate` resolves to undefined when the message passes. */
export interface Check {
  /** What it asks for, for help (`server only`, `needs Manage Messages`). */
  readonly description: string;
  /** Run the check on a message: undefined when it passes, else why not. */
  evaluate(context: CheckContext): Promise<CheckFailure | undefined>;
}

/** Options of every check. */
export interface CheckOptions {
  /** What to answer when it fails; `null` stays silent. Default: a sentence per kind. */
  reply?: string | null;
  /** What help shows for it. */
  description?: string;
}

/**
 * A check from a test; the building block of every kind below. With `needsGuild`, a message
 * outside a server fails with the server-only reply before the test runs.
 */
function leaf(
  description: string,
  defaultReply: string,
  options: CheckOptions,
  test: (context: CheckContext) => boolean | Promise<boolean>,
  needsGuild = false,
): Check {
  const failure: CheckFailure = {
    description: options.description ?? description,
    reply: options.reply === undefined ? defaultReply : options.reply,
  };
  return {
    description: failure.description,
    async evaluate(context) {
      if (needsGuild && !context.message.guild) return GUILD_ONLY;
      return (await test(context)) ? undefined : failure;
    },
  };
}

const GUILD_ONLY: CheckFailure = { description: 'server only', reply: 'This command works only in a server.' };

/** `ManageMessages` -> `Manage Messages`, for every bit set in `bits`. */
export function permissionNames(bits: bigint): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(PermissionFlagsBits)) {
    if (bits & bit) names.push(name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/V A D/, 'VAD'));
  }
  return names;
}

function permissionBits(permissions: bigint | readonly (keyof typeof PermissionFlagsBits)[]): bigint {
  if (typeof permissions === 'bigint') return permissions;
  if (!Array.isArray(permissions)) {
    throw new CommandDefinitionError('a permissions check takes a bigint or a list of PermissionFlagsBits names');
  }
  let bits = 0n;
  for (const name of permissions) {
    const bit = PermissionFlagsBits[name as keyof typeof PermissionFlagsBits] as bigint | undefined;
    if (bit === undefined)
      throw new CommandDefinitionError(`unknown permission "${String(name)}"; use PermissionFlagsBits names`);
    bits |= bit;
  }
  return bits;
}

async function memberOf(context: CheckContext, userId: string): Promise<GuildMember | undefined> {
  const guild = context.message.guild;
  if (!guild) return undefined;
  const cached = guild.members.get(userId);
  if (cached) return cached;
  try {
    return await context.client.guildMemberGet(guild, userId);
  } catch {
    return undefined;
  }
}

function permissionCheck(
  who: 'user' | 'bot',
  permissions: bigint | readonly (keyof typeof PermissionFlagsBits)[],
  options: CheckOptions,
): Check {
  const bits = permissionBits(permissions);
  const names = permissionNames(bits).join(', ');
  const description = who === 'user' ? `needs ${names}` : `the bot needs ${names}`;
  const reply =
    who === 'user' ? `You need the ${names} permission(s) here.` : `I need the ${names} permission(s) here.`;
  return leaf(
    description,
    reply,
    options,
    async (context) => {
      const member = await memberOf(context, who === 'user' ? context.message.author.id : context.client.id);
      return member !== undefined && (context.message.channel.permissionsFor(member, context.now) & bits) === bits;
    },
    true,
  );
}

/** The checks. */
export const check = {
  /** Only the bot's owners (the `owners` option, else the application's owner or team members). */
  ownerOnly(options: CheckOptions = {}): Check {
    return leaf('owner only', 'Only the owner of this bot can use this command.', options, (context) =>
      context.isOwner(context.message.author.id),
    );
  },
  /** Only in a server. */
  guildOnly(options: CheckOptions = {}): Check {
    return leaf('server only', GUILD_ONLY.reply!, options, (context) => context.message.guild !== null);
  },
  /** Only in direct messages. */
  dmOnly(options: CheckOptions = {}): Check {
    return leaf(
      'DM only',
      'This command works only in direct messages.',
      options,
      (context) => context.message.guild === null,
    );
  },
  /** Only in an age-restricted (NSFW) channel (a thread counts as its parent). */
  nsfwChannel(options: CheckOptions = {}): Check {
    return leaf('NSFW channel only', 'This command works only in an age-restricted channel.', options, (context) => {
      const channel = context.message.channel;
      return (channel.isThread ? (channel.parent ?? channel) : channel).nsfw;
    });
  },
  /**
   * The author has the roles (ids, `Role`s or names): any one of them, or all with `all: true`.
   * Fails outside servers.
   */
  hasRoles(roles: RoleLike | readonly RoleLike[], options: CheckOptions & { all?: boolean } = {}): Check {
    const list = (Array.isArray(roles) ? roles : [roles]) as readonly RoleLike[];
    if (list.length === 0 || !list.every((role) => typeof role === 'string' || typeof role?.id === 'string')) {
      throw new CommandDefinitionError('check.hasRoles needs one or more roles (ids, Role objects or names)');
    }
    const labels = list.map((role) => (typeof role === 'string' ? role : role.name));
    const joined = labels.join(options.all ? ' and ' : ' or ');
    const matches = (role: Role, wanted: RoleLike) =>
      typeof wanted === 'string'
        ? role.id === wanted || role.name.toLowerCase() === wanted.toLowerCase()
        : role.id === wanted.id;
    return leaf(
      `needs role ${joined}`,
      `You need the role ${joined}.`,
      options,
      async (context) => {
        const member = await memberOf(context, context.message.author.id);
        if (!member) return false;
        const has = (wanted: RoleLike) => member.roles.some((role) => matches(role, wanted));
        return options.all ? list.every(has) : list.some(has);
      },
      true,
    );
  },
  /** The author has these permissions in the channel (a bigint or `['ManageMessages', …]`). Fails outside servers. */
  hasPermissions(
    permissions: bigint | readonly (keyof typeof PermissionFlagsBits)[],
    options: CheckOptions = {},
  ): Check {
    return permissionCheck('user', permissions, options);
  },
  /** The bot has these permissions in the channel. Fails outside servers. */
  botHasPermissions(
    permissions: bigint | readonly (keyof typeof PermissionFlagsBits)[],
    options: CheckOptions = {},
  ): Check {
    return permissionCheck('bot', permissions, options);
  },
  /** Your own condition: `check.custom((client, message) => …, { description, reply })`. */
  custom(
    test: (client: KokoroClient, message: Message) => boolean | Promise<boolean>,
    options: CheckOptions = {},
  ): Check {
    if (typeof test !== 'function')
      throw new CommandDefinitionError('check.custom needs a function (client, message) => boolean');
    return leaf('custom check', 'You cannot use this command here.', options, (context) =>
      test(context.client, context.message),
    );
  },
  /** Every check passes; the first one that fails answers. */
  and(...checks: Check[]): Check {
    assertChecks(checks, 'check.and');
    return {
      description: checks.map((c) => c.description).join(' and '),
      async evaluate(context) {
        for (const c of checks) {
          const failure = await c.evaluate(context);
          if (failure) return failure;
        }
        return undefined;
      },
    };
  },
  /** One check passes. When all fail, answers `options.reply`, else the first failure's reply. */
  or(checks: readonly Check[], options: CheckOptions = {}): Check {
    assertChecks(checks, 'check.or');
    const description = options.description ?? `(${checks.map((c) => c.description).join(' or ')})`;
    return {
      description,
      async evaluate(context) {
        let first: CheckFailure | undefined;
        for (const c of checks) {
          const failure = await c.evaluate(context);
          if (!failure) return undefined;
          first ??= failure;
        }
        return { description, reply: options.reply === undefined ? (first?.reply ?? null) : options.reply };
      },
    };
  },
  /** The check fails. */
  not(inner: Check, options: CheckOptions = {}): Check {
    assertChecks([inner], 'check.not');
    const description = options.description ?? `not ${inner.description}`;
    const failure: CheckFailure = {
      description,
      reply: options.reply === undefined ? 'You cannot use this command here.' : options.reply,
    };
    return {
      description,
      async evaluate(context) {
        return (await inner.evaluate(context)) ? undefined : failure;
      },
    };
  },
};

function assertChecks(checks: readonly Check[], where: string): void {
  if (checks.length === 0 || !checks.every((c) => typeof c?.evaluate === 'function')) {
    throw new CommandDefinitionError(`${where} needs checks made with check.*`);
  }
}
