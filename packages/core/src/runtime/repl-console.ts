/**
 * The console on the main thread: line editing, history and completion with node:readline, while
 * every input is evaluated on the event thread.
 *
 * Inputs run one at a time, in order. At a terminal, keys typed while an input is evaluated (or
 * before the bots are ready) are held and replayed once it is done, as Node's REPL does: so pasted
 * lines get their prompt (`kokoro> `, or `... ` inside an unfinished multi-line input) and their
 * result in order, instead of all echoing at once. Output of the event thread (`console.log`, log
 * lines) that comes while the prompt is shown is printed above it, and the line being typed is
 * drawn again below.
 *
 * Ctrl-C: during an evaluation, stops waiting for it; on a line with text, drops the text (and any
 * unfinished multi-line input); on an empty line, asks to press it again, and a second Ctrl-C
 * stops the bots and exits.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { clearScreenDown, createInterface, cursorTo, type Key, moveCursor } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { OutputStream } from './protocol.js';
import type { RuntimeHandle } from './start-runtime.js';

/** Options for {@link runConsole}. */
export interface ConsoleOptions {
  /** Where input is read from (default `process.stdin`); a TTY gets line editing, history and completion. */
  input?: Readable & { isTTY?: boolean };
  /** Where results and the event thread's standard output go (default `process.stdout`). */
  output?: Writable & { isTTY?: boolean };
  /** Where the event thread's standard error goes (logs; default `process.stderr`). */
  errorOutput?: Writable;
  /** A file to keep the input history in (used at a terminal only); none when omitted. */
  historyFile?: string;
  /** The prompt (default `'kokoro> '`). */
  prompt?: string;
  /**
   * The console is attached to a runtime in another process (`kokoro attach`): this names it (the
   * socket path) in the greeting, and `.exit`, Ctrl-D and Ctrl-C twice detach instead of stopping
   * the bots (the backend's `shutdown` detaches).
   */
  attachedTo?: string;
}

/** What the console needs of a runtime: a {@link RuntimeHandle}, or a connection to one in another process. */
export type ConsoleBackend = Pick<
  RuntimeHandle,
  'ready' | 'exited' | 'eval' | 'interrupt' | 'setOutput' | 'complete' | 'shutdown' | 'stats'
>;

const help = (attached: boolean) => `Console commands:
  .exit     ${attached ? 'detach from the runtime (the bots keep running)' : 'stop every client cleanly and exit'}
  .clear    drop an unfinished multi-line input
  .stats    events/s, gateway latency and reconnects per shard; REST requests, queue and 429s; cache sizes; event-loop lag
  .help     this text
Ctrl-C stops waiting for a running input, or clears the line; twice on an empty line, ${attached ? 'detaches' : 'exits'}.
Everything else is JavaScript, evaluated on the event thread (top-level await works).
Globals: the bot modules' exports, runtime, startClients(), stopClients(), reload(module).`;

const CONTINUATION = '... ';
const exitHint = (attached: boolean) =>
  `(To ${attached ? 'detach' : 'exit'}, press Ctrl-C again, Ctrl-D, or type .exit)`;
/** History lines kept in the file; it is cut back to this when it grows to twice as many. */
const HISTORY_SIZE = 1000;

/** readline's members used here that its types do not declare. */
interface ReadlineInternals {
  _ttyWrite(data: string | undefined, key: Key | undefined): void;
  prevRows?: number;
  line: string;
  cursor: number;
}

/**
 * Run the console until `.exit`, end of input, or SIGINT/SIGTERM; then shut the runtime down.
 * Resolves with the runtime's exit code.
 */
export async function runConsole(handle: ConsoleBackend, options: ConsoleOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errorOutput = options.errorOutput ?? process.stderr;
  const terminal = Boolean(input.isTTY && output.isTTY);
  const prompt = options.prompt ?? 'kokoro> ';
  const historyFile = terminal ? options.historyFile : undefined;
  const rl = createInterface({
    input,
    output,
    terminal,
    history: historyFile ? readHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
      handle.complete(line).then(
        (result) => callback(null, result),
        () => callback(null, [[], line]),
      );
    },
  });
  const internals = rl as unknown as ReadlineInternals;
  rl.setPrompt(prompt);

  const write = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  /** The lines of an unfinished multi-line input. */
  let buffer = '';
  /** Inputs received and not yet answered (the first is the wait for the bots to be ready). */
  let pending = 1;
  /** An input is being evaluated on the event thread (Ctrl-C interrupts it). */
  let evaluating = false;
  let promptShown = false;
  let exitArmed = false;
  let stopping = false;
  const heldKeys: [string | undefined, Key | undefined][] = [];
  /** Called when no input is waiting: at a terminal, shows the prompt and replays held keys. */
  let idle = () => {};

  const showPrompt = () => {
    if (!terminal || stopping) return;
    rl.setPrompt(buffer === '' ? prompt : CONTINUATION);
    rl.prompt(true);
    promptShown = true;
  };

  // At a terminal, keys typed while an input runs wait for it (Ctrl-C excepted: it interrupts).
  if (terminal) {
    const ttyWrite = internals._ttyWrite.bind(rl);
    internals._ttyWrite = (data, key) => {
      const ctrlC = key?.ctrl === true && key.name === 'c';
      if (pending > 0 && !ctrlC) {
        heldKeys.push([data, key]);
        return;
      }
      if (!ctrlC) exitArmed = false;
      ttyWrite(data, key);
    };
    const replay = () => {
      while (pending === 0 && heldKeys.length > 0) {
        const [data, key] = heldKeys.shift()!;
        internals._ttyWrite(data, key);
      }
    };
    idle = () => {
      showPrompt();
      replay();
    };
  }

  // Output of the event thread: above the prompt when one is shown, else straight out.
  handle.setOutput((stream: OutputStream, text: string) => {
    const target = stream === 'stderr' ? errorOutput : output;
    if (!promptShown || stopping) {
      target.write(text);
      return;
    }
    moveCursor(output, 0, -rl.getCursorPos().rows);
    cursorTo(output, 0);
    clearScreenDown(output);
    target.write(text.endsWith('\n') ? text : `${text}\n`);
    internals.prevRows = 0;
    rl.prompt(true);
  });

  let chain: Promise<unknown> = handle.ready.then(
    (ready) => {
      const clients = ready.clients.join(', ') || 'none';
      if (!terminal) return;
      if (options.attachedTo === undefined) write(`Kokoro console. Clients: ${clients}. Type .help for help.`);
      else write(`Attached to ${options.attachedTo}. Clients: ${clients}. .exit detaches; .help for help.`);
    },
    () => undefined,
  );
  const settled = () => {
    pending -= 1;
    if (pending === 0) idle();
  };
  chain = chain.then(settled);

  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    // The shutdown's log lines start below the prompt, not on its line.
    if (promptShown) output.write('\n');
    promptShown = false;
    rl.close();
    void handle.shutdown(reason).then(finish);
  };

  const handleLine = async (line: string) => {
    if (stopping) return;
    if (historyFile && line.trim()) appendHistory(historyFile, line);
    const command = line.trim();
    // Console commands work inside an unfinished multi-line input too, as in Node's REPL.
    if (command === '.exit') return stop('.exit');
    if (command === '.help') return void write(help(options.attachedTo !== undefined));
    if (command === '.stats') return void write(await handle.stats());
    if (command === '' && buffer === '') return;
    if (command === '.clear') {
      buffer = '';
      return;
    }
    buffer += `${line}\n`;
    evaluating = true;
    const result = await handle.eval(buffer).finally(() => {
      evaluating = false;
    });
    if (result.incomplete) return;
    buffer = '';
    if (result.text !== '') write(result.text);
  };

  rl.on('line', (line) => {
    promptShown = false;
    pending += 1;
    chain = chain
      .then(() => handleLine(line))
      .catch((error: Error) => write(`kokoro: ${error.message}`))
      .then(settled);
  });
  rl.on('close', () => {
    // End of input: finish what was typed, then stop.
    promptShown = false;
    void chain.then(() => stop('end of input'));
  });
  rl.on('SIGINT', () => {
    if (evaluating) {
      heldKeys.length = 0;
      handle.interrupt();
      return;
    }
    if (buffer !== '' || internals.line !== '') {
      buffer = '';
      exitArmed = false;
      // Leave the dropped text on screen, as Node's REPL does, and start a fresh line below it.
      rl.write(null, { ctrl: true, name: 'e' });
      output.write('\n');
      internals.line = '';
      internals.cursor = 0;
      internals.prevRows = 0;
      showPrompt();
      return;
    }
    if (!terminal || exitArmed) return stop('SIGINT');
    exitArmed = true;
    output.write(`\n${exitHint(options.attachedTo !== undefined)}\n`);
    showPrompt();
  });
  const onSignal = (signal: string) => () => stop(signal);
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  void handle.exited.then((code) => {
    if (!stopping) {
      stopping = true;
      rl.close();
      finish(code);
    }
  });
  const code = await finished;
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
  handle.setOutput(undefined);
  return code;
}

function readHistory(file: string): string[] {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
  if (lines.length >= 2 * HISTORY_SIZE) {
    lines = lines.slice(-HISTORY_SIZE);
    try {
      writeFileSync(file, `${lines.join('\n')}\n`);
    } catch {
      // History is a convenience; a read-only folder must not break the console.
    }
  }
  return lines.reverse().slice(0, HISTORY_SIZE);
}

function appendHistory(file: string, line: string): void {
  try {
    appendFileSync(file, `${line}\n`);
  } catch {
    // History is a convenience; a read-only folder must not break the console.
  }
}
