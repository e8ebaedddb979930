/**
 * The console's evaluator, running on the event thread. It borrows Node's own REPL evaluator
 * (top-level `await`, declarations that persist between inputs, object-literal input, recoverable
 * errors for unfinished multi-line input, property completion) without Node's line editor: the
 * editor lives on the main thread, which sends whole inputs here.
 *
 * Node's REPL reports a thrown error through its domain handler, which writes the error to the
 * REPL's output stream instead of calling back; that stream is read to get the error text. The same
 * handler catches errors thrown later by callbacks an input scheduled (a timer that throws): those
 * belong to no evaluation and go to `onLateError`.
 *
 * An evaluation can be interrupted (Ctrl-C on a hung `await`): the console stops waiting and the
 * next input runs; the abandoned one goes on, and its result is dropped when it comes.
 *
 * The cost of that domain: a domain turns on async hooks (with destroy tracking) for the whole thread,
 * and Node never turns them off. 300,000 awaited promises took 31 ms before `repl.start` and 373 ms
 * after (Node 20, this project's machine). So the event thread makes its evaluator at the first
 * console input (event-thread.ts): bots in a process nobody types into run without the hooks.
 */
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';

/** The outcome of one console input. */
export interface Evaluation {
  /** False when the input threw (then `text` is the error, formatted). */
  ok: boolean;
  /** The input is unfinished (an open block or string): the console asks for more lines. */
  incomplete: boolean;
  /** The result or the error, as text. */
  text: string;
}

type Pending = (evaluation: Evaluation) => void;

/** What an interrupted evaluation answers. */
export const INTERRUPTED =
  'Interrupted: the console stopped waiting; the evaluation goes on and its result will not be shown.';

/** Stack frames of Node's REPL and of this runtime (the evaluator, the module registry, `reload`): noise to a user. */
const INTERNAL_FRAME =
  /^\s+at (?:.*\((?:node:|.*[\\/]kokoro[\\/].*evaluator)|node:|ContextifyScript|REPLServer|bound |runBound|new Promise|.*evaluator\.js|.*[\\/]runtime[\\/](?:modules|registry|event-thread)\.js)/;

/** Evaluates console input in this thread's global scope. One input at a time. */
export class Evaluator {
  readonly #server: repl.REPLServer;
  readonly #colors: boolean;
  readonly #onLateError: (text: string) => void;
  #pending: Pending | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * @param options.colors show results with ANSI colours.
   * @param options.onLateError receives errors thrown after their input finished (default: dropped).
   */
  constructor(options: { colors: boolean; onLateError?: (text: string) => void }) {
    this.#colors = options.colors;
    this.#onLateError = options.onLateError ?? (() => undefined);
    const output = new PassThrough();
    this.#server = repl.start({
      input: new PassThrough(),
      output,
      terminal: false,
      useGlobal: true,
      useColors: options.colors,
      prompt: '',
    });
    output.on('data', (chunk: Buffer) => {
      const text = String(chunk);
      if (text.trim() === '') return;
      // Node writes `Uncaught:` on a line of its own before errors with extra properties.
      const error = cleanStack(text.replace(/^Uncaught:\n/, 'Uncaught '));
      if (this.#pending) this.#settle(this.#pending, { ok: false, incomplete: false, text: error });
      else this.#onLateError(error);
    });
  }

  /** Evaluate one input (which may span several lines). */
  evaluate(code: string): Promise<Evaluation> {
    const run = this.#queue.then(() => this.#evaluateNow(code));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #evaluateNow(code: string): Promise<Evaluation> {
    return new Promise<Evaluation>((resolve) => {
      // The callback of an interrupted evaluation may come during a later one: it only settles its own.
      const own: Pending = resolve;
      this.#pending = own;
      const source = code.endsWith('\n') ? code : `${code}\n`;
      this.#server.eval(source, this.#server.context, 'REPL', (error, result) => {
        if (error) {
          const incomplete = error instanceof repl.Recoverable;
          this.#settle(own, { ok: false, incomplete, text: incomplete ? '' : formatError(error) });
          return;
        }
        if (this.#pending !== own) return;
        // `_` in the console is the last result, as in Node's REPL (which reads it from `last`).
        (this.#server as unknown as { last: unknown }).last = result;
        this.#settle(own, { ok: true, incomplete: false, text: inspect(result, { colors: this.#colors, depth: 2 }) });
      });
    });
  }

  #settle(pending: Pending, evaluation: Evaluation): void {
    if (this.#pending !== pending) return;
    this.#pending = undefined;
    pending(evaluation);
  }

  /** Stop waiting for the running evaluation, if any: it answers {@link INTERRUPTED} now. */
  interrupt(): void {
    if (this.#pending) this.#settle(this.#pending, { ok: false, incomplete: false, text: INTERRUPTED });
  }

  /** Complete names and properties for the line typed so far, as Node's REPL does. */
  complete(line: string): Promise<[string[], string]> {
    return new Promise((resolve) => {
      const server = this.#server as unknown as {
        complete(line: string, callback: (error: Error | null, result?: [string[], string]) => void): void;
      };
      server.complete(line, (error, result) => {
        if (error || !result) resolve([[], line]);
        else resolve([result[0].filter((c) => c !== ''), result[1]]);
      });
    });
  }

  close(): void {
    this.#server.close();
  }
}

/**
 * An error as the console shows it: `Uncaught ` and the stack without the REPL's own frames. A
 * syntax error's stack starts with the place and the source line (`REPL:1`, the line, the caret):
 * the place is dropped and `Uncaught` goes before the message, as Node's REPL shows it.
 */
function formatError(error: unknown): string {
  if (!(error instanceof Error)) return `Uncaught ${inspect(error)}`;
  const stack = cleanStack(error.stack ?? `${error.name}: ${error.message}`);
  if (error instanceof SyntaxError && /^REPL\d*:\d+\n/.test(stack)) {
    return stack.replace(/^REPL\d*:\d+\n/, '').replace(/^(\w*Error: )/m, 'Uncaught $1');
  }
  return `Uncaught ${stack}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;]*m/g;

function cleanStack(text: string): string {
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (!INTERNAL_FRAME.test(line.replace(ANSI, ''))) kept.push(line);
    // util.inspect opens an error's own properties at the end of its last frame: keep the brace.
    else if (line.endsWith(' {') && kept.length > 0) kept[kept.length - 1] += ' {';
  }
  return kept.join('\n').trimEnd();
}
