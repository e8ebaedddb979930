/**
 * The voice thread: a worker that owns the UDP sockets of every voice connection of its parent
 * thread, paces their frames on a real clock and seals them, so a handler that blocks the event
 * thread does not delay a frame while frames are queued here. It forwards received packets after
 * transport decryption.
 *
 * Its cost per frame is kept low for many connections: the pacers share timers (a
 * {@link CoalescingClock}) and their schedules start on a shared grid, so the thread wakes once per
 * grid step for all connections that are due, and sends are reported to the event thread for all connections in one message at most
 * every `REPORT_MS` (or when one ran dry), rather than per connection.
 */
import { parentPort } from 'node:worker_threads';
import type { EncryptionMode } from '../protocol/transport-crypto.js';
import { CoalescingClock } from './coalescing-clock.js';
import { preciseClock } from './precise-clock.js';
import type { FromVoiceThread, ToVoiceThread } from './thread-protocol.js';
import { UdpTransport } from './udp-transport.js';

const port = parentPort;
if (!port) throw new Error('voice-thread.js runs as a worker thread');

/**
 * How long sends may go unreported (ms): every connection's sends since the last report cross in
 * one message at most this often (the player refills on reports; it keeps 500 ms queued).
 */
const REPORT_MS = 100;

/**
 * Every connection's schedule starts on this grid (ms) and the shared clock's slots are as wide:
 * all connections of the thread are due at the same instants, so the thread wakes once per grid
 * step (200 times a second) however many connections send, instead of up to once a millisecond.
 */
const GRID_MS = 5;

const clock = new CoalescingClock(preciseClock, GRID_MS);
const transports = new Map<number, UdpTransport>();
const unreported = new Map<number, number>();

function post(message: FromVoiceThread, transfer?: ArrayBuffer[]): void {
  port!.postMessage(message, transfer ?? []);
}

let reportTimer: NodeJS.Timeout | undefined;

/** Report every connection's unreported sends in one message. */
function reportSent(): void {
  if (reportTimer) {
    clearTimeout(reportTimer);
    reportTimer = undefined;
  }
  const ids: number[] = [];
  const counts: number[] = [];
  for (const [id, count] of unreported) {
    if (count === 0) continue;
    ids.push(id);
    counts.push(count);
  }
  unreported.clear();
  if (ids.length === 1) post({ t: 'sent', id: ids[0]!, count: counts[0]! });
  else if (ids.length > 1) post({ t: 'sentMany', id: 0, ids, counts });
}

function handle(message: ToVoiceThread): void {
  const { id } = message;
  switch (message.t) {
    case 'many':
      for (const inner of message.messages) handle(inner);
      return;
    case 'open': {
      const seed = message.random;
      let state = seed;
      const transport = new UdpTransport({
        host: message.host,
        port: message.port,
        clock,
        discoveryTimeout: message.discoveryTimeout,
        gridMs: GRID_MS,
        random: () => {
          state = (state * 1103515245 + 12345) % 2147483648;
          return state / 2147483648;
        },
      });
      transports.set(id, transport);
      transport.on('sent', (count) => {
        unreported.set(id, (unreported.get(id) ?? 0) + count);
        reportTimer ??= setTimeout(reportSent, REPORT_MS);
      });
      transport.on('drained', () => {
        reportSent();
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
        reportSent();
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
}

port.on('message', handle);
