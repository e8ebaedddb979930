/** The version of @kokoro/rest, sent in the `User-Agent` header Discord requires. */
export const VERSION = '0.1.0';

/** The project URL sent in the `User-Agent` header. */
export const PROJECT_URL = 'https://github.com/kokoro-discord/kokoro';

/** `DiscordBot (url, version)`: the form Discord requires of every bot's `User-Agent`. */
export const DEFAULT_USER_AGENT = `DiscordBot (${PROJECT_URL}, ${VERSION})`;

/** Discord's REST base URL for API v10. */
export const DEFAULT_BASE_URL = 'https://discord.com/api/v10';
