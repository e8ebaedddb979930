/** Readings from /proc (Linux) for the benchmarks that measure other processes' CPU. */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system, every thread) a process used so far, in ms, from /proc (Linux); undefined
 * elsewhere or when it is gone. A load-robust measure: it does not grow while a process waits for a core.
 */
export function cpuMs(pid: number | undefined, part: 'all' | 'sys' = 'all'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((part === 'sys' ? 0 : Number(fields[11])) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** CPU ms of each thread of a process, by thread id (Linux). */
export function threadCpu(pid: number | undefined): Map<number, { comm: string; ms: number }> {
  const out = new Map<number, { comm: string; ms: number }>();
  if (pid === undefined) return out;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), {
        comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        ms: (Number(fields[11]) + Number(fields[12])) * 10,
      });
    }
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
