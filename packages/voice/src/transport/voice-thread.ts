/**
 * The voice thread: a worker that owns the UDP sockets of every voice connection of its parent
 * thread, paces their frames on a real clock and seals them, so a handler that blocks the event
 * thread does not delay a frame while frames are queued here. It reports sends in batches and
 * forwards received packets after transport decryption.
 */
import { parentPort } from 'node:worker_threads';
import type { EncryptionMode } from '../protocol/transport-crypto.js';
import { preciseClock } from './precise-clock.js';
import type { FromVoiceThread, ToVoiceThread } from './thread-protocol.js';
import { UdpTransport } from './udp-transport.js';

const port = parentPort;
if (!port) throw new Error('voice-thread.js runs as a worker thread');

const transports = new Map<number, UdpTransport>();
const unreported = new Map<number, number>();

function post(message: FromVoiceThread, transfer?: ArrayBuffer[]): void {
  port!.postMessage(message, transfer ?? []);
}

function reportSent(id: number): void {
  const count = unreported.get(id) ?? 0;
  if (count === 0) return;
  unreported.set(id, 0);
  post({ t: 'sent', id, count });
}

port.on('message', (message: ToVoiceThread) => {
  const { id } = message;
  switch (message.t) {
    case 'open': {
      const seed = message.random;
      let state = seed;
      const transport = new UdpTransport({
        host: message.host,
        port: message.port,
        clock: preciseClock,
        discoveryTimeout: message.discoveryTimeout,
        random: () => {
          state = (state * 1103515245 + 12345) % 2147483648;
          return state / 2147483648;
        },
      });
      transports.set(id, transport);
      transport.on('sent', (count) => {
        const total = (unreported.get(id) ?? 0) + count;
        unreported.set(id, total);
        if (total >= 5) reportSent(id);
      });
      transport.on('drained', () => {
        reportSent(id);
        post({ t: 'drained', id });
      });
      transport.on('packet', (packet) => {
        const payload = new Uint8Array(packet.payload);
        post({ t: 'packet', id, ssrc: packet.ssrc, sequence: packet.sequence, timestamp: packet.timestamp, payload }, [
          payload.buffer as ArrayBuffer,
        ]);
      });
      transport.on('error', (error) => post({ t: 'error', id, message: error.message }));
      return;
    }
    case 'discover': {
      const transport = transports.get(id);
      if (!transport) return;
      transport.discover(message.ssrc).then(
        (value) => post({ t: 'reply', id, request: message.request, value }),
        (error: Error) => post({ t: 'reply', id, request: message.request, error: error.message }),
      );
      return;
    }
    case 'configure':
      transports.get(id)?.configure({
        ssrc: message.ssrc,
        mode: message.mode as EncryptionMode,
        secretKey: message.secretKey,
      });
      return;
    case 'push': {
      const transport = transports.get(id);
      if (!transport) return;
      transport.push(
        message.payloads.map((payload, index) => ({
          payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
          samples: message.samples[index]!,
        })),
      );
      return;
    }
    case 'flush': {
      const transport = transports.get(id);
      void (transport?.flush() ?? Promise.resolve([])).then((frames) => {
        reportSent(id);
        post({
          t: 'reply',
          id,
          request: message.request,
          value: frames.map((frame) => ({ payload: new Uint8Array(frame.payload), samples: frame.samples })),
        });
      });
      return;
    }
    case 'stats': {
      const transport = transports.get(id);
      void (transport?.stats() ?? Promise.resolve({ sent: 0, late: 0, resyncs: 0, maxLateMs: 0 })).then((value) =>
        post({ t: 'reply', id, request: message.request, value }),
      );
      return;
    }
    case 'close':
      transports.get(id)?.close();
      transports.delete(id);
      unreported.delete(id);
      return;
  }
});
