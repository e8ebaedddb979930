/**
 * The sockets of a fake voice server: one TCP port on 127.0.0.1 that speaks both `ws://` and
 * `wss://` (the first byte of a connection tells a TLS ClientHello, 0x16, from an HTTP request),
 * and a UDP socket bound to the same port number for media, as a voice endpoint `host:port` names
 * both. Websocket upgrades and datagrams are handed to the server's handlers.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { FAKE_VOICE_CERTIFICATE, FAKE_VOICE_KEY } from './tls-identity.js';

/** What the endpoint hands on. */
export interface EndpointHandlers {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  datagram(message: Buffer, from: RemoteInfo): void;
}

/**
 * A stream for the TLS server over a socket whose first bytes were already read: Node's TLS reads a
 * net.Socket's handle directly and would miss them; over a plain Duplex it reads through the
 * stream, first bytes included.
 */
function tlsFeed(socket: Socket, first: Buffer): Duplex {
  const feed = new Duplex({
    read: () => {
      socket.resume();
    },
    write: (chunk, encoding, callback) => {
      socket.write(chunk, encoding, callback);
    },
    final: (callback) => {
      socket.end();
      callback();
    },
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  feed.push(first);
  socket.on('data', (data) => {
    if (!feed.push(data)) socket.pause();
  });
  socket.on('end', () => feed.push(null));
  socket.on('close', () => feed.destroy());
  socket.on('error', () => feed.destroy());
  return feed;
}

/** The TCP and UDP sockets of a voice server. Open with {@link VoiceEndpoint.open}. */
export class VoiceEndpoint {
  readonly port: number;
  readonly #net: NetServer;
  readonly #udp: UdpSocket;
  readonly #sockets: Set<Socket>;

  private constructor(port: number, net: NetServer, udp: UdpSocket, sockets: Set<Socket>) {
    this.port = port;
    this.#net = net;
    this.#udp = udp;
    this.#sockets = sockets;
  }

  /** Listen on a free port of 127.0.0.1, TCP and UDP alike (retrying when the UDP port is taken). */
  static async open(handlers: EndpointHandlers): Promise<VoiceEndpoint> {
    const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => handlers.upgrade(req, socket, head);
    const http = createHttpServer((_req, res) => res.writeHead(426).end()).on('upgrade', upgrade);
    const https = createHttpsServer({ cert: FAKE_VOICE_CERTIFICATE, key: FAKE_VOICE_KEY }, (_req, res) =>
      res.writeHead(426).end(),
    ).on('upgrade', upgrade);
    for (let attempt = 0; ; attempt++) {
      const sockets = new Set<Socket>();
      const net = createNetServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
        socket.once('data', (chunk: Buffer) => {
          socket.pause();
          if (chunk[0] === 0x16) https.emit('connection', tlsFeed(socket, chunk));
          else {
            socket.unshift(chunk);
            http.emit('connection', socket);
            socket.resume();
          }
        });
      });
      await new Promise<void>((resolve, reject) => {
        net.once('error', reject);
        net.listen(0, '127.0.0.1', () => resolve());
      });
      const port = (net.address() as AddressInfo).port;
      const udp = createSocket('udp4');
      try {
        await new Promise<void>((resolve, reject) => {
          udp.once('error', reject);
          udp.bind(port, '127.0.0.1', () => resolve());
        });
      } catch (error) {
        udp.close();
        await new Promise<void>((resolve) => net.close(() => resolve()));
        if (attempt >= 20) throw error;
        continue;
      }
      udp.on('message', (message, from) => handlers.datagram(message, from));
      udp.on('error', () => {});
      return new VoiceEndpoint(port, net, udp, sockets);
    }
  }

  /** Send a datagram. */
  send(packet: Buffer, to: { address: string; port: number }): void {
    this.#udp.send(packet, to.port, to.address);
  }

  /** Close both sockets and every connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#net.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }
}
