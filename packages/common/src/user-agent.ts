/**
 * The `User-Agent` every Kokoro connection to Discord sends, REST and gateway alike. Discord asks
 * bots for `DiscordBot ($url, $versionNumber)`, and some Discord-compatible servers refuse a
 * websocket upgrade that carries none.
 */

/** Kokoro's version, sent in the `User-Agent`. */
export const KOKORO_VERSION = '0.1.0';

/** The project URL sent in the `User-Agent`. */
export const PROJECT_URL = 'https://github.com/kokoro-discord/kokoro';

/** `DiscordBot (url, version)`: the form Discord requires of every bot's `User-Agent`. */
export const DEFAULT_USER_AGENT = `DiscordBot (${PROJECT_URL}, ${KOKORO_VERSION})`;
