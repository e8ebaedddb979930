/** Readings from /proc (Linux) for the benchmarks that measure other processes' CPU. */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * A `stat` file of /proc (a process's or a thread's): its command name and its CPU ms, user +
 * system or the system part alone (`utime` and `stime` are in clock ticks of 10 ms).
 */
function readStat(path: string, part: 'all' | 'sys'): { comm: string; ms: number } {
  const stat = readFileSync(path, 'utf8');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, close),
    ms: ((part === 'sys' ? 0 : Number(fields[11])) + Number(fields[12])) * 10,
  };
}

/**
 * CPU time (user + system, every thread) a process used so far, in ms, from /proc (Linux); undefined
 * elsewhere or when it is gone. A load-robust measure: it does not grow while a process waits for a core.
 */
export function cpuMs(pid: number | undefined, part: 'all' | 'sys' = 'all'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return readStat(`/proc/${pid}/stat`, part).ms;
  } catch {
    return undefined;
  }
}

/** CPU ms of each thread of a process, by thread id (Linux). */
export function threadCpu(pid: number | undefined): Map<number, { comm: string; ms: number }> {
  const out = new Map<number, { comm: string; ms: number }>();
  if (pid === undefined) return out;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`))
      out.set(Number(tid), readStat(`/proc/${pid}/task/${tid}/stat`, 'all'));
  } catch {}
  return out;
}

/** The pid of a running program by its command name (nats-server, redis-server), from /proc. */
export function pidOf(comm: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) return Number(entry);
      } catch {}
    }
  } catch {}
  return undefined;
}
