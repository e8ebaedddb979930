// The console at a terminal, driven key by key through a fake TTY and a fake runtime whose
// evaluations the test answers: held keys, prompts, output above the prompt, Ctrl-C, history.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { type ConsoleBackend, type Evaluation, type RuntimeHandle, runConsole } from 'kokoro';
import { waitFor } from './helpers.js';

/**
 * A screen that understands what readline writes: text, CR, LF, and the CSI sequences for cursor
 * moves and clearing (A/B/C/D up/down/right/left, G column, J clear below, K clear line).
 */
class Screen {
  readonly lines: string[] = [''];
  row = 0;
  col = 0;

  write(text: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control sequences start with ESC
    const tokens = text.match(/\u001b\[[0-9;]*[A-Za-z]|[\s\S]/g) ?? [];
    for (const token of tokens) {
      if (token.length > 1) this.#control(token);
      else if (token === '\r') this.col = 0;
      else if (token === '\n') this.#moveTo(this.row + 1, 0);
      else {
        const line = this.lines[this.row]!.padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + token + line.slice(this.col + 1);
        this.col += 1;
      }
    }
  }

  #moveTo(row: number, col: number): void {
    this.row = Math.max(0, row);
    this.col = Math.max(0, col);
    while (this.lines.length <= this.row) this.lines.push('');
  }

  #control(sequence: string): void {
    const n = Number(sequence.slice(2, -1) || '0');
    switch (sequence.at(-1)) {
      case 'A':
        this.#moveTo(this.row - (n || 1), this.col);
        return;
      case 'B':
        this.#moveTo(this.row + (n || 1), this.col);
        return;
      case 'C':
        this.#moveTo(this.row, this.col + (n || 1));
        return;
      case 'D':
        this.#moveTo(this.row, this.col - (n || 1));
        return;
      case 'G':
        this.#moveTo(this.row, (n || 1) - 1);
        return;
      case 'J':
        this.lines[this.row] = this.lines[this.row]!.slice(0, this.col);
        this.lines.length = this.row + 1;
        return;
      case 'K':
        this.lines[this.row] = n === 2 ? '' : this.lines[this.row]!.slice(0, this.col);
        return;
    }
  }

  text(): string {
    return this.lines.map((line) => line.trimEnd()).join('\n');
  }
}

/** A terminal: keys in, screen out. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 200, rows: 40 });
  const screen = new Screen();
  output.on('data', (chunk: Buffer) => screen.write(String(chunk)));
  return {
    input,
    output,
    type: (keys: string) => input.write(keys),
    text: () => screen.text(),
  };
}

type OutputSink = Parameters<RuntimeHandle['setOutput']>[0];

/** A runtime whose evaluations wait until the test answers them. */
function fakeRuntime() {
  const asked: { code: string; answer: (evaluation: Partial<Evaluation>) => void }[] = [];
  let sink: OutputSink;
  let interrupts = 0;
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    exit = resolve;
  });
  const shutdowns: string[] = [];
  const handle: ConsoleBackend = {
    ready: Promise.resolve({ globals: [], clients: ['Nue'], failures: [] }),
    exited,
    eval: (code) =>
      new Promise((resolve) => {
        asked.push({ code, answer: (e) => resolve({ ok: true, incomplete: false, text: '', ...e }) });
      }),
    interrupt: () => {
      interrupts += 1;
      const running = asked.at(-1);
      running?.answer({ ok: false, text: 'Interrupted' });
    },
    setOutput: (next) => {
      sink = next;
    },
    complete: async (line) => [[], line],
    stats: async () => 'no figures in this fake',
    shutdown: async (reason = '') => {
      shutdowns.push(reason);
      exit(0);
      return 0;
    },
  };
  return {
    handle,
    asked,
    shutdowns,
    interrupts: () => interrupts,
    print: (stream: 'stdout' | 'stderr', text: string) => sink?.(stream, text),
  };
}

test('keys typed during an evaluation wait for it: each pasted line gets its prompt and its result in order', async () => {
  const terminal = fakeTerminal();
  const runtime = fakeRuntime();
  const done = runConsole(runtime.handle, { input: terminal.input, output: terminal.output });
  await waitFor(() => terminal.text().includes('kokoro>'), 'the first prompt');
  terminal.type('function f() {\rreturn 1\r}\rf()\r');
  await waitFor(() => runtime.asked.length === 1, 'the first line evaluated');
  assert.doesNotMatch(terminal.text(), /return 1/, 'the next lines wait, not echoed yet');
  runtime.asked[0]!.answer({ ok: false, incomplete: true });
  await waitFor(() => runtime.asked.length === 2, 'the second line');
  assert.equal(runtime.asked[1]!.code, 'function f() {\nreturn 1\n');
  runtime.asked[1]!.answer({ ok: false, incomplete: true });
  await waitFor(() => runtime.asked.length === 3, 'the third line');
  runtime.asked[2]!.answer({ text: 'undefined' });
  await waitFor(() => runtime.asked.length === 4, 'the fourth line');
  runtime.asked[3]!.answer({ text: '1' });
  await waitFor(() => terminal.text().endsWith('1\nkokoro>'), 'the last result');
  assert.match(
    terminal.text(),
    /kokoro> function f\(\) \{\n\.\.\. return 1\n\.\.\. \}\nundefined\nkokoro> f\(\)\n1\nkokoro>$/,
  );
  terminal.type('.exit\r');
  assert.equal(await done, 0);
  assert.deepEqual(runtime.shutdowns, ['.exit']);
});

test('event-thread output goes above the prompt and the line being typed is drawn again', async () => {
  const terminal = fakeTerminal();
  const runtime = fakeRuntime();
  const errors: string[] = [];
  const errorOutput = new PassThrough();
  errorOutput.on('data', (chunk: Buffer) => errors.push(String(chunk)));
  const done = runConsole(runtime.handle, { input: terminal.input, output: terminal.output, errorOutput });
  await waitFor(() => terminal.text().includes('kokoro>'), 'the first prompt');
  terminal.type('Nue.gu');
  await waitFor(() => terminal.text().endsWith('kokoro> Nue.gu'), 'the typed text');
  runtime.print('stdout', 'a log from a handler\n');
  runtime.print('stderr', 'a log line\n');
  assert.match(terminal.text(), /a log from a handler\nkokoro> Nue\.gu$/);
  assert.deepEqual(errors, ['a log line\n']);
  terminal.type('ilds\r');
  await waitFor(() => runtime.asked.length === 1, 'the input');
  assert.equal(runtime.asked[0]!.code, 'Nue.guilds\n', 'the typed text was kept');
  runtime.asked[0]!.answer({ text: 'Map(1)' });
  terminal.input.end();
  assert.equal(await done, 0);
  assert.deepEqual(runtime.shutdowns, ['end of input']);
});

test('Ctrl-C interrupts an evaluation, clears a line, and exits only when pressed twice on an empty line', async () => {
  const terminal = fakeTerminal();
  const runtime = fakeRuntime();
  const done = runConsole(runtime.handle, { input: terminal.input, output: terminal.output });
  await waitFor(() => terminal.text().includes('kokoro>'), 'the first prompt');
  terminal.type('await hang()\r');
  await waitFor(() => runtime.asked.length === 1, 'the input');
  terminal.type('\u0003');
  assert.equal(runtime.interrupts(), 1);
  await waitFor(() => terminal.text().endsWith('Interrupted\nkokoro>'), 'the interruption shown');
  terminal.type('half typed');
  terminal.type('\u0003');
  assert.match(terminal.text(), /kokoro> half typed\nkokoro>$/, 'the text stays on screen, a new line starts');
  terminal.type('\u0003');
  assert.match(terminal.text(), /To exit, press Ctrl-C again/);
  assert.deepEqual(runtime.shutdowns, [], 'one Ctrl-C on an empty line does not exit');
  terminal.type('\u0003');
  assert.equal(await done, 0);
  assert.deepEqual(runtime.shutdowns, ['SIGINT']);
  assert.equal(runtime.asked.length, 1, 'the cleared line was never evaluated');
});

test('history is kept in the file across runs; the up arrow brings it back', async () => {
  const historyFile = join(mkdtempSync(join(tmpdir(), 'kokoro-history-')), '.kokoro_history');
  writeFileSync(historyFile, 'Nue.guilds.size\n');
  const terminal = fakeTerminal();
  const runtime = fakeRuntime();
  const done = runConsole(runtime.handle, { input: terminal.input, output: terminal.output, historyFile });
  await waitFor(() => terminal.text().includes('kokoro>'), 'the first prompt');
  terminal.type('1 + 1\r');
  await waitFor(() => runtime.asked.length === 1, 'the first input');
  runtime.asked[0]!.answer({ text: '2' });
  await waitFor(() => terminal.text().endsWith('2\nkokoro>'), 'the answer');
  terminal.type('\u001b[A\u001b[A\r');
  await waitFor(() => runtime.asked.length === 2, 'the input from history');
  assert.equal(runtime.asked[1]!.code, 'Nue.guilds.size\n');
  runtime.asked[1]!.answer({ text: '1' });
  terminal.type('.exit\r');
  assert.equal(await done, 0);
  assert.equal(readFileSync(historyFile, 'utf8'), 'Nue.guilds.size\n1 + 1\nNue.guilds.size\n.exit\n');
});

test('a history file grown past twice the history size is cut back to the newest lines', async () => {
  const historyFile = join(mkdtempSync(join(tmpdir(), 'kokoro-history-')), '.kokoro_history');
  writeFileSync(historyFile, Array.from({ length: 2500 }, (_, i) => `input ${i}\n`).join(''));
  const terminal = fakeTerminal();
  const runtime = fakeRuntime();
  const done = runConsole(runtime.handle, { input: terminal.input, output: terminal.output, historyFile });
  await waitFor(() => terminal.text().includes('kokoro>'), 'the first prompt');
  terminal.type('\u001b[A\r');
  await waitFor(() => runtime.asked.length === 1, 'the newest input from history');
  assert.equal(runtime.asked[0]!.code, 'input 2499\n');
  runtime.asked[0]!.answer({ text: '1' });
  terminal.type('.exit\r');
  assert.equal(await done, 0);
  const lines = readFileSync(historyFile, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 1002);
  assert.equal(lines[0], 'input 1500');
});

test('.clear drops an unfinished multi-line input; .exit works inside one', async () => {
  const terminal = fakeTerminal();
  const runtime = fakeRuntime();
  const done = runConsole(runtime.handle, { input: terminal.input, output: terminal.output });
  await waitFor(() => terminal.text().includes('kokoro>'), 'the first prompt');
  terminal.type('if (true) {\r');
  await waitFor(() => runtime.asked.length === 1, 'the open block');
  runtime.asked[0]!.answer({ ok: false, incomplete: true });
  await waitFor(() => terminal.text().endsWith('...'), 'the continuation prompt');
  terminal.type('.clear\r');
  await waitFor(() => terminal.text().endsWith('kokoro>'), 'a fresh prompt');
  terminal.type('1\r');
  await waitFor(() => runtime.asked.length === 2, 'the next input');
  assert.equal(runtime.asked[1]!.code, '1\n', 'the dropped lines are gone');
  runtime.asked[1]!.answer({ ok: false, incomplete: true });
  terminal.type('.exit\r');
  assert.equal(await done, 0);
  assert.deepEqual(runtime.shutdowns, ['.exit']);
});
