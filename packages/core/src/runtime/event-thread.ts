/**
 * The event thread's entry point. It loads the bot modules, publishes their named exports as
 * console globals, starts the clients, and then serves the console: evaluations and completions
 * asked by the main thread run here, against the live objects, while events keep flowing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Evaluator } from './evaluator.js';
import type { EventThreadConfig, EventToMain, MainToEvent } from './protocol.js';
import { runtime, startClients, stopClients } from './registry.js';

const port = parentPort;
if (!port) throw new Error('event-thread.js is the event thread entry; start it with startRuntime()');
const config = workerData as EventThreadConfig;

function post(message: EventToMain): void {
  port!.postMessage(message);
}

runtime.modules.cwd = config.cwd;
const toUrl = (specifier: string): string => runtime.modules.toUrl(specifier);

const globals = globalThis as Record<string, unknown>;
Object.assign(globals, { runtime, startClients, stopClients, reload: (module: string) => runtime.reload(module) });

async function load(): Promise<boolean> {
  for (const specifier of config.preload) await import(toUrl(specifier));
  const names: string[] = [];
  for (const specifier of config.modules) {
    let module: Record<string, unknown>;
    try {
      module = await runtime.modules.load(specifier);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      post({ type: 'load-error', file: specifier, message });
      return false;
    }
    for (const [name, value] of Object.entries(module)) {
      if (name === 'default') continue;
      globals[name] = value;
      names.push(name);
    }
  }
  post({ type: 'loaded', globals: names });
  return true;
}

const evaluator = new Evaluator({ colors: config.colors });
let closing = false;

async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await runtime.shutdown();
  evaluator.close();
  post({ type: 'closed', code: 0 });
}

port.on('message', (message: MainToEvent) => {
  switch (message.type) {
    case 'eval':
      void evaluator.evaluate(message.code).then((result) => post({ type: 'result', id: message.id, ...result }));
      break;
    case 'complete':
      void evaluator
        .complete(message.line)
        .then(([completions, completeOn]) => post({ type: 'completion', id: message.id, completions, completeOn }));
      break;
    case 'shutdown':
      void shutdown();
      break;
  }
});

if (await load()) {
  const failures = config.autoStart ? await startClients() : [];
  post({
    type: 'ready',
    clients: [...runtime.clients].map((client) => client.name),
    failures: failures.map((f) => ({ client: f.client.name, message: f.error.message })),
  });
}
