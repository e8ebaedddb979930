/**
 * The event thread's entry point. It loads the bot modules, publishes their named exports as
 * console globals, starts the clients, and then serves the console: evaluations and completions
 * asked by the main thread run here, against the live objects, while events keep flowing.
 *
 * What this thread writes to its standard output and error (`console.log` in a handler or an
 * input, pretty log lines) is sent to the main thread as messages on the same port as the results,
 * so it is shown in order with them and the console can redraw its prompt around it.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { flushLogs } from '@kokoro/common';
import { formatPrometheus, formatStats } from '../metrics/format-metrics.js';
import { collectMetrics, sampleMetrics, startEventLoopMonitor } from '../metrics/runtime-metrics.js';
import { Evaluator } from './evaluator.js';
import { ModuleReloadError } from './modules.js';
import type { EventThreadConfig, EventToMain, MainToEvent, OutputStream } from './protocol.js';
import { runtime, startClients, stopClients } from './registry.js';

const port = parentPort;
if (!port) throw new Error('event-thread.js is the event thread entry; start it with startRuntime()');
const config = workerData as EventThreadConfig;

function post(message: EventToMain): void {
  port!.postMessage(message);
}

for (const stream of ['stdout', 'stderr'] as const satisfies OutputStream[]) {
  const target = process[stream];
  target.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    post({ type: 'output', stream, text });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as typeof target.write;
}

/** How a module is named in messages: as given on the command line, or relative to the working directory. */
function displayName(url: string): string {
  return url.startsWith('file:') ? relative(config.cwd, fileURLToPath(url)) || url : url;
}

/** A load error's stack without the frames of Node's loader, tsx and this runtime. */
function userStack(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error.stack ?? `${error.name}: ${error.message}`)
    .split('\n')
    .filter(
      (line) =>
        !/^\s+at .*(?:node:internal|[\\/]tsx[\\/]dist[\\/]|runtime[\\/](?:modules|event-thread)\.js)/.test(line),
    )
    .join('\n');
}

runtime.modules.cwd = config.cwd;
const toUrl = (specifier: string): string => runtime.modules.toUrl(specifier);

const globals = globalThis as Record<string, unknown>;
Object.assign(globals, { runtime, startClients, stopClients, reload: (module: string) => runtime.reload(module) });

async function load(): Promise<boolean> {
  for (const specifier of config.preload) await import(toUrl(specifier));
  const names: string[] = [];
  /** Which bot module each global came from, to name both when two modules export one name. */
  const origins = new Map<string, string>();
  for (const specifier of config.modules) {
    let module: Record<string, unknown>;
    try {
      module = await runtime.modules.load(specifier);
    } catch (error) {
      post({ type: 'load-error', file: specifier, message: userStack(error) });
      return false;
    }
    for (const [name, value] of Object.entries(module)) {
      if (name === 'default') continue;
      if (name in globals && globals[name] !== value) {
        const before = origins.get(name);
        process.stderr.write(
          `kokoro: ${displayName(specifier)} exports "${name}", which ${before ? `${before} exports too` : 'is already a global'}; in the console, "${name}" is the one from ${displayName(specifier)}.\n`,
        );
      }
      globals[name] = value;
      origins.set(name, displayName(specifier));
      if (!names.includes(name)) names.push(name);
    }
  }
  post({ type: 'loaded', globals: names });
  return true;
}

// Made at the first console input, not before: Node's REPL runs under a domain, and a domain turns
// on async hooks for the whole thread for good (every promise, timer and callback then costs about
// ten times as much; measured in the evaluator's module comment). A process nobody types into (a
// worker, a gateway process, `--no-repl`) never pays that.
let evaluator: Evaluator | undefined;
const consoleEvaluator = (): Evaluator =>
  (evaluator ??= new Evaluator({
    colors: config.colors,
    onLateError: (text) => process.stderr.write(`${text}\n`),
  }));
let closing = false;

// An error no handler caught (a bot module's timer that throws, a promise nobody awaited) is shown
// and the bots keep running: one faulty callback must not drop every gateway connection.
process.on('uncaughtException', (error) => {
  process.stderr.write(`kokoro: uncaught error on the event thread (the bots keep running):\n${userStack(error)}\n`);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(
    `kokoro: unhandled promise rejection on the event thread (the bots keep running):\n${userStack(reason)}\n`,
  );
});

async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await runtime.shutdown();
  evaluator?.close();
  // The main thread ends this thread on 'closed': buffered log lines must be out first.
  await flushLogs();
  post({ type: 'closed', code: 0 });
}

port.on('message', (message: MainToEvent) => {
  switch (message.type) {
    case 'eval':
      void consoleEvaluator()
        .evaluate(message.code)
        .then((result) => post({ type: 'result', id: message.id, ...result }));
      break;
    case 'complete':
      void consoleEvaluator()
        .complete(message.line)
        .then(([completions, completeOn]) => post({ type: 'completion', id: message.id, completions, completeOn }));
      break;
    case 'interrupt':
      evaluator?.interrupt();
      break;
    case 'reload':
      runtime.reload(message.module).then(
        (report) => {
          const exported = report.exports.length > 0 ? report.exports.join(', ') : 'none';
          process.stderr.write(
            `kokoro: reloaded ${displayName(report.module)} (${message.why}): replaced ${report.undone} registration(s) with ${report.registered}; exports: ${exported}\n`,
          );
        },
        (error: unknown) => {
          const detail = error instanceof ModuleReloadError ? error.message : userStack(error);
          process.stderr.write(`kokoro: could not reload ${message.module} (${message.why}): ${detail}\n`);
        },
      );
      break;
    case 'stats': {
      const snapshot = collectMetrics();
      const text = message.format === 'prometheus' ? formatPrometheus(snapshot) : formatStats(snapshot);
      post({ type: 'stats', id: message.id, text });
      break;
    }
    case 'shutdown':
      void shutdown();
      break;
  }
});

// Metrics: the event loop's delay from the start, and counts sampled for rates (events/s).
startEventLoopMonitor();
sampleMetrics();
setInterval(() => sampleMetrics(), 2_000).unref();

if (await load()) {
  const failures = config.autoStart ? await startClients() : [];
  post({
    type: 'ready',
    clients: [...runtime.clients].map((client) => client.name),
    failures: failures.map((f) => ({ client: f.client.name, message: f.error.message })),
  });
}
