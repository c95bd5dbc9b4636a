// Reading other processes' CPU time and memory from /proc (Linux), and describing the machine.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* 100 on every Linux we run on */
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used; with `children`, also its reaped children's. */
export function cpuSeconds(pid, { children = false } = {}) {
  try {
    const f = statFields(pid);
    // after ')': state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    let ticks = Number(f[11]) + Number(f[12]);
    if (children) ticks += Number(f[13]) + Number(f[14]);
    return ticks / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** The postmaster and its live children (backends, workers): their total CPU seconds, reaped children included. */
export function postgresCpuSeconds(postmasterPid) {
  if (!postmasterPid) return 0;
  let total = cpuSeconds(postmasterPid, { children: true });
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = statFields(entry);
      if (Number(f[1]) === postmasterPid) total += (Number(f[11]) + Number(f[12])) / ticksPerSecond;
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

/** Total machine CPU seconds busy and idle so far (from /proc/stat), for whole-machine utilisation. */
export function machineCpu() {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const v = cpu.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + v[4];
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / ticksPerSecond, total: total / ticksPerSecond };
}

/** CPU model, cores, RAM, Node version, kernel. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const cores = cpuinfo.split('\n').filter((l) => l.startsWith('processor')).length || os.cpus().length;
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  return { cpu: model, cores, ramGiB: memKb / 1024 / 1024, node: process.version, kernel: os.release() };
}

/**
 * CPU seconds of a process and every live descendant, plus what its reaped children used: everything the bench
 * started (API, client processes, helper servers, pgbench) when given the bench's own pid.
 */
export function treeCpuSeconds(rootPid) {
  const children = new Map();
  const own = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = statFields(entry);
      const ppid = Number(f[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
      own.set(Number(entry), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / ticksPerSecond);
    } catch {
      /* exited meanwhile */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    total += own.get(pid) ?? 0;
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return total;
}
