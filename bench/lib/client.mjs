// A load-generating client process (forked by the bench, driven over IPC): holds socket.io (or plain ws)
// connections and records what they receive, and sends HTTP requests open-loop (fixed rate) or closed-loop
// (fixed concurrency) over keep-alive connections. Kept lean: the machine has two cores and the API needs them.
import http from 'node:http';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();

let target = null; // { host, port }
let agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const sockets = []; // socket.io sockets
const riderSockets = new Map(); // token → a responder's own socket, for location updates over the socket
const wsClients = []; // plain ws clients (baseline)
const received = { ping: [], created: [], moved: 0, movedFrames: 0, zone: 0, ws: 0, other: 0 };

function resetReceived() {
  received.ping = [];
  received.created = [];
  received.moved = 0;
  received.movedFrames = 0;
  received.zone = 0;
  received.ws = 0;
  received.other = 0;
}

/** One HTTP request; resolves { status, body (parsed JSON or null), ms }. */
function request(method, path, token, body, to = target, via = agent) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { authorization: `Bearer ${token}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const started = now();
    const req = http.request({ host: to.host, port: to.port, method, path, headers, agent: via }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode, body: parsed, started, ms: now() - started });
      });
    });
    req.on('error', (error) => resolve({ status: 0, body: String(error.message), started, ms: now() - started }));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Request builders, by kind: each returns [method, path, token, body] for the i-th request. */
function builder(spec) {
  switch (spec.kind) {
    case 'sighting': {
      // POST /api/sightings from dispatchers, at the given points.
      const { tokens, points, channel } = spec;
      return (i) => [
        'POST',
        '/api/sightings',
        tokens[i % tokens.length],
        { location: { type: 'Point', coordinates: points[i % points.length] }, observedAt: new Date().toISOString(), channel },
      ];
    }
    case 'location': {
      // PUT /api/responders/me/location (or, `via: 'socket'`, the responder socket's `location` message, as the
      // app sends it while connected): each responder wanders around home in ~30 m steps.
      const riders = spec.responders.map((r) => ({ token: r.token, home: r.position, at: [...r.position] }));
      const step = spec.step ?? 0.0004;
      const span = spec.span ?? 0.004;
      return (i) => {
        const r = riders[i % riders.length];
        if (step > 0) {
          r.at[0] = Math.min(r.home[0] + span, Math.max(r.home[0] - span, r.at[0] + (Math.random() - 0.5) * 2 * step));
          r.at[1] = Math.min(r.home[1] + span, Math.max(r.home[1] - span, r.at[1] + (Math.random() - 0.5) * 1.5 * step));
        }
        return ['PUT', '/api/responders/me/location', r.token, { coordinates: [r.at[0], r.at[1]] }];
      };
    }
    default:
      throw new Error(`unknown request kind ${spec.kind}`);
  }
}

/** One socket per responder (its own auth, as a phone holds it); kept across levels, closed by disconnectAll. */
async function connectRiders(tokens, parallel = 50) {
  const queue = tokens.filter((t) => !riderSockets.has(t));
  const one = (token) =>
    new Promise((resolve, reject) => {
      const socket = io(`http://${target.host}:${target.port}`, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
        forceNew: true,
      });
      const timer = setTimeout(() => reject(new Error('a responder socket did not connect within 30 s')), 30_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        riderSockets.set(token, socket);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      while (queue.length > 0) await one(queue.shift());
    }),
  );
}

function closeRiders() {
  for (const s of riderSockets.values()) s.close();
  riderSockets.clear();
}

/** A location over the responder's socket, answered by its ack ({ ok, status }); shaped like request()'s result. */
async function emitLocation(token, body) {
  const started = now();
  try {
    const ack = await riderSockets.get(token).timeout(10_000).emitWithAck('location', body);
    return { status: ack.ok ? 200 : ack.status, body: ack, started, ms: now() - started };
  } catch (error) {
    return { status: 0, body: String(error?.message ?? error), started, ms: now() - started };
  }
}

const handlers = {
  setTarget({ url }) {
    const u = new URL(url);
    target = { host: u.hostname, port: Number(u.port) };
    agent.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    return true;
  },

  /** Connects socket.io clients: [{ token, role }]; watchers record map events, responders their pings. */
  async connect({ url, clients, parallel = 50 }) {
    let failed = 0;
    let firstError = null;
    const one = (c) =>
      new Promise((resolve) => {
        const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token: c.token }, reconnection: false, forceNew: true });
        const timer = setTimeout(() => {
          failed++;
          firstError ??= 'timeout';
          socket.close();
          resolve();
        }, 30_000);
        socket.once('connect', () => {
          clearTimeout(timer);
          sockets.push(socket);
          resolve();
        });
        socket.once('connect_error', (error) => {
          clearTimeout(timer);
          failed++;
          firstError ??= error.message;
          socket.close();
          resolve();
        });
        if (c.role === 'responder') {
          socket.on('ping', (ping) => received.ping.push([ping.sighting.id, ping.responderId, now()]));
        } else {
          socket.on('sighting.created', (view) => received.created.push([view.sighting.id, now()]));
          socket.on('responders.moved', (moves) => {
            received.moved += moves.length;
            received.movedFrames++;
          });
          socket.on('responder.zone', () => received.zone++);
        }
      });
    const queue = [...clients];
    await Promise.all(
      Array.from({ length: Math.min(parallel, queue.length) }, async () => {
        while (queue.length > 0) await one(queue.shift());
      }),
    );
    return { connected: sockets.length, failed, firstError };
  },

  /** Connects a socket for each responder token (before a measurement over the socket, so it is not timed). */
  async connectRiders({ tokens }) {
    await connectRiders(tokens);
    return riderSockets.size;
  },

  async closeRiders() {
    closeRiders();
    return true;
  },

  async disconnectAll() {
    for (const s of sockets) s.close();
    sockets.length = 0;
    closeRiders();
    for (const w of wsClients) w.terminate();
    wsClients.length = 0;
    return true;
  },

  /** Connects `n` plain ws clients (the baseline); they count messages. */
  async wsConnect({ url, n, parallel = 50 }) {
    let made = 0;
    const one = () =>
      new Promise((resolve, reject) => {
        const w = new WebSocket(url, { perMessageDeflate: false });
        w.once('open', () => {
          wsClients.push(w);
          resolve();
        });
        w.once('error', reject);
        w.on('message', () => received.ws++);
      });
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (made < n) {
          made++;
          await one();
        }
      }),
    );
    return wsClients.length;
  },

  /** What was received since the last reset; `reset` clears it. */
  received({ reset = true } = {}) {
    const copy = { ...received };
    if (reset) resetReceived();
    return copy;
  },

  /**
   * Open loop: `rate` requests/s for `durationMs`, whatever the answers' latency.
   * Returns each request's [started, ms, status, id of the created sighting, request index].
   */
  async openLoop({ spec, rate, durationMs, offset = 0 }) {
    const make = builder(spec);
    const results = [];
    const inflight = [];
    const start = now();
    let sent = 0;
    await new Promise((resolve) => {
      const tick = () => {
        const elapsed = now() - start;
        const due = Math.min(Math.floor((elapsed / 1000) * rate), Math.floor((durationMs / 1000) * rate));
        while (sent < due) {
          const index = offset + sent;
          const [method, path, token, body] = make(index);
          sent++;
          inflight.push(
            request(method, path, token, body).then((r) => {
              results.push([r.started, r.ms, r.status, r.body?.sighting?.id ?? null, index]);
            }),
          );
        }
        if (elapsed >= durationMs) resolve();
        else setTimeout(tick, Math.max(0, Math.min(durationMs, ((sent + 1) / rate) * 1000) - (now() - start)));
      };
      tick();
    });
    await Promise.all(inflight);
    return { results, sent };
  },

  /**
   * Closed loop: `concurrency` workers, each sending its next request as soon as the previous answered,
   * for `warmupMs` (not recorded) then `durationMs` (recorded). Returns latencies (ms), count and errors.
   */
  async closedLoop({ spec, concurrency, durationMs, warmupMs = 0, offset = 0, url = null }) {
    const make = builder(spec);
    const overSocket = spec.via === 'socket';
    if (overSocket) await connectRiders(spec.responders.map((r) => r.token));
    // Another server than the API (the HTTP floor): its own address and connections.
    const to = url ? { host: new URL(url).hostname, port: Number(new URL(url).port) } : target;
    const via = url ? new http.Agent({ keepAlive: true, maxSockets: 256 }) : agent;
    const latencies = [];
    const statuses = {};
    let errors = 0;
    let firstError = null;
    let total = 0;
    const start = now();
    const measureFrom = start + warmupMs;
    const end = measureFrom + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        let k = worker;
        while (now() < end) {
          const [method, path, token, body] = make(offset + k);
          k += concurrency;
          total++;
          const r = overSocket ? await emitLocation(token, body) : await request(method, path, token, body, to, via);
          if (r.started >= measureFrom && r.started + r.ms <= end) {
            latencies.push(r.ms);
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          }
          if (r.status < 200 || r.status >= 300) {
            errors++;
            firstError ??= `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
          }
        }
      }),
    );
    if (url) via.destroy();
    return { latencies, statuses, errors, firstError, total, windowMs: durationMs };
  },

  /** Sends a list of requests with bounded parallelism (setup through the real API). */
  async batch({ requests, parallel = 16 }) {
    const queue = requests.map((r, index) => ({ ...r, index }));
    const failures = [];
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (queue.length > 0) {
          const r = queue.shift();
          const res = await request(r.method, r.path, r.token, r.body);
          if (res.status < 200 || res.status >= 300) failures.push({ index: r.index, status: res.status, body: res.body });
        }
      }),
    );
    return { failures: failures.length, first: failures[0] ?? null };
  },
};

process.on('message', async (msg) => {
  try {
    const result = await handlers[msg.cmd](msg.args ?? {});
    process.send({ id: msg.id, result });
  } catch (error) {
    process.send({ id: msg.id, error: error?.stack ?? String(error) });
  }
});
// The bench went away (crash, Ctrl-C): stop at once.
process.on('disconnect', () => process.exit(0));
