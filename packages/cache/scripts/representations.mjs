// Measures how much heap one entity costs under several representations (point 4 of issue 5).
// Run: node --expose-gc packages/cache/scripts/representations.mjs
// Each case builds N objects from fresh JSON payloads and reports the retained bytes per object
// (heap used after GC, minus the heap before, divided by N).

const N = 100_000;

function gc() {
  for (let i = 0; i < 4; i++) globalThis.gc();
}

function measure(name, build) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  gc();
  const after = process.memoryUsage().heapUsed;
  const bytes = (after - before) / N;
  if (kept === undefined) throw new Error('keep something');
  globalThis.keep = kept;
  globalThis.keep = undefined;
  return [name, bytes];
}

const base = 1574677537378795552n;
const id = (i) => (base + BigInt(i)).toString();
const userJson = (i) =>
  `{"id":"${id(i)}","username":"user${i}","discriminator":"0","global_name":"user${i}","avatar":null,"public_flags":0}`;
const parse = (i) => JSON.parse(userJson(i));

const rows = [];

// 1. Snowflakes
rows.push(measure('snowflake: string from JSON.parse', () => Array.from({ length: N }, (_, i) => parse(i).id)));
rows.push(
  measure('snowflake: same string value parsed N times', () =>
    Array.from({ length: N }, () => JSON.parse(`{"id":"${id(1)}"}`).id),
  ),
);
rows.push(measure('snowflake: bigint', () => Array.from({ length: N }, (_, i) => BigInt(parse(i).id))));
rows.push(
  measure('snowflake: two 32-bit numbers (hi, lo) in an object', () =>
    Array.from({ length: N }, (_, i) => {
      const v = BigInt(parse(i).id);
      return { hi: Number(v >> 32n) | 0, lo: Number(v & 0xffffffffn) | 0 };
    }),
  ),
);
rows.push(measure('(array slot itself, for reference)', () => Array.from({ length: N }, () => 0)));

// 2. Entity shapes
class Full {
  constructor(d) {
    this.id = d.id;
    this.username = d.username;
    this.globalName = d.global_name;
    this.discriminator = d.discriminator;
    this.avatar = d.avatar;
    this.bot = false;
    this.system = false;
    this.publicFlags = d.public_flags;
    this.banner = null;
    this.accentColor = null;
    this.status = 'offline';
    this.activities = [];
    this.clientStatus = null;
  }
}
class Lean {
  constructor(d) {
    this.id = d.id;
    if (d.username !== '') this.username = d.username;
    if (d.global_name !== null) this.globalName = d.global_name === d.username ? this.username : d.global_name;
  }
}
Object.assign(Lean.prototype, {
  discriminator: '0',
  avatar: null,
  bot: false,
  system: false,
  publicFlags: 0,
  banner: null,
  accentColor: null,
  status: 'offline',
  activities: Object.freeze([]),
  clientStatus: null,
});
class LeanFlags {
  constructor(d) {
    this.id = d.id;
    this.username = d.username;
    this.flags = 0; // bot, system... as bits
  }
}
rows.push(measure('user: every field own (13 fields)', () => Array.from({ length: N }, (_, i) => new Full(parse(i)))));
rows.push(measure('user: defaults on the prototype', () => Array.from({ length: N }, (_, i) => new Lean(parse(i)))));
rows.push(
  measure('user: plain object literal, same fields as lean', () =>
    Array.from({ length: N }, (_, i) => {
      const d = parse(i);
      return { id: d.id, username: d.username, globalName: d.global_name };
    }),
  ),
);
rows.push(
  measure('user: lean + booleans as one flags number', () =>
    Array.from({ length: N }, (_, i) => new LeanFlags(parse(i))),
  ),
);

// 3. Collections
rows.push(
  measure('collection: Map<string, object> entry', () => {
    const objects = Array.from({ length: N }, (_, i) => ({ id: id(i) }));
    gc();
    const start = process.memoryUsage().heapUsed;
    const map = new Map();
    for (const o of objects) map.set(o.id, o);
    gc();
    const cost = process.memoryUsage().heapUsed - start;
    return { map, objects, cost };
  }),
);
rows.pop();
{
  const objects = Array.from({ length: N }, (_, i) => ({ id: id(i) }));
  gc();
  let start = process.memoryUsage().heapUsed;
  const map = new Map();
  for (const o of objects) map.set(o.id, o);
  gc();
  rows.push(['collection: Map<string, object>, per entry', (process.memoryUsage().heapUsed - start) / N]);
  start = process.memoryUsage().heapUsed;
  const dict = Object.create(null);
  for (const o of objects) dict[o.id] = o;
  gc();
  rows.push(['collection: object as dictionary, per entry', (process.memoryUsage().heapUsed - start) / N]);
  globalThis.keep = [map, dict];
  globalThis.keep = undefined;
}

// 4. Timestamps and small lists
class Stamp {
  constructor(t) {
    this.user = null;
    this.t = t;
  }
}
rows.push(
  measure('timestamp: object with ms (a heap number)', () =>
    Array.from({ length: N }, (_, i) => new Stamp(1_700_000_000_000 + i)),
  ),
);
rows.push(
  measure('timestamp: object with seconds (a small integer)', () =>
    Array.from({ length: N }, (_, i) => new Stamp(1_700_000_000 + i)),
  ),
);
rows.push(
  measure('timestamp: object with the ISO string kept', () =>
    Array.from(
      { length: N },
      (_, i) => new Stamp(JSON.parse(`"2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.${i}Z"`)),
    ),
  ),
);

// 5. Fields set in the constructor vs added afterwards (V8 sizes objects from their constructor)
class IdOnly {
  constructor(id) {
    this.id = id;
  }
}
class Declared {
  constructor(id) {
    this.id = id;
    this.username = undefined;
    this.globalName = undefined;
    this.status = undefined;
    this.clientStatus = undefined;
    this.members = 0;
  }
}
const fill = (o) => {
  o.username = 'x';
  o.globalName = 'x';
  o.members = 1;
  return o;
};
rows.push(
  measure('fields: 3 added after an id-only constructor', () =>
    Array.from({ length: N }, (_, i) => fill(new IdOnly(i))),
  ),
);
rows.push(
  measure('fields: 3 added, then 2 more later', () => {
    const list = Array.from({ length: N }, (_, i) => fill(new IdOnly(i)));
    for (const o of list) {
      o.status = 'x';
      o.clientStatus = 'x';
    }
    return list;
  }),
);
rows.push(
  measure('fields: all 6 set in the constructor', () => {
    const list = Array.from({ length: N }, (_, i) => fill(new Declared(i)));
    for (const o of list) {
      o.status = 'x';
      o.clientStatus = 'x';
    }
    return list;
  }),
);
rows.push(
  measure('string: 10 chars, same value parsed N times', () =>
    Array.from({ length: N }, () => JSON.parse('{"a":"channel-10"}').a),
  ),
);
rows.push(
  measure('string: 11 chars, same value parsed N times', () =>
    Array.from({ length: N }, () => JSON.parse('{"a":"channel-100"}').a),
  ),
);
rows.push(
  measure('roles: one array per member (1 id)', () =>
    Array.from({ length: N }, () => JSON.parse(`{"r":["${id(7)}"]}`).r),
  ),
);
{
  const shared = Object.freeze([{}]);
  rows.push(measure('roles: interned list shared by members', () => Array.from({ length: N }, () => shared)));
}
rows.push(
  measure('presence: client_status object per user', () =>
    Array.from({ length: N }, () => JSON.parse('{"desktop":"online"}')),
  ),
);

console.log('| representation | bytes per item |');
console.log('|---|---:|');
for (const [name, bytes] of rows) console.log(`| ${name} | ${bytes.toFixed(1)} |`);
