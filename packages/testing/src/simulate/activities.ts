/**
 * Activities as a big bot with GUILD_PRESENCES sees them, for presence-heavy benchmark worlds: a
 * custom status (a short text, sometimes an emoji), a game being played (an application's name and
 * id, since when), or music (Spotify: song, artist, album and its art, the track's sync id, the
 * listener's party and session). Names, texts and songs come from small pools, as in real traffic
 * (many people play the same games and listen to the same songs); times, party and session ids are
 * each user's own. Deterministic for a given random source.
 */
import { ActivityType, type GatewayActivity } from 'discord-api-types/v10';

const GAMES = [
  'Minecraft',
  'League of Legends',
  'Valorant',
  'Fortnite',
  'Counter-Strike 2',
  'Genshin Impact',
  'Roblox',
  'Apex Legends',
  'Overwatch 2',
  'Rocket League',
  'Dota 2',
  'Grand Theft Auto V',
  'Terraria',
  'Stardew Valley',
  'Among Us',
  'Elden Ring',
  'Baldur’s Gate 3',
  'Rainbow Six Siege',
  'Destiny 2',
  'Hollow Knight',
];
const STATES = [
  'busy',
  'studying',
  'do not disturb pls',
  'back in 5',
  'on vacation',
  'working from home today',
  'gaming',
  'listening to music',
  'sleeping',
  'hi!',
  'ask me about the project',
  'streaming later',
];
const EMOJIS = ['🎮', '📚', '🔥', '✨', '😴', '🎧'];

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

// A fixed pseudo-random text per number (a song's track id, an album's art), not drawn from `random`.
function fixedHex(seed: number, length: number): string {
  let out = '';
  let x = (seed + 1) * 2_654_435_761;
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out += (x % 16).toString(16);
  }
  return out;
}

/** One activity for user `userId` seen at `now` (ms), drawn from the pools above. */
export function makeActivity(random: () => number, now: number, userId: string): GatewayActivity {
  const kind = random();
  const createdAt = now - Math.floor(random() * 3_600_000);
  if (kind < 0.4) {
    const activity: GatewayActivity = {
      id: 'custom',
      name: 'Custom Status',
      type: ActivityType.Custom,
      state: STATES[Math.floor(random() * STATES.length)] as string,
      created_at: createdAt,
    };
    if (random() < 0.5) activity.emoji = { name: EMOJIS[Math.floor(random() * EMOJIS.length)] as string };
    return activity;
  }
  if (kind < 0.8) {
    const game = Math.floor(random() * GAMES.length);
    return {
      id: hex(random, 16),
      name: GAMES[game] as string,
      type: ActivityType.Playing,
      application_id: String(356_875_570_916_753_438n + BigInt(game) * 1_000_003n),
      timestamps: { start: createdAt - Math.floor(random() * 7_200_000) },
      created_at: createdAt,
    };
  }
  const song = Math.floor(random() * 200);
  const album = song % 90;
  return {
    id: 'spotify:1',
    name: 'Spotify',
    type: ActivityType.Listening,
    flags: 48,
    details: `Song ${song}`,
    state: `Artist ${song % 60}`,
    timestamps: { start: createdAt, end: createdAt + 180_000 + (song % 7) * 20_000 },
    assets: { large_image: `spotify:ab67616d0000b273${fixedHex(album, 24)}`, large_text: `Album ${album}` },
    party: { id: `spotify:${userId}` },
    sync_id: fixedHex(1000 + song, 22),
    session_id: hex(random, 32),
    created_at: createdAt,
  } as unknown as GatewayActivity;
}
