/**
 * Messages between the main thread (launcher and console) and the event thread. The event thread
 * owns every client; the main thread only sends source text and shows the answers.
 */

/** What the main thread hands the event thread at start. */
export interface EventThreadConfig {
  /** Bot modules to load, in order (paths or file URLs). Their named exports become console globals. */
  modules: string[];
  /** Modules loaded before the bot modules (loaders, the embedded fake Discord...). */
  preload: string[];
  /** Start every client the modules created once they are loaded. */
  autoStart: boolean;
  /** Whether results are shown with ANSI colours. */
  colors: boolean;
  /** The working directory relative module paths are resolved against. */
  cwd: string;
}

export type MainToEvent =
  | { type: 'eval'; id: number; code: string }
  | { type: 'complete'; id: number; line: string }
  /** Give up waiting for the running evaluation (Ctrl-C): it goes on, its result is not shown. */
  | { type: 'interrupt' }
  /** The metrics, as the console's `.stats` table or in Prometheus' text format. */
  | { type: 'stats'; id: number; format: 'text' | 'prometheus' }
  /** Reload a bot module (`--watch` saw it change); the event thread prints what was replaced. */
  | { type: 'reload'; module: string; why: string }
  | { type: 'shutdown'; reason: string };

/** A failed client start, reported once with the client's name. */
export interface ClientFailure {
  client: string;
  message: string;
}

/** Which of the event thread's standard streams a piece of output was written to. */
export type OutputStream = 'stdout' | 'stderr';

export type EventToMain =
  | { type: 'loaded'; globals: string[] }
  /**
   * Text the event thread wrote to its standard output or error (`console.log`, pretty logs). It
   * travels on the same port as the results, so it arrives before the result of the evaluation
   * that printed it, and the console can keep it from breaking the line being typed.
   */
  | { type: 'output'; stream: OutputStream; text: string }
  | { type: 'ready'; clients: string[]; failures: ClientFailure[] }
  | { type: 'load-error'; file: string; message: string }
  | { type: 'result'; id: number; ok: boolean; incomplete: boolean; text: string }
  | { type: 'completion'; id: number; completions: string[]; completeOn: string }
  | { type: 'stats'; id: number; text: string }
  | { type: 'closed'; code: number };
