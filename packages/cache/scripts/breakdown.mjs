// Heap kept by Kokoro's cache for a payload file under several policies (which kinds cost what).
// Run: node --expose-gc packages/cache/scripts/breakdown.mjs <payloads.jsonl> [case] (one case per process is exact)
import { readFileSync } from 'node:fs';
import { Cache } from '@kokoro/cache';

const file = process.argv[2];
const only = process.argv[3];
const gc = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
};
function feed(cache) {
  const buffer = readFileSync(file);
  const owner = { id: 'bench', wants: () => false };
  let start = 0;
  for (;;) {
    const end = buffer.indexOf(10, start);
    if (end < 0) break;
    const p = JSON.parse(buffer.toString('utf8', start, end));
    cache.ingest(owner, 0, p.t, p.d, false);
    start = end + 1;
  }
}
for (const [name, options] of [
  ['everything', {}],
  ['no presences', { presences: false }],
  ['no members', { members: false }],
  ['no members, no presences', { members: false, presences: false }],
  ['minimal', { presences: false, members: { fields: ['roles'] }, users: { fields: [] } }],
  ['no members, no users', { presences: false, members: false, users: false }],
]) {
  if (only && only !== name) continue;
  gc();
  // Typed arrays (compact members' index) keep their data outside the heap: count it too.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  const cache = new Cache(options);
  feed(cache);
  gc();
  const mb = (used() - before) / 1048576;
  let members = 0;
  for (const g of cache.guilds.values()) members += g.members.size;
  console.log(
    `${name.padEnd(28)} ${mb.toFixed(2)} MB  users ${cache.users.size} members ${members} channels ${cache.channels.size}`,
  );
  globalThis.keep = cache;
  globalThis.keep = undefined;
}
