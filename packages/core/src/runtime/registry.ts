/**
 * The event thread's runtime state: every client created in this thread, and the executor pool.
 * One per thread, like the cache, so the console and every bot module see the same clients.
 */
import { isMainThread } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { ModuleRegistry, type ReloadReport } from './modules.js';

/** What the runtime needs of a client; `Client` implements it. */
export interface RuntimeClient {
  /** The client's name. */
  readonly name: string;
  /** Connects the client; resolves when its shards are ready. Idempotent. */
  start(): Promise<void>;
  /** Closes the client's gateway connections cleanly (close code 1000). Idempotent. */
  stop(): Promise<void>;
}

/** A failed client start. */
export interface StartFailure {
  client: RuntimeClient;
  error: Error;
}

/** Options for running CPU-heavy work off the event thread. */
export interface ExecutorTask {
  /** An absolute path or file URL of a module whose default export (or `name`) does the work. */
  filename: string;
  /** The exported function to call; the default export when omitted. */
  name?: string;
}

class Runtime {
  /** Every client created in this thread, in creation order. */
  readonly clients = new Set<RuntimeClient>();
  /** True on the event thread started by `kokoro run` / `startRuntime`. */
  isEventThread = !isMainThread;
  #executor: Promise<Piscina> | undefined;
  readonly #shutdownHooks: (() => unknown)[] = [];
  /** The bot modules and what each registered (for `reload`). */
  readonly modules = new ModuleRegistry({ clientCount: () => this.clients.size });

  /**
   * Record how to undo a registration (an event handler, a raw hook, a command) made while a bot
   * module loads, so `reload` can remove it. Clients and extensions call this; it is a no-op
   * outside module loading.
   */
  track(undo: () => void): void {
    this.modules.track(undo);
  }

  /**
   * Reload a bot module from the console: undo the handlers and commands it registered, import its
   * current code, and publish its exports as globals again.
   */
  async reload(module: string): Promise<ReloadReport> {
    const { report, namespace } = await this.modules.reload(module);
    for (const name of report.exports) (globalThis as Record<string, unknown>)[name] = namespace[name];
    return report;
  }

  /** Run `hook` when the runtime shuts down, after the clients are stopped (closing servers, files). */
  onShutdown(hook: () => unknown): void {
    this.#shutdownHooks.push(hook);
  }

  /** Stop the clients, the executor, then run the shutdown hooks. */
  async shutdown(): Promise<void> {
    await this.stopClients();
    await this.closeExecutor();
    for (const hook of this.#shutdownHooks.splice(0)) {
      try {
        await hook();
      } catch {
        // A failing hook must not keep the process from exiting.
      }
    }
  }

  /** Who each client logs in as (a digest of its token, never the token), for `add`. */
  readonly #identities = new Map<RuntimeClient, string>();

  /**
   * Register a client (done by the Client constructor). `identity` says which bot account it logs
   * in as (the Client passes a digest of its token); the answer is the clients already registered
   * with the same identity, which the Client warns about: two clients on one token are one bot
   * connected twice, usually a token variable copied by mistake.
   */
  add(client: RuntimeClient, identity?: string): RuntimeClient[] {
    const same: RuntimeClient[] = [];
    if (identity !== undefined) {
      for (const [other, otherIdentity] of this.#identities) {
        if (other !== client && otherIdentity === identity) same.push(other);
      }
      this.#identities.set(client, identity);
    }
    this.clients.add(client);
    return same;
  }

  /** Forget a client (after it is stopped for good). */
  remove(client: RuntimeClient): void {
    this.clients.delete(client);
    this.#identities.delete(client);
  }

  /** Find a client by name. */
  client(name: string): RuntimeClient | undefined {
    for (const client of this.clients) if (client.name === name) return client;
    return undefined;
  }

  /** Start every client; resolves with the ones that failed (each also logged by its client). */
  async startClients(): Promise<StartFailure[]> {
    const clients = [...this.clients];
    const results = await Promise.allSettled(clients.map((client) => client.start()));
    const failures: StartFailure[] = [];
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        failures.push({ client: clients[index]!, error });
      }
    });
    return failures;
  }

  /** Stop every client cleanly. */
  async stopClients(): Promise<void> {
    await Promise.allSettled([...this.clients].map((client) => client.stop()));
  }

  /**
   * Run CPU-heavy work on the executor pool (piscina), off the event thread, so heartbeats and
   * events are never delayed by it. The pool starts on first use.
   */
  async run<T = unknown>(task: ExecutorTask, input?: unknown): Promise<T> {
    // One pool even when the first tasks arrive together.
    this.#executor ??= Promise.all([import('piscina'), import('node:os')]).then(
      ([{ Piscina }, os]) => new Piscina({ maxThreads: Math.max(1, os.availableParallelism() - 1) }),
    );
    const executor = await this.#executor;
    const options = task.name ? { filename: task.filename, name: task.name } : { filename: task.filename };
    return executor.run(input, options) as Promise<T>;
  }

  /** Close the executor pool, if it was started. */
  async closeExecutor(): Promise<void> {
    const executor = this.#executor;
    this.#executor = undefined;
    await (await executor)?.destroy();
  }
}

/** The runtime of this thread. */
export const runtime = new Runtime();

/** Start every client of this thread (the console's `startClients()`). */
export const startClients = (): Promise<StartFailure[]> => runtime.startClients();

/** Stop every client of this thread (the console's `stopClients()`). */
export const stopClients = (): Promise<void> => runtime.stopClients();
