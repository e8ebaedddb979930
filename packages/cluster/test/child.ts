/** Child processes of the cross-process tests: spawn a compiled fixture, read its lines, end it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running fixture process. */
export class Child {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  readonly #waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(fixture: string, env: Record<string, string>) {
    const path = fileURLToPath(new URL(`./fixtures/${fixture}.js`, import.meta.url));
    this.process = spawn(process.execPath, [path], { env: { ...process.env, ...env }, stdio: 'pipe' });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(line)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /**
   * The first line (past or future) starting with `prefix`; rejects after `ms`, when the process
   * exits, or when it says `failed …` first.
   */
  line(prefix: string, ms = 30_000): Promise<string> {
    const found = this.lines.find((line) => line.startsWith(prefix) || line.startsWith('failed'));
    if (found?.startsWith(prefix)) return Promise.resolve(found);
    if (found) return Promise.reject(new Error(`the child said: ${found}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${prefix}" line within ${ms} ms; stderr: ${this.stderr.slice(-2000)}`)),
        ms,
      );
      void this.exited.then((code) =>
        reject(new Error(`the child exited (${code}) before "${prefix}"; stderr: ${this.stderr.slice(-2000)}`)),
      );
      this.#waiters.push({
        match: (line) => line.startsWith(prefix) || line.startsWith('failed'),
        resolve: (line) => {
          clearTimeout(timer);
          if (line.startsWith(prefix)) resolve(line);
          else reject(new Error(`the child said: ${line}`));
        },
      });
    });
  }

  /** Write one line to its stdin. */
  send(line: string): void {
    this.process.stdin?.write(`${line}\n`);
  }

  /** End its stdin (the fixtures then finish) and wait for it to exit; killed after `ms`. */
  async end(ms = 10_000): Promise<number | null> {
    this.process.stdin?.end();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), ms);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
