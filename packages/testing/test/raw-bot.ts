/**
 * The raw recipe: a bot written with nothing but `fetch` and `ws` against the fake (what a bot in
 * another language does). It identifies, answers `ping` with `pong`, runs `/echo` and shows a
 * button whose click opens a modal. Used by the actor API tests.
 */
import { WebSocket } from 'ws';
import type { FakeDiscord } from '../src/index.js';

/** A raw gateway + REST bot. `close()` ends its session. */
export interface RawBot {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Start the raw bot with `token` against `fake`; `intents` default to guilds, messages and content. */
export function startRawBot(fake: FakeDiscord, token: string, intents = 1 | 512 | 32768 | 4096): RawBot {
  const rest = (method: string, path: string, body?: unknown) =>
    fetch(`${fake.restUrl}${path}`, {
      method,
      headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
  let heartbeat: NodeJS.Timeout | undefined;
  let sequence: number | null = null;
  let resolveReady: () => void;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  socket.on('message', async (raw) => {
    const payload = JSON.parse(String(raw)) as { op: number; t?: string; s?: number; d: Record<string, unknown> };
    if (payload.s) sequence = payload.s;
    if (payload.op === 10) {
      heartbeat = setInterval(
        () => socket.send(JSON.stringify({ op: 1, d: sequence })),
        payload.d.heartbeat_interval as number,
      );
      heartbeat.unref();
      socket.send(
        JSON.stringify({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'raw', device: 'raw' } } }),
      );
      return;
    }
    if (payload.op !== 0) return;
    const d = payload.d;
    if (payload.t === 'READY') {
      const application = (d.application as { id: string }).id;
      await rest('PUT', `/applications/${application}/commands`, [
        {
          name: 'echo',
          description: 'Echo',
          options: [{ type: 3, name: 'text', description: 'What', required: true }],
        },
        { name: 'vote', description: 'Shows a button' },
      ]);
      resolveReady();
    }
    if (payload.t === 'MESSAGE_CREATE' && d.content === 'ping') {
      await rest('POST', `/channels/${d.channel_id as string}/messages`, { content: 'pong' });
    }
    if (payload.t === 'INTERACTION_CREATE') {
      const data = d.data as {
        name?: string;
        custom_id?: string;
        options?: { value: string }[];
        components?: unknown[];
      };
      const callback = (body: unknown) =>
        rest('POST', `/interactions/${d.id as string}/${d.token as string}/callback`, body);
      if (d.type === 2 && data.name === 'echo')
        await callback({ type: 4, data: { content: data.options?.[0]?.value } });
      if (d.type === 2 && data.name === 'vote') {
        await callback({
          type: 4,
          data: {
            content: 'Vote?',
            components: [
              {
                type: 1,
                components: [
                  { type: 2, style: 1, label: 'Yes', custom_id: 'vote:yes' },
                  { type: 2, style: 2, label: 'Why', custom_id: 'vote:why' },
                ],
              },
              {
                type: 1,
                components: [
                  {
                    type: 3,
                    custom_id: 'pick',
                    options: [
                      { label: 'A', value: 'a' },
                      { label: 'B', value: 'b' },
                    ],
                  },
                ],
              },
            ],
          },
        });
      }
      if (d.type === 3 && data.custom_id === 'vote:yes') await callback({ type: 4, data: { content: 'counted' } });
      if (d.type === 3 && data.custom_id === 'pick') {
        await callback({ type: 4, data: { content: `picked ${(data as { values: string[] }).values.join(',')}` } });
      }
      if (d.type === 3 && data.custom_id === 'vote:why') {
        await callback({
          type: 9,
          data: {
            custom_id: 'why',
            title: 'Why?',
            components: [{ type: 1, components: [{ type: 4, custom_id: 'reason', label: 'Reason', style: 1 }] }],
          },
        });
      }
      if (d.type === 5) {
        const rows = data.components as { components: { value: string }[] }[];
        await callback({ type: 4, data: { content: `because ${rows[0]?.components[0]?.value}` } });
      }
    }
  });
  return {
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}
