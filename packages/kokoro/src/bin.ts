#!/usr/bin/env node
/**
 * The `kokoro` command.
 *
 *   kokoro run <module...> [--no-repl] [--fake] [--history <file>] [--console-socket [PATH]]
 *   kokoro attach [PATH]
 *   kokoro fake [--port <n>] [--seed <world.json>]
 *   kokoro gateway <module...> [cluster options]   (shards publishing to NATS JetStream)
 *   kokoro worker <module...> [cluster options]    (handlers fed from JetStream)
 *
 * Loads the bot modules on one event thread, starts their clients, and (unless --no-repl) opens
 * a console on this thread whose input is evaluated on the event thread against the live bots.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ConsoleServer,
  type MetricsServer,
  type MetricsServerOptions,
  ModuleLoadError,
  runConsole,
  serveConsole,
  serveMetrics,
} from '@kokoro/core';
import { ATTACH_USAGE, attachCommand } from './cli-attach.js';
import { CLUSTER_USAGE, parseClusterArgs } from './cluster-config.js';
import { consoleSocketArgument } from './console-socket-option.js';
import { FAKE_USAGE, runFakeCommand } from './fake-command.js';
import { parseMetricsAddress } from './metrics-option.js';
import { startRuntime } from './start.js';
import { watchModules } from './watch.js';

const USAGE = `usage: kokoro run <module...> [--no-repl] [--fake] [--history <file> | --no-history]
                  [--console-socket [PATH]] [--metrics [HOST:]PORT] [--watch]
       kokoro attach [PATH]
       kokoro fake [--port <n>] [--seed <world.json>]

  run           load the bot modules (TypeScript or JavaScript) on the event thread and start their clients;
                their named exports become console globals
  --no-repl     no console: run until SIGINT or SIGTERM (production)
  --fake        start the embedded fake Discord first; clients connect to it (no token needed)
  --history     keep the console's input history in this file (default: .kokoro_history)
  --no-history  keep no history
  --console-socket [PATH]
                let consoles attach with \`kokoro attach [PATH]\`: a UNIX socket, mode 0600 (only this user),
                no TCP; PATH defaults to $XDG_RUNTIME_DIR/kokoro/console.sock (else <tmpdir>/kokoro-<uid>/)
  --watch       reload a bot module when its file changes (as reload(module) does), printing what was replaced
  --metrics [HOST:]PORT
                serve the metrics in Prometheus' text format at http://HOST:PORT/metrics (HOST defaults
                to 127.0.0.1: loopback only); the console's .stats shows the same figures
  -h, --help    this text

${ATTACH_USAGE}

${FAKE_USAGE}

${CLUSTER_USAGE}`;

function fail(message: string): never {
  process.stderr.write(`kokoro: ${message}\n`);
  process.exit(2);
}

let args = process.argv.slice(2);
if (args[0] === '--help' || args[0] === '-h' || args.length === 0) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(args.length === 0 ? 2 : 0);
}
if (args[0] === 'attach') process.exit(await attachCommand(args.slice(1)));
if (args[0] === 'fake') process.exit(await runFakeCommand(args.slice(1)));
/** `kokoro gateway` / `kokoro worker`: `run` with the cluster preload (preload/cluster.ts). */
const clusterRole = args[0] === 'gateway' || args[0] === 'worker' ? args[0] : undefined;
if (clusterRole) {
  try {
    const { config, rest } = parseClusterArgs(clusterRole, args.slice(1));
    process.env.KOKORO_CLUSTER_CONFIG = JSON.stringify(config);
    args = ['run', ...rest];
  } catch (error) {
    fail((error as Error).message);
  }
}
if (args[0] !== 'run') fail(`unknown command "${args[0]}"\n${USAGE}`);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const modules: string[] = [];
let repl = true;
let fake = false;
let historyFile: string | undefined = '.kokoro_history';
/** `--console-socket`: null for the default path. */
let consoleSocket: string | null | undefined;
let metricsAddress: MetricsServerOptions | undefined;
let watching = false;
for (let i = 1; i < args.length; i++) {
  const arg = args[i]!;
  const socketArgument = consoleSocketArgument(args, i);
  if (socketArgument) {
    consoleSocket = socketArgument.path;
    i += socketArgument.consumed - 1;
  } else if (arg === '--metrics' || arg.startsWith('--metrics=')) {
    const value = arg === '--metrics' ? args[++i] : arg.slice('--metrics='.length);
    const parsed = parseMetricsAddress(value ?? '');
    if (typeof parsed === 'string') fail(parsed);
    metricsAddress = parsed;
  } else if (arg === '--watch') watching = true;
  else if (arg === '--no-repl') repl = false;
  else if (arg === '--fake') fake = true;
  else if (arg === '--history') historyFile = args[++i] ?? fail('--history needs a file');
  else if (arg === '--no-history') historyFile = undefined;
  else if (arg.startsWith('-')) fail(`unknown option ${arg}\n${USAGE}`);
  else modules.push(arg);
}
if (modules.length === 0) fail(`run needs at least one bot module\n${USAGE}`);
for (const module of modules) {
  // A path (not a package name or URL) must name a file: say so before the event thread starts.
  const isPath = isAbsolute(module) || module.startsWith('.') || /\.[cm]?[jt]sx?$/.test(module);
  if (isPath && !module.startsWith('file:') && !existsSync(resolve(module))) {
    process.stderr.write(`kokoro: no bot module at ${module} (${resolve(module)} does not exist)\n`);
    process.exit(1);
  }
}

// People read the logs at a terminal; machines read JSON lines everywhere else.
if (process.stderr.isTTY && !process.env.KOKORO_LOG_FORMAT) process.env.KOKORO_LOG_FORMAT = 'pretty';

const CLUSTER_PRELOAD = fileURLToPath(new URL('./preload/cluster.js', import.meta.url));
const handle = startRuntime({ modules, fake, ...(clusterRole ? { preload: [CLUSTER_PRELOAD] } : {}) });
let server: ConsoleServer | undefined;
let metrics: MetricsServer | undefined;

/** Close the console socket (attached consoles are told why), then stop every client. */
async function shutdown(reason: string): Promise<number> {
  await server?.close(`the runtime is stopping (${reason})`);
  await metrics?.close();
  return handle.shutdown(reason);
}

// From the first moment, a signal stops every client cleanly (close 1000) and exits with 0.
const onSignal = (signal: NodeJS.Signals) => {
  void shutdown(signal).then((code) => process.exit(code));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

async function main(): Promise<number> {
  if (consoleSocket !== undefined) {
    try {
      server = await serveConsole(handle, consoleSocket === null ? {} : { path: consoleSocket });
    } catch (error) {
      process.stderr.write(`kokoro: ${(error as Error).message}\n`);
      await handle.shutdown('console socket error');
      return 1;
    }
  }
  if (metricsAddress) {
    try {
      metrics = await serveMetrics(handle, metricsAddress);
    } catch (error) {
      process.stderr.write(`kokoro: ${(error as Error).message}\n`);
      await shutdown('metrics endpoint error');
      return 1;
    }
  }
  let ready: Awaited<typeof handle.ready>;
  try {
    ready = await handle.ready;
  } catch (error) {
    if (error instanceof ModuleLoadError) process.stderr.write(`kokoro: ${error.message}\n`);
    else process.stderr.write(`kokoro: ${(error as Error).message}\n`);
    await shutdown('load error');
    return 1;
  }
  for (const failure of ready.failures) {
    const named = failure.message.includes(`client "${failure.client}"`);
    process.stderr.write(
      `kokoro: ${named ? failure.message : `client "${failure.client}" failed to start: ${failure.message}`}\n`,
    );
  }
  if (metrics) process.stderr.write(`kokoro: metrics at ${metrics.url}\n`);
  if (watching) {
    watchModules(handle, modules, process.cwd());
    process.stderr.write('kokoro: watching the bot modules; a changed one is reloaded\n');
  }
  if (server) process.stderr.write(`kokoro: console socket at ${server.path} (kokoro attach ${server.path})\n`);
  if (repl) {
    const code = await runConsole(handle, historyFile ? { historyFile } : {});
    await server?.close();
    await metrics?.close();
    return code;
  }
  if (ready.failures.length > 0) {
    await shutdown('client start failed');
    return 1;
  }
  process.stderr.write(`kokoro: running ${ready.clients.join(', ') || 'no clients'}; SIGINT or SIGTERM stops.\n`);
  const code = await handle.exited;
  await server?.close();
  await metrics?.close();
  return code;
}

process.exit(await main());
