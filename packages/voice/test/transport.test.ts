import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { after, test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import {
  buildIpDiscoveryResponse,
  ENCRYPTION_MODES,
  type EncryptionMode,
  parseRtpHeader,
  type ReceivedPacket,
  ThreadTransport,
  TransportCipher,
  UdpTransport,
  type VoiceTransport,
  writeRtpHeader,
} from '../src/index.js';

/** A UDP peer standing in for the voice server: answers IP discovery, records packets. */
async function udpPeer() {
  const socket: Socket = createSocket('udp4');
  const packets: Buffer[] = [];
  let client: RemoteInfo | undefined;
  const waiters: (() => void)[] = [];
  socket.on('message', (message, rinfo) => {
    client = rinfo;
    if (message.length === 74 && message.readUInt16BE(0) === 1) {
      socket.send(
        buildIpDiscoveryResponse(message.readUInt32BE(4), rinfo.address, rinfo.port),
        rinfo.port,
        rinfo.address,
      );
      return;
    }
    packets.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    packets,
    async waitFor(count: number) {
      while (packets.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    send(packet: Buffer) {
      socket.send(packet, client!.port, client!.address);
    },
    close: () => socket.close(),
  };
}

function nextPacket(transport: VoiceTransport): Promise<ReceivedPacket> {
  return new Promise((resolve) => transport.on('packet', resolve));
}

const closers: (() => void)[] = [];
after(() => {
  for (const close of closers) close();
});

for (const kind of ['inline', 'thread'] as const) {
  for (const mode of ENCRYPTION_MODES) {
    test(`${kind} transport, ${mode}: discovery, paced sealed RTP out, decrypted packets in`, async () => {
      const peer = await udpPeer();
      closers.push(peer.close);
      const clock = new ManualClock(0);
      const transport: VoiceTransport =
        kind === 'inline'
          ? new UdpTransport({ host: '127.0.0.1', port: peer.port, clock })
          : new ThreadTransport({ host: '127.0.0.1', port: peer.port });
      closers.push(() => transport.close());
      const address = await transport.discover(1111);
      assert.equal(address.address, '127.0.0.1');
      assert.ok(address.port > 0);
      const key = randomBytes(32);
      transport.configure({ ssrc: 1111, mode: mode as EncryptionMode, secretKey: [...key] });
      const payloads = [Buffer.from([1, 2, 3]), Buffer.from([4, 5]), Buffer.from([6])];
      transport.push(payloads.map((payload) => ({ payload, samples: 960 })));
      if (kind === 'inline') await clock.advance(60);
      await peer.waitFor(3);
      const cipher = new TransportCipher(mode, key);
      const headers = peer.packets.map((packet) => parseRtpHeader(packet)!);
      assert.deepEqual(
        peer.packets.map((packet, i) => cipher.open(packet, headers[i]!.clearSize)),
        payloads,
      );
      assert.ok(headers.every((header) => header.ssrc === 1111));
      assert.equal((headers[1]!.sequence - headers[0]!.sequence) & 0xffff, 1);
      assert.equal((headers[2]!.timestamp - headers[1]!.timestamp) >>> 0, 960);
      assert.deepEqual(
        peer.packets.map((packet) => packet.readUInt32BE(packet.length - 4)),
        [1, 2, 3],
      );
      // A packet from another user comes back decrypted, extension body removed.
      const header = Buffer.alloc(16);
      writeRtpHeader(header, 0, 5, 6, 2222);
      header[0] = 0x90;
      header.writeUInt16BE(0xbede, 12);
      header.writeUInt16BE(1, 14);
      const received = nextPacket(transport);
      peer.send(cipher.seal(header, Buffer.concat([Buffer.alloc(4), Buffer.from('opus')]), 77));
      const packet = await received;
      assert.deepEqual([packet.ssrc, packet.sequence, packet.timestamp], [2222, 5, 6]);
      assert.equal(packet.payload.toString(), 'opus');
      const stats = await transport.stats();
      assert.equal(stats.sent, 3);
      transport.close();
    });
  }
}
