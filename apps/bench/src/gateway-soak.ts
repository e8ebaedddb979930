/**
 * `npm run bench -- gateway-soak [--faults N] [--seed S]`: one Kokoro shard on the fake Discord
 * survives N random faults that keep the session alive (closes with resumable codes, TCP drops,
 * stopped heartbeat ACKs, op 7, op 9 `d: true`, delayed frames, op 1, a drop followed by a stalled
 * node that leaves Resume unanswered for a while, a drop whose next connections get op 7 before
 * Hello, and a second fault while the first is being recovered). Numbered probe dispatches flow before, during and after each fault;
 * the result counts probes lost and probes delivered twice (both must be 0), plus identifies
 * (must stay 1: every fault resumed).
 */
import { seededRandom } from '@kokoro/common';
import { Shard } from '@kokoro/gateway';
import { FakeDiscord } from '@kokoro/testing';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { option } from './args.js';

const PROBE = 'KOKORO_PROBE';
const CLOSE_CODES = [4000, 4001, 4002, 4003, 4005, 4008, 1011, 1001];
const KINDS = ['close', 'drop', 'zombie', 'op7', 'op9', 'delay', 'op1', 'double', 'stall', 'early7'] as const;

async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return true;
}

export async function run(args: string[]): Promise<Record<string, number>> {
  const faults = option(args, 'faults', 1000);
  const random = seededRandom(option(args, 'seed', 1));
  const fake = await FakeDiscord.start({
    gatewayOptions: { heartbeatInterval: 25, identifyWindow: 0, resumeWindow: 60_000 },
  });
  const bot = fake.addBot({ name: 'Soak' });
  fake.addGuild({ name: 'soak', members: [bot] });
  const seen = new Map<number, number>();
  const shard = new Shard({
    token: bot.token,
    intents: GatewayIntentBits.Guilds,
    url: fake.gatewayUrl,
    random: seededRandom(2),
    backoff: { base: 2, max: 20, stableAfter: 1000 },
    invalidSessionDelay: 2,
    connectTimeout: 1000,
    readyTimeout: 30,
    onDispatch: (_shard, t, d) => {
      if (t !== PROBE) return;
      const n = (d as { n: number }).n;
      seen.set(n, (seen.get(n) ?? 0) + 1);
    },
  });
  await shard.start();
  const gateway = fake.gateway;
  const filter = { botId: bot.id };
  let sent = 0;
  const probes = (count: number) => {
    for (let i = 0; i < count; i++) gateway.dispatchToSessions(PROBE, { n: ++sent }, filter);
  };
  const inject = (kind: (typeof KINDS)[number]) => {
    switch (kind) {
      case 'close':
        for (const c of gateway.connections(filter)) c.close(CLOSE_CODES[Math.floor(random() * CLOSE_CODES.length)]!);
        return;
      case 'drop':
        gateway.dropConnections(filter);
        return;
      case 'zombie':
        gateway.stopHeartbeatAcks(filter);
        return;
      case 'op7':
        gateway.sendReconnect(filter);
        return;
      case 'op9':
        gateway.sendInvalidSession(true, filter);
        return;
      case 'delay':
        gateway.frameDelay = 1 + Math.floor(random() * 20);
        return;
      case 'op1':
        gateway.requestHeartbeat(filter);
        return;
      case 'double':
        gateway.dropConnections(filter);
        setTimeout(() => gateway.sendReconnect(filter), Math.floor(random() * 5));
        return;
      case 'stall':
        gateway.stallSessions = true;
        gateway.dropConnections(filter);
        setTimeout(
          () => {
            gateway.stallSessions = false;
          },
          20 + Math.floor(random() * 40),
        );
        return;
      case 'early7':
        gateway.reconnectBeforeHello = 1 + Math.floor(random() * 2);
        gateway.dropConnections(filter);
        return;
    }
  };
  const byKind = new Map<string, number>();
  const started = performance.now();
  let stuck = 0;
  for (let i = 0; i < faults; i++) {
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    probes(1 + Math.floor(random() * 3));
    const resumesBefore = gateway.resumes.length;
    inject(kind);
    probes(1 + Math.floor(random() * 3));
    // A silent connection must be judged a zombie and replaced, whatever frames came before.
    if (kind === 'zombie') await until(() => gateway.resumes.length > resumesBefore, 5000);
    const ok = await until(() => shard.isConnected && seen.size >= sent, 5000);
    if (!ok) stuck++;
    gateway.frameDelay = 0;
  }
  probes(5);
  await until(() => seen.size >= sent, 5000);
  const seconds = (performance.now() - started) / 1000;
  let lost = 0;
  let duplicated = 0;
  for (let n = 1; n <= sent; n++) {
    const count = seen.get(n) ?? 0;
    if (count === 0) lost++;
    else duplicated += count - 1;
  }
  const identifies = gateway.identifies.length;
  const resumes = gateway.resumes.length;
  await shard.close();
  await fake.close();
  console.log(`gateway-soak: ${faults} faults in ${seconds.toFixed(1)} s, ${sent} probes`);
  console.log('| fault | count |');
  console.log('| --- | ---: |');
  for (const kind of KINDS) console.log(`| ${kind} | ${byKind.get(kind) ?? 0} |`);
  console.log(
    `identifies ${identifies}, resumes ${resumes}, recoveries over 5 s ${stuck}, lost ${lost}, duplicated ${duplicated}`,
  );
  return { faults, lost, duplicated };
}
