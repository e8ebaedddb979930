/**
 * UDP IP discovery: the client sends a 74-byte request (type 1, length 70, its SSRC) to the voice
 * server's UDP address; the server answers (type 2) with the client's address as it sees it
 * (NUL-terminated, 64 bytes) and port, which the client then selects with op 1. Big-endian.
 */

/** Size of a discovery packet. */
export const IP_DISCOVERY_SIZE = 74;

/** Build a discovery request for `ssrc`. */
export function buildIpDiscoveryRequest(ssrc: number): Buffer {
  const packet = Buffer.alloc(IP_DISCOVERY_SIZE);
  packet.writeUInt16BE(1, 0);
  packet.writeUInt16BE(70, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  return packet;
}

/** Build a discovery response (what the server sends; for tests and fakes). */
export function buildIpDiscoveryResponse(ssrc: number, address: string, port: number): Buffer {
  const packet = Buffer.alloc(IP_DISCOVERY_SIZE);
  packet.writeUInt16BE(2, 0);
  packet.writeUInt16BE(70, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet.write(address, 8, 63, 'utf8');
  packet.writeUInt16BE(port, 72);
  return packet;
}

/** Parse a discovery response; `undefined` when the packet is not one. */
export function parseIpDiscoveryResponse(packet: Buffer): { ssrc: number; address: string; port: number } | undefined {
  if (packet.length !== IP_DISCOVERY_SIZE || packet.readUInt16BE(0) !== 2) return undefined;
  const end = packet.indexOf(0, 8);
  const address = packet.toString('utf8', 8, end < 0 || end > 72 ? 72 : end);
  return { ssrc: packet.readUInt32BE(4), address, port: packet.readUInt16BE(72) };
}
