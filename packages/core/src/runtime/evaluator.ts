/**
 * The console's evaluator, running on the event thread. It borrows Node's own REPL evaluator
 * (top-level `await`, declarations that persist between inputs, object-literal input, recoverable
 * errors for unfinished multi-line input, property completion) without Node's line editor: the
 * editor lives on the main thread, which sends whole inputs here.
 *
 * Node's REPL reports a thrown error through its domain handler, which writes the error to the
 * REPL's output stream instead of calling back; that stream is read to get the error text.
 */
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';

/** The outcome of one console input. */
export interface Evaluation {
  ok: boolean;
  /** The input is unfinished (an open block or string): the console asks for more lines. */
  incomplete: boolean;
  /** The result or the error, as text. */
  text: string;
}

type Pending = (evaluation: Evaluation) => void;

const INTERNAL_FRAME =
  /^\s+at (?:.*\((?:node:|.*[\\/]kokoro[\\/].*evaluator)|node:|ContextifyScript|REPLServer|bound |runBound|new Promise|.*evaluator\.js)/;

/** Evaluates console input in this thread's global scope. One input at a time. */
export class Evaluator {
  readonly #server: repl.REPLServer;
  readonly #colors: boolean;
  #pending: Pending | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { colors: boolean }) {
    this.#colors = options.colors;
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
      if (!this.#pending || text.trim() === '') return;
      this.#settle({ ok: false, incomplete: false, text: cleanStack(text) });
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
      this.#pending = resolve;
      const source = code.endsWith('\n') ? code : `${code}\n`;
      this.#server.eval(source, this.#server.context, 'REPL', (error, result) => {
        if (!this.#pending) return;
        if (error) {
          const incomplete = error instanceof repl.Recoverable;
          this.#settle({ ok: false, incomplete, text: incomplete ? '' : `Uncaught ${formatError(error)}` });
          return;
        }
        // `_` in the console is the last result, as in Node's REPL (which reads it from `last`).
        (this.#server as unknown as { last: unknown }).last = result;
        this.#settle({ ok: true, incomplete: false, text: inspect(result, { colors: this.#colors, depth: 2 }) });
      });
    });
  }

  #settle(evaluation: Evaluation): void {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.(evaluation);
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

function formatError(error: unknown): string {
  if (error instanceof Error) return cleanStack(error.stack ?? `${error.name}: ${error.message}`);
  return inspect(error);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;]*m/g;

function cleanStack(text: string): string {
  return text
    .split('\n')
    .filter((line) => !INTERNAL_FRAME.test(line.replace(ANSI, '')))
    .join('\n')
    .trimEnd();
}
