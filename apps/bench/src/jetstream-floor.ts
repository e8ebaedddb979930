/**
 * `npm run bench -- jetstream-floor`: what JetStream alone costs per event on the cluster bench's
 * path, with no Kokoro code: the floor under `npm run bench -- cluster`.
 *
 * The same bytes as the cluster bench: runs of `--per` (28, the run length the cluster bench's
 * gateway makes) MESSAGE_CREATE dispatches of the fake Discord, as one JSON array a message, with a
 * message id header; `--events` (20,000) events over 4 subjects (shards). One connection publishes
 * them (4 publishes awaiting their ack at most), 4 durable pull consumers with explicit acks take
 * them (64 a pull) and ack each message, as a worker does. Reported per event: nats-server's CPU (from
 * /proc, Linux) and this process's (the publishing and consuming clients together, with
 * `JSON.parse` of each message as a worker does), for a stream on file storage (the cluster's
 * default) and one in memory. `--rounds` (3) rounds alternate the two; the median round is shown.
 * Needs NATS with JetStream (`KOKORO_NATS_URL`, default 127.0.0.1:4222).
 */
import { AckPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { option } from './args.js';
import { cpuMs, pidOf } from './proc.js';
import { median } from './stats.js';

interface Round {
  storage: 'file' | 'memory';
  seconds: number;
  /** nats-server's CPU per event, µs. */
  server: number;
  /** This process's CPU per event (publisher and consumers), µs. */
  clients: number;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const events = option(args, 'events', 20_000);
  const per = option(args, 'per', 28);
  const rounds = Math.max(1, option(args, 'rounds', 3));
  const { FakeDiscord } = await import('kokoro/testing');
  // A dispatch as the fake sends it: a message of a user in a guild channel.
  const fake = await FakeDiscord.start();
  const bot = fake.addBot({ name: 'Floor' });
  const user = fake.addUser({ username: 'alice' });
  const guild = fake.addGuild({ name: 'Floor Guild', members: [bot, user] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const template = (await fake.userSays(channel, 'template')) as unknown as Record<string, unknown>;
  await fake.close();
  const runText = (first: number) =>
    JSON.stringify(
      Array.from({ length: per }, (_, i) => ({ ...template, content: String(first + i).padStart(8, '0') })),
    );
  const eventBytes = Buffer.byteLength(runText(0)) / per;
  const messages = Math.ceil(events / per);
  const natsPid = pidOf('nats-server');
  const nc = await connect({ servers: process.env.KOKORO_NATS_URL ?? '127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);

  const once = async (storage: 'file' | 'memory', round: number): Promise<Round> => {
    const name = `KOKORO_FLOOR_${process.pid}_${round}`;
    const subject = `kfloor${process.pid}r${round}`;
    await jsm.streams.add({
      name,
      subjects: [`${subject}.>`],
      storage: storage === 'file' ? StorageType.File : StorageType.Memory,
    });
    try {
      for (let shard = 0; shard < 4; shard++) {
        await jsm.consumers.add(name, {
          durable_name: `c${shard}`,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${subject}.${shard}.>`,
          max_ack_pending: 1024,
        });
      }
      const bodies = Array.from({ length: messages }, (_, m) => runText(m * per));
      let taken = 0;
      let allTaken!: () => void;
      const done = new Promise<void>((resolve) => {
        allTaken = resolve;
      });
      const server0 = cpuMs(natsPid);
      const clients0 = process.cpuUsage();
      const started = performance.now();
      const consuming = [];
      for (let shard = 0; shard < 4; shard++) {
        const consumer = await js.consumers.get(name, `c${shard}`);
        consuming.push(
          await consumer.consume({
            max_messages: 64,
            callback: (msg) => {
              JSON.parse(msg.string());
              msg.ack();
              if (++taken === messages) allTaken();
            },
          }),
        );
      }
      const inFlight: Promise<unknown>[] = [];
      for (let m = 0; m < messages; m++) {
        const h = headers();
        h.set('Nats-Msg-Id', `floor:${round}:${m}`);
        inFlight.push(js.publish(`${subject}.${m % 4}.MESSAGE_CREATE`, bodies[m]!, { headers: h }));
        if (inFlight.length === 4) await Promise.all(inFlight.splice(0));
      }
      await Promise.all(inFlight);
      await done;
      const seconds = (performance.now() - started) / 1000;
      const clients = process.cpuUsage(clients0);
      const server1 = cpuMs(natsPid);
      for (const messages of consuming) messages.stop();
      return {
        storage,
        seconds,
        server: server0 === undefined || server1 === undefined ? Number.NaN : ((server1 - server0) * 1000) / events,
        clients: (clients.user + clients.system) / events,
      };
    } finally {
      await jsm.streams.delete(name).catch(() => false);
    }
  };

  try {
    const byStorage: Record<'file' | 'memory', Round[]> = { file: [], memory: [] };
    for (let round = 0; round < rounds; round++) {
      for (const storage of round % 2 === 0 ? (['file', 'memory'] as const) : (['memory', 'file'] as const)) {
        const result = await once(storage, round * 2 + (storage === 'file' ? 0 : 1));
        byStorage[storage].push(result);
        console.log(
          `  round ${round + 1}, ${storage}: nats-server ${result.server.toFixed(1)} µs/event, clients ${result.clients.toFixed(1)} µs/event (${result.seconds.toFixed(2)} s)`,
        );
      }
    }
    const pick = (list: Round[]) => ({
      server: Math.round(median(list.map((r) => r.server)) * 10) / 10,
      clients: Math.round(median(list.map((r) => r.clients)) * 10) / 10,
    });
    const file = pick(byStorage.file);
    const memory = pick(byStorage.memory);
    console.log(
      `\n${events} MESSAGE_CREATEs of ${eventBytes.toFixed(0)} bytes, ${per} a message (${messages} messages), 4 subjects, 4 pull consumers; median of ${rounds} rounds`,
    );
    console.log('| stream storage | nats-server µs/event | clients µs/event |');
    console.log('|----------------|---------------------:|-----------------:|');
    console.log(`| file           | ${String(file.server).padStart(20)} | ${String(file.clients).padStart(16)} |`);
    console.log(`| memory         | ${String(memory.server).padStart(20)} | ${String(memory.clients).padStart(16)} |`);
    return {
      events,
      per_message: per,
      event_bytes: Math.round(eventBytes),
      rounds,
      nats_us_per_event_file: file.server,
      clients_us_per_event_file: file.clients,
      nats_us_per_event_memory: memory.server,
      clients_us_per_event_memory: memory.clients,
    };
  } finally {
    await nc.close();
  }
}
