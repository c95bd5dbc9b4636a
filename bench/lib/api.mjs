// The real API as a child process (`node apps/api/dist/main.js`), with the V8 inspector on a private
// loopback port so the bench can force a GC before memory readings and take CPU profiles of a phase.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { sleep } from './stats.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

export class ApiProcess {
  constructor(child, port, inspectorUrl, output) {
    this.child = child;
    this.pid = child.pid;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.inspectorUrl = inspectorUrl;
    this.output = output;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /**
   * Starts the API and waits until /api/health answers 200.
   * @param {{ root: string, databaseUrl: string, jwtSecret: string, dataDir: string, env?: Record<string,string> }} options
   */
  static async start({ root, databaseUrl, jwtSecret, dataDir, env = {} }) {
    const port = await freePort();
    const childEnv = { ...process.env };
    delete childEnv.NODE_ENV;
    delete childEnv.NODE_OPTIONS;
    Object.assign(childEnv, {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JWT_SECRET: jwtSecret,
      DATA_DIR: dataDir,
      ...env,
    });
    const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', path.join(root, 'apps/api/dist/main.js')], {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    let inspectorUrl = null;
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const m = /Debugger listening on (ws:\/\/\S+)/.exec(line);
        if (m) inspectorUrl = m[1];
        else if (!/^For help, see|^Debugger attached|^Debugger ending|Waiting for the debugger/.test(line)) output.push(line);
        if (output.length > 200) output.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const api = new ApiProcess(child, port, null, output);
    let exitedEarly = null;
    api.exited.then((e) => (exitedEarly = e));
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (exitedEarly) throw new Error(`the API exited during start (${JSON.stringify(exitedEarly)}):\n${output.slice(-30).join('\n')}`);
      if ((await get(`${api.url}/api/health`)) === 200) {
        api.inspectorUrl = inspectorUrl;
        return api;
      }
      await sleep(200);
    }
    child.kill('SIGKILL');
    throw new Error(`the API did not become healthy within 180 s:\n${output.slice(-30).join('\n')}`);
  }

  /** SIGTERM (the API closes the app gracefully), SIGKILL after 15 s. */
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** An inspector session: `send(method, params)` resolves with the result; `close()` ends it. */
  async session() {
    if (!this.inspectorUrl) throw new Error('the API printed no inspector URL');
    const socket = new WebSocket(this.inspectorUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    let next = 1;
    const pending = new Map();
    socket.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      const p = msg.id && pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
    const send = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    return { send, close: () => socket.close() };
  }

  /** Full GCs (twice, so finalisers run), then process.memoryUsage() of the API. */
  async collectGarbage() {
    const { send, close } = await this.session();
    try {
      await send('HeapProfiler.collectGarbage');
      await sleep(300);
      await send('HeapProfiler.collectGarbage');
      const { result } = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      return JSON.parse(result.value);
    } finally {
      close();
    }
  }

  /** Starts the sampling CPU profiler; returns a function that stops it and resolves with the profile. */
  async startProfile(intervalUs = 250) {
    const { send, close } = await this.session();
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: intervalUs });
    await send('Profiler.start');
    return async () => {
      try {
        const { profile } = await send('Profiler.stop');
        await send('Profiler.disable');
        return profile;
      } finally {
        close();
      }
    };
  }
}

/** A session token as the API signs it (HS256 with JWT_SECRET), for a user the bench inserted itself. */
export function signToken(secret, userId, role, name) {
  return new SignJWT({ role, name, rid: null, sat: Date.now() })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
    .sign(new TextEncoder().encode(secret));
}

/** A JSON call to the API as that user; throws with the answer on anything but 2xx. */
export async function apiCall(api, bearer, method, url, body) {
  const res = await fetch(api.url + url, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) {
    // A 5xx is logged by the API, not explained in the answer: its last lines go with the error.
    const logged = res.status >= 500 && api.output?.length ? `\nthe API's last lines:\n${api.output.slice(-20).join('\n')}` : '';
    throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(json)}${logged}`);
  }
  return json;
}
