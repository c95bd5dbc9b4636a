import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { coalesceWrites } from './coalesced-writes.js';

/** A real socket.io server and client over TCP; counts the server's system-level writes to the client's connection. */
async function setUp(coalesce: boolean) {
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'] });
  if (coalesce) server.engine.on('connection', coalesceWrites);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const writes = { count: 0 };
  const joined = new Promise<void>((resolve) => {
    server.on('connection', (socket) => {
      // The net.Socket under ws: every flush to the kernel goes through _write (one chunk) or _writev (several).
      const raw = (socket.conn as unknown as { transport: { socket: { _socket: Record<'_write' | '_writev', (...args: unknown[]) => unknown> } } }).transport
        .socket._socket;
      for (const method of ['_write', '_writev'] as const) {
        const original = raw[method].bind(raw);
        raw[method] = (...args: unknown[]) => {
          writes.count++;
          return original(...args);
        };
      }
      void socket.join('watchers');
      socket.emit('ready');
      resolve();
    });
  });
  const client: ClientSocket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  await joined;
  return {
    server,
    client,
    writes,
    close: async () => {
      client.disconnect();
      await server.close();
    },
  };
}

/** Emits `count` messages to the room in one synchronous loop (as one commit's events are) and waits for all of them. */
async function burst(setup: Awaited<ReturnType<typeof setUp>>, count: number): Promise<number[]> {
  const received: number[] = [];
  const all = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${count} messages`)), 5_000);
    setup.client.on('n', (n: number) => {
      received.push(n);
      if (received.length === count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  setup.writes.count = 0;
  for (let n = 0; n < count; n++) setup.server.to('watchers').emit('n', n);
  await all;
  return received;
}

describe('coalesceWrites', () => {
  it('sends one turn’s messages to a connection in a single write, in order', async () => {
    const setup = await setUp(true);
    try {
      expect(await burst(setup, 3)).toEqual([0, 1, 2]);
      expect(setup.writes.count).toBe(1);
      // And again, once the first write has drained: nothing is left waiting.
      expect(await burst(setup, 5)).toEqual([0, 1, 2, 3, 4]);
      expect(setup.writes.count).toBe(1);
    } finally {
      await setup.close();
    }
  });

  it('is what makes the difference (without it, engine.io writes the first message alone and the rest after it drains)', async () => {
    const setup = await setUp(false);
    try {
      expect(await burst(setup, 3)).toEqual([0, 1, 2]);
      expect(setup.writes.count).toBeGreaterThan(1);
    } finally {
      await setup.close();
    }
  });
});
