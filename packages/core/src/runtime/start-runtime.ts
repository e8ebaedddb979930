/**
 * The main thread's side of the runtime: it starts the event thread, hands it the bot modules,
 * and offers evaluation, completion and a clean shutdown. The main thread keeps no client state,
 * so a busy or blocked main thread never delays a heartbeat.
 */
import { Worker } from 'node:worker_threads';
import { KokoroError } from '@kokoro/common';
import type { Evaluation } from './evaluator.js';
import type { ClientFailure, EventThreadConfig, EventToMain, MainToEvent, OutputStream } from './protocol.js';

/** Options for {@link startRuntime}. */
export interface RuntimeOptions {
  /** Bot modules to load on the event thread, in order. Named exports become console globals. */
  modules: string[];
  /** Modules to load first (a TypeScript loader, the embedded fake Discord...). */
  preload?: string[];
  /** Start the clients the modules created (default true). */
  autoStart?: boolean;
  /** Show results in colour (default: standard output is a terminal). */
  colors?: boolean;
  /** Resolve relative module paths against this folder (default `process.cwd()`). */
  cwd?: string;
  /** Extra `execArgv` for the event thread. */
  execArgv?: string[];
  /** How long a shutdown may take before the event thread is terminated (default 5000 ms). */
  shutdownTimeout?: number;
}

/** What the event thread reported once modules were loaded and clients started. */
export interface RuntimeReady {
  /** The console globals the modules' exports became. */
  globals: string[];
  /** The names of the clients created. */
  clients: string[];
  /** The clients that failed to start, and why. */
  failures: ClientFailure[];
}

/** A module failed to load on the event thread. */
export class ModuleLoadError extends KokoroError {
  /** The module that failed to load. */
  readonly file: string;
  constructor(file: string, detail: string) {
    super('KOKORO_MODULE_LOAD', `failed to load bot module ${file}:\n${detail}`);
    this.file = file;
  }
}

/** A running event thread. */
export interface RuntimeHandle {
  /** Resolves when modules are loaded and clients started; rejects with {@link ModuleLoadError}. */
  readonly ready: Promise<RuntimeReady>;
  /** Resolves with the exit code once the event thread is gone. */
  readonly exited: Promise<number>;
  /** Evaluate console input on the event thread. */
  eval(code: string): Promise<Evaluation>;
  /**
   * Stop waiting for the running evaluation (Ctrl-C on a hung `await`): it answers at once that it
   * was interrupted, and the next input runs. The abandoned work goes on; its result is dropped.
   */
  interrupt(): void;
  /**
   * Where the event thread's standard output and error go; by default to this process's. The
   * console takes them to keep its prompt whole. Text arrives in order with the results.
   */
  setOutput(sink: ((stream: OutputStream, text: string) => void) | undefined): void;
  /**
   * Also give the event thread's output to `listener` (attached consoles); the output still goes
   * where {@link RuntimeHandle.setOutput} sends it. Returns a function that removes the listener.
   */
  onOutput(listener: (stream: OutputStream, text: string) => void): () => void;
  /**
   * The runtime's metrics (per client and shard, REST, cache, event-loop lag): the `.stats` table,
   * or Prometheus' text format.
   */
  stats(format?: 'text' | 'prometheus'): Promise<string>;
  /**
   * Reload a bot module on the event thread (as `reload(module)` in the console), printing what was
   * replaced, or why it could not be, on the event thread's standard error. `why` is said in the line.
   */
  reload(module: string, why?: string): void;
  /** Completions for a partial console line. */
  complete(line: string): Promise<[string[], string]>;
  /** Stop every client cleanly and end the event thread; resolves with the exit code. */
  shutdown(reason?: string): Promise<number>;
}

/** Start the event thread with the given bot modules. */
export function startRuntime(options: RuntimeOptions): RuntimeHandle {
  const config: EventThreadConfig = {
    modules: options.modules,
    preload: options.preload ?? [],
    autoStart: options.autoStart ?? true,
    colors: options.colors ?? Boolean(process.stdout.isTTY),
    cwd: options.cwd ?? process.cwd(),
  };
  const worker = new Worker(new URL('./event-thread.js', import.meta.url), {
    workerData: config,
    execArgv: options.execArgv ?? [],
  });
  let nextId = 0;
  const waiting = new Map<number, (message: EventToMain) => void>();
  let globals: string[] = [];
  let resolveReady!: (ready: RuntimeReady) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<RuntimeReady>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  let exitCode: number | undefined;
  let onClosed: (() => void) | undefined;
  const toProcess = (stream: OutputStream, text: string) => process[stream].write(text);
  let output: (stream: OutputStream, text: string) => void = toProcess;
  const listeners = new Set<(stream: OutputStream, text: string) => void>();

  const exited = new Promise<number>((resolve) => {
    worker.on('exit', (code) => {
      rejectReady(new Error(`the event thread exited (code ${code}) before it was ready`));
      for (const settle of waiting.values())
        settle({ type: 'result', id: -1, ok: false, incomplete: false, text: 'the event thread has exited' });
      waiting.clear();
      resolve(exitCode ?? code);
    });
  });
  worker.on('error', (error) => {
    process.stderr.write(`kokoro: the event thread crashed: ${error.stack ?? error.message}\n`);
    exitCode = 1;
  });
  worker.on('message', (message: EventToMain) => {
    switch (message.type) {
      case 'loaded':
        globals = message.globals;
        break;
      case 'output':
        output(message.stream, message.text);
        for (const listener of listeners) listener(message.stream, message.text);
        break;
      case 'ready':
        resolveReady({ globals, clients: message.clients, failures: message.failures });
        break;
      case 'load-error':
        exitCode = 1;
        rejectReady(new ModuleLoadError(message.file, message.message));
        void worker.terminate();
        break;
      case 'result':
      case 'completion':
      case 'stats':
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
        break;
      case 'closed':
        exitCode ??= message.code;
        onClosed?.();
        break;
    }
  });

  function ask(message: MainToEvent & { id: number }): Promise<EventToMain> {
    return new Promise((resolve) => {
      waiting.set(message.id, resolve);
      worker.postMessage(message);
    });
  }

  let shuttingDown: Promise<number> | undefined;
  return {
    ready,
    exited,
    async eval(code) {
      const answer = await ask({ type: 'eval', id: nextId++, code });
      if (answer.type !== 'result') throw new Error('unexpected answer from the event thread');
      return { ok: answer.ok, incomplete: answer.incomplete, text: answer.text };
    },
    interrupt() {
      worker.postMessage({ type: 'interrupt' } satisfies MainToEvent);
    },
    setOutput(sink) {
      output = sink ?? toProcess;
    },
    onOutput(listener) {
      const own = (stream: OutputStream, text: string) => listener(stream, text);
      listeners.add(own);
      return () => listeners.delete(own);
    },
    reload(module, why = 'asked') {
      worker.postMessage({ type: 'reload', module, why } satisfies MainToEvent);
    },
    async stats(format = 'text') {
      const answer = await ask({ type: 'stats', id: nextId++, format });
      if (answer.type === 'stats') return answer.text;
      throw new Error(answer.type === 'result' ? answer.text : 'unexpected answer from the event thread');
    },
    async complete(line) {
      const answer = await ask({ type: 'complete', id: nextId++, line });
      return answer.type === 'completion' ? [answer.completions, answer.completeOn] : [[], line];
    },
    shutdown(reason = 'shutdown') {
      shuttingDown ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          onClosed = resolve;
        });
        worker.postMessage({ type: 'shutdown', reason } satisfies MainToEvent);
        const timeout = options.shutdownTimeout ?? 5000;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closed, exited, new Promise((resolve) => (timer = setTimeout(resolve, timeout)))]);
        clearTimeout(timer);
        await worker.terminate();
        return exited;
      })();
      return shuttingDown;
    },
  };
}
