import { KOKORO_VERSION } from '@kokoro/common';

/** The version of @kokoro/rest, sent in the `User-Agent` header Discord requires. */
export const VERSION = KOKORO_VERSION;

export { DEFAULT_USER_AGENT, PROJECT_URL } from '@kokoro/common';

/** Discord's REST base URL for API v10. */
export const DEFAULT_BASE_URL = 'https://discord.com/api/v10';
