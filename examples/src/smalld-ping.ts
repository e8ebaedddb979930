/**
 * SmallD's ping bot, the minimalist way: no entities, no cache lookups, no helpers. The bot reads
 * the raw MESSAGE_CREATE payload from the gateway and answers `++ping` with `pong` through a raw
 * REST call to Discord's route, exactly as the API documents it.
 *
 * Against Discord: DISCORD_TOKEN=… npx kokoro run examples/src/smalld-ping.ts
 * Offline:         npx kokoro run examples/src/smalld-ping.ts --fake
 *                  kokoro> await fake.userSays(sandbox.channel, '++ping')
 */
import { Client, DEFAULT_INTENTS, GatewayDispatchEvents, GatewayIntentBits } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const SmallD = new Client({
  name: 'SmallD',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
});

SmallD.onGatewayPayload({ t: 'MESSAGE_CREATE' }, async (client, payload) => {
  if (payload.t !== GatewayDispatchEvents.MessageCreate) return; // narrows the payload's type
  const message = payload.d; // Discord's JSON, as sent
  if (message.content === '++ping') {
    await client.rest.request('POST', `/channels/${message.channel_id}/messages`, { body: { content: 'pong' } });
  }
});
