/**
 * The media (UDP) side of the fake voice server. IP discovery: a 74-byte request (type 1, length
 * 70, ssrc) is answered with type 2 carrying the address and port the request came from. 8-byte
 * keep-alives are echoed. An RTP packet is found its session by ssrc, transport-decrypted with that
 * session's mode and key, measured (see audio.ts), DAVE-decrypted through a simulated member of
 * the call when it is a DAVE frame and decoded (the tracks option `decode` selects: all by default;
 * benchmarks decode none or a sample and keep counts and timing), and forwarded to the other bots
 * of the call, sealed with each one's key, as Discord's SFU does.
 */
import type { RemoteInfo } from 'node:dgram';
import { isDaveFrame, OPUS_SILENCE_FRAME } from './audio.js';
import type { FakeVoiceCall } from './call.js';
import type { VoiceServerCore } from './server-core.js';
import { openRtp, readRtpHeader, sealRtp } from './transport.js';
import type { VoiceSession } from './voice-session.js';

/** The media plane of a `FakeVoiceServer` (server.ts). */
export class VoiceMedia {
  readonly #s: VoiceServerCore<FakeVoiceCall>;

  constructor(server: VoiceServerCore<FakeVoiceCall>) {
    this.#s = server;
  }

  /** A datagram arrived on the endpoint of `port`. */
  datagram(msg: Buffer, rinfo: RemoteInfo, port: number): void {
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) {
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(msg.readUInt32BE(4), 4);
      reply.write(rinfo.address, 8, 'utf8');
      reply.writeUInt16BE(rinfo.port, 72);
      this.#s.sendUdp(reply, rinfo, port);
      return;
    }
    if (msg.length === 8) {
      this.#s.sendUdp(msg, rinfo, port); // keep-alive echo
      return;
    }
    const header = readRtpHeader(msg);
    if (!header) return;
    const session = this.#s.bySsrc.get(header.ssrc);
    if (!session?.joined || !session.mode || !session.secretKey) return;
    // A session's media goes to the voice server it is on (after a region change, the new one).
    if (session.port !== port) return;
    this.#s.countRtp(port);
    if (session.dropUdp > 0) {
      session.dropUdp--;
      return;
    }
    const track = this.#s.track(session.channelId, session.userId);
    track.arrived(this.#s.now(), header.sequence, header.timestamp);
    const frame = openRtp(session.mode, session.secretKey, msg);
    if (!frame) {
      track.badPackets++;
      return;
    }
    const call = this.#s.calls.get(session.channelId);
    const decode = track.decode;
    if (frame.equals(OPUS_SILENCE_FRAME)) track.silenceFrames++;
    else if (isDaveFrame(frame)) {
      track.e2eeFrames++;
      if (decode) {
        const opus = call?.decryptFrom(session.userId, frame);
        if (opus) track.decoded(opus);
        else track.undecryptableFrames++;
      }
    } else {
      track.plainFrames++;
      if (decode) track.decoded(frame);
    }
    call?.forward(session, header, frame);
  }

  /** Seal `frame` for `to` and send it (as the SFU forwards media). */
  forwardTo(to: VoiceSession, rtp: { sequence: number; timestamp: number; ssrc: number }, frame: Buffer): void {
    if (!to.mode || !to.secretKey || !to.udp) return;
    to.counter = (to.counter + 1) >>> 0;
    this.#s.sendUdp(sealRtp(to.mode, to.secretKey, { ...rtp, counter: to.counter }, frame), to.udp, to.port);
  }
}
