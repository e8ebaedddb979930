/**
 * Bot modules, and what each one registered. While a module's top level runs (including after its
 * top-level awaits: modules load one at a time), every event handler, raw gateway hook and command
 * added is recorded against that module. `reload(module)` undoes those registrations, imports the
 * module's current code as a new module instance, and publishes its exports as console globals
 * again, so a command file can be edited and reloaded from the console without a restart.
 *
 * Reloading is for modules that add behaviour to clients. A module that created clients when it
 * loaded is never reloaded (its bots would log in a second time): the reload is refused before
 * anything is undone.
 */
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KokoroError } from '@kokoro/common';

/** What a reload did. */
export interface ReloadReport {
  /** The module's file URL. */
  module: string;
  /** Registrations undone (handlers, hooks, commands of the old code). */
  undone: number;
  /** Registrations made by the new code. */
  registered: number;
  /** Exports published as globals. */
  exports: string[];
}

/** Thrown when a module cannot be reloaded. */
export class ModuleReloadError extends KokoroError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KOKORO_RELOAD', message, options);
  }
}

/** Loads bot modules, records their registrations, and reloads them. */
export class ModuleRegistry {
  readonly #registrations = new Map<string, (() => void)[]>();
  /** Modules whose loading created clients: they are never reloaded. */
  readonly #createdClients = new Set<string>();
  #loading: string | undefined;
  #generation = 0;
  readonly #clientCount: () => number;
  /** The folder relative module paths are resolved against. */
  cwd = process.cwd();

  constructor(options: { clientCount: () => number }) {
    this.#clientCount = options.clientCount;
  }

  /** The file URL of a module path (relative to the working directory) or specifier. */
  toUrl(specifier: string): string {
    if (specifier.startsWith('file:') || specifier.startsWith('node:')) return specifier;
    if (isAbsolute(specifier) || specifier.startsWith('.') || /\.[cm]?[jt]sx?$/.test(specifier)) {
      return pathToFileURL(resolve(this.cwd, specifier)).href;
    }
    // A package name is looked up from the working directory (the user's project), not from here.
    try {
      return pathToFileURL(createRequire(resolve(this.cwd, 'package.json')).resolve(specifier)).href;
    } catch {
      return specifier;
    }
  }

  /** Record how to undo a registration made while a module loads; a no-op otherwise. */
  track(undo: () => void): void {
    if (this.#loading === undefined) return;
    this.#registrations.get(this.#loading)?.push(undo);
  }

  /** The modules loaded so far (file URLs), in order. */
  get modules(): string[] {
    return [...this.#registrations.keys()];
  }

  /** How many registrations a module made. */
  registrationsOf(specifier: string): number {
    return this.#registrations.get(this.toUrl(specifier))?.length ?? 0;
  }

  /** Import a module, recording what it registers. Returns its namespace. */
  async load(specifier: string): Promise<Record<string, unknown>> {
    const url = this.toUrl(specifier);
    return this.#import(url, url);
  }

  /** Undo a module's registrations and import its current code. */
  async reload(specifier: string): Promise<{ report: ReloadReport; namespace: Record<string, unknown> }> {
    const url = this.toUrl(specifier);
    const old = this.#registrations.get(url);
    if (!old) {
      throw new ModuleReloadError(
        `${specifier} was not loaded as a bot module; loaded: ${this.modules.map((url) => this.#displayName(url)).join(', ') || 'none'}`,
      );
    }
    if (this.#createdClients.has(url)) {
      throw new ModuleReloadError(
        `${specifier} creates clients, so it cannot be reloaded (its bots would log in twice); put handlers and commands in a module of their own and reload that`,
      );
    }
    const undone = old.length;
    for (const undo of old.splice(0).reverse()) undo();
    this.#generation += 1;
    const namespace = await this.#import(
      url,
      `${url}${url.includes('?') ? '&' : '?'}kokoro-reload=${this.#generation}`,
    );
    const exports = Object.keys(namespace).filter((name) => name !== 'default');
    return {
      report: { module: url, undone, registered: this.#registrations.get(url)?.length ?? 0, exports },
      namespace,
    };
  }

  /** A module as the user named it: its path relative to the working directory. */
  #displayName(url: string): string {
    return url.startsWith('file:') ? relative(this.cwd, fileURLToPath(url)) || url : url;
  }

  async #import(key: string, url: string): Promise<Record<string, unknown>> {
    this.#registrations.set(key, this.#registrations.get(key) ?? []);
    this.#loading = key;
    const clientsBefore = this.#clientCount();
    try {
      return (await import(url)) as Record<string, unknown>;
    } finally {
      this.#loading = undefined;
      if (this.#clientCount() !== clientsBefore) this.#createdClients.add(key);
    }
  }
}
