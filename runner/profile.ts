/**
 * Where a run's time and memory go, read from the operating system: CPU time and peak resident
 * memory of a process (this one, or the embedded server's JVM). Linux only (`/proc`); elsewhere
 * the server's figures are null. Wall-clock facts: they belong under `wall` in results.json.
 */
import { readFileSync } from 'node:fs';

/** `/proc/<pid>/stat` counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second. */
const USER_HZ = 100;

/** User + system CPU milliseconds a process has used so far, or null if it cannot be read. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3; utime and stime are fields 14 and
    // 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : null;
  } catch {
    return null;
  }
}

/** Peak resident memory of a process in MiB (VmHWM), or null if it cannot be read. */
export function processPeakRssMiB(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU milliseconds this Node process has used so far (all its threads: worker, workflow threads, world). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Peak resident memory of this Node process in MiB. */
export function ownPeakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
