/**
 * The console on the main thread: line editing, history and completion with node:readline, while
 * every input is evaluated on the event thread. Input typed before the bots are ready waits in
 * order; multi-line input is gathered until the event thread says it is complete.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RuntimeHandle } from './start-runtime.js';

/** Options for {@link runConsole}. */
export interface ConsoleOptions {
  input?: Readable & { isTTY?: boolean };
  output?: Writable & { isTTY?: boolean };
  /** A file to keep the input history in; none when omitted. */
  historyFile?: string;
  prompt?: string;
}

const HELP = `Console commands:
  .exit     stop every client cleanly and exit
  .clear    drop an unfinished multi-line input
  .help     this text
Everything else is JavaScript, evaluated on the event thread (top-level await works).
Globals: the bot modules' exports, runtime, startClients(), stopClients().`;

/**
 * Run the console until `.exit`, end of input, or SIGINT/SIGTERM; then shut the runtime down.
 * Resolves with the runtime's exit code.
 */
export async function runConsole(handle: RuntimeHandle, options: ConsoleOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const terminal = Boolean(input.isTTY && output.isTTY);
  const prompt = options.prompt ?? 'kokoro> ';
  const history = options.historyFile ? readHistory(options.historyFile) : [];
  const rl = createInterface({
    input,
    output,
    terminal,
    history,
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
      handle.complete(line).then(
        (result) => callback(null, result),
        () => callback(null, [[], line]),
      );
    },
  });
  rl.setPrompt(prompt);

  const write = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  let buffer = '';
  let chain: Promise<unknown> = handle.ready.then(
    (ready) => {
      if (terminal) {
        write(`Kokoro console. Clients: ${ready.clients.join(', ') || 'none'}. Type .help for help.`);
        rl.prompt();
      }
    },
    () => undefined,
  );
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    rl.close();
    void handle.shutdown(reason).then(finish);
  };

  const handleLine = async (line: string) => {
    if (stopping) return;
    if (options.historyFile && line.trim()) appendHistory(options.historyFile, line);
    if (buffer === '') {
      const command = line.trim();
      if (command === '.exit') return stop('.exit');
      if (command === '.help') {
        write(HELP);
        return reprompt();
      }
      if (command === '') return reprompt();
    }
    if (line.trim() === '.clear') {
      buffer = '';
      return reprompt();
    }
    buffer += `${line}\n`;
    const result = await handle.eval(buffer);
    if (result.incomplete) {
      if (terminal) rl.setPrompt('... ');
      return reprompt();
    }
    buffer = '';
    rl.setPrompt(prompt);
    if (result.text !== '') write(result.text);
    reprompt();
  };
  const reprompt = () => {
    if (terminal && !stopping) rl.prompt();
  };

  rl.on('line', (line) => {
    chain = chain.then(() => handleLine(line)).catch((error: Error) => write(`kokoro: ${error.message}`));
  });
  rl.on('close', () => {
    // End of input: finish what was typed, then stop.
    void chain.then(() => stop('end of input'));
  });
  rl.on('SIGINT', () => {
    if (buffer !== '' || rl.line !== '') {
      buffer = '';
      write('');
      rl.setPrompt(prompt);
      rl.write(null, { ctrl: true, name: 'u' });
      reprompt();
      return;
    }
    stop('SIGINT');
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
  return code;
}

function readHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000);
  } catch {
    return [];
  }
}

function appendHistory(file: string, line: string): void {
  try {
    appendFileSync(file, `${line}\n`);
  } catch {
    // History is a convenience; a read-only folder must not break the console.
  }
}
