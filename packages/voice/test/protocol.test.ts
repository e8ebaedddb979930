import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  buildIpDiscoveryRequest,
  buildIpDiscoveryResponse,
  chooseEncryptionMode,
  ENCRYPTION_MODES,
  opusPacketSamples,
  parseIpDiscoveryResponse,
  parseRtpHeader,
  TransportCipher,
  VoiceError,
  voiceCloseAction,
  voiceGatewayUrl,
  writeRtpHeader,
} from '../src/index.js';

for (const mode of ENCRYPTION_MODES) {
  test(`${mode}: a sealed packet opens to the payload, with the header clear and the nonce appended`, () => {
    const key = randomBytes(32);
    const cipher = new TransportCipher(mode, key);
    const header = Buffer.alloc(12);
    writeRtpHeader(header, 0, 7, 960, 1234);
    const payload = randomBytes(100);
    const packet = cipher.seal(header, payload, 42);
    assert.equal(packet.length, 12 + 100 + 16 + 4);
    assert.deepEqual(packet.subarray(0, 12), header);
    assert.equal(packet.readUInt32BE(packet.length - 4), 42);
    const parsed = parseRtpHeader(packet)!;
    assert.deepEqual([parsed.sequence, parsed.timestamp, parsed.ssrc, parsed.clearSize], [7, 960, 1234, 12]);
    const opened = new TransportCipher(mode, key).open(packet, parsed.clearSize);
    assert.deepEqual(opened, payload);
    // Tampering with the clear header (the additional data) breaks authentication.
    const tampered = Buffer.from(packet);
    tampered[11] ^= 1;
    assert.equal(cipher.open(tampered, 12), undefined);
    assert.equal(new TransportCipher(mode, randomBytes(32)).open(packet, 12), undefined);
  });

  test(`${mode}: a received packet with a header extension keeps the extension preamble clear`, () => {
    const key = randomBytes(32);
    const cipher = new TransportCipher(mode, key);
    // Header with the X bit and a one-word 0xBEDE extension, as Discord's clients send.
    const header = Buffer.alloc(16);
    writeRtpHeader(header, 0, 1, 2, 3);
    header[0] = 0x90;
    header.writeUInt16BE(0xbede, 12);
    header.writeUInt16BE(1, 14);
    const extensionBody = Buffer.from([0x10, 0xff, 0, 0]);
    const opus = randomBytes(50);
    const packet = cipher.seal(header, Buffer.concat([extensionBody, opus]), 9);
    const parsed = parseRtpHeader(packet)!;
    assert.equal(parsed.clearSize, 16);
    assert.equal(parsed.extensionSize, 4);
    const plain = cipher.open(packet, parsed.clearSize)!;
    assert.deepEqual(plain.subarray(parsed.extensionSize), opus);
  });
}

test('encryption mode: AES-256-GCM when offered, XChaCha20 otherwise, an error when neither', () => {
  assert.equal(
    chooseEncryptionMode(['aead_xchacha20_poly1305_rtpsize', 'aead_aes256_gcm_rtpsize']),
    'aead_aes256_gcm_rtpsize',
  );
  assert.equal(chooseEncryptionMode(['aead_xchacha20_poly1305_rtpsize']), 'aead_xchacha20_poly1305_rtpsize');
  assert.equal(
    chooseEncryptionMode(
      ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'],
      'aead_xchacha20_poly1305_rtpsize',
    ),
    'aead_xchacha20_poly1305_rtpsize',
  );
  assert.throws(() => chooseEncryptionMode(['xsalsa20_poly1305']), VoiceError);
});

test('RTCP and short packets are not taken for audio', () => {
  const rtcp = Buffer.alloc(20);
  rtcp[0] = 0x80;
  rtcp[1] = 200;
  assert.equal(parseRtpHeader(rtcp), undefined);
  assert.equal(parseRtpHeader(Buffer.alloc(8)), undefined);
});

test('IP discovery packets are 74 bytes, big-endian, address NUL-terminated', () => {
  const request = buildIpDiscoveryRequest(0xdeadbeef);
  assert.equal(request.length, 74);
  assert.deepEqual([request.readUInt16BE(0), request.readUInt16BE(2), request.readUInt32BE(4)], [1, 70, 0xdeadbeef]);
  const response = buildIpDiscoveryResponse(5, '203.0.113.9', 50000);
  assert.deepEqual(parseIpDiscoveryResponse(response), { ssrc: 5, address: '203.0.113.9', port: 50000 });
  assert.equal(parseIpDiscoveryResponse(request), undefined);
});

test('Opus packet durations come from the TOC byte', () => {
  assert.equal(opusPacketSamples(Buffer.from([0xf8, 0xff, 0xfe])), 960); // CELT FB 20 ms, silence
  assert.equal(opusPacketSamples(Buffer.from([0xfd, 0x00])), 1920); // code 1: two 20 ms frames
  assert.equal(opusPacketSamples(Buffer.from([0x78 | 0, 0])), 960); // hybrid FB 20 ms
  assert.equal(opusPacketSamples(Buffer.from([0x18])), 2880); // SILK NB 60 ms
  assert.equal(opusPacketSamples(Buffer.from([0xfb, 0x03])), 960 * 3); // code 3, 3 frames
});

test('voice close codes: resume, re-join, disconnected, or fatal without retry', () => {
  assert.equal(voiceCloseAction(4015), 'resume');
  assert.equal(voiceCloseAction(1006), 'resume');
  assert.equal(voiceCloseAction(4000), 'resume');
  assert.equal(voiceCloseAction(4006), 'rejoin');
  assert.equal(voiceCloseAction(4009), 'rejoin');
  assert.equal(voiceCloseAction(4014), 'disconnected');
  assert.equal(voiceCloseAction(4022), 'disconnected');
  for (const code of [4001, 4002, 4003, 4004, 4005, 4011, 4012, 4016, 4017, 4020, 4021]) {
    assert.equal(voiceCloseAction(code), 'fatal', String(code));
  }
});

test('voice gateway URL: wss with v=8; loopback endpoints (the fake) use ws; a scheme given is kept', () => {
  assert.equal(voiceGatewayUrl('c-fra03.discord.media:443'), 'wss://c-fra03.discord.media/?v=8');
  assert.equal(voiceGatewayUrl('c-fra03.discord.media'), 'wss://c-fra03.discord.media/?v=8');
  assert.equal(voiceGatewayUrl('127.0.0.1:5000'), 'ws://127.0.0.1:5000/?v=8');
  assert.equal(voiceGatewayUrl('ws://127.0.0.1:5000/voice'), 'ws://127.0.0.1:5000/voice?v=8');
});
