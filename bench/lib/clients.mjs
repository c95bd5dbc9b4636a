// The parent's side of the client processes: fork, call over IPC, stop.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './proc.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export class ClientProcess {
  constructor(name, script = path.join(HERE, 'client.mjs'), execArgv = []) {
    this.name = name;
    this.child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv, serialization: 'advanced' });
    this.pid = this.child.pid;
    this.pending = new Map();
    this.next = 1;
    this.child.on('message', (msg) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${this.name}: ${msg.error}`));
      else p.resolve(msg.result);
    });
    this.child.on('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`${this.name} exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  call(cmd, args) {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, args });
    });
  }

  cpu() {
    return cpuSeconds(this.pid);
  }

  stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}

/** Calls `cmd` on every client with per-client arguments; resolves with their results in order. */
export const all = (clients, cmd, argsOf) => Promise.all(clients.map((c, i) => c.call(cmd, typeof argsOf === 'function' ? argsOf(i, c) : argsOf)));

/** Splits a list into `n` near-equal parts. */
export function split(list, n) {
  const parts = Array.from({ length: n }, () => []);
  list.forEach((item, i) => parts[i % n].push(item));
  return parts;
}
