// The fan-out baseline: a bare `ws` server (no socket.io, no framework) that broadcasts a JSON message to every
// connected client at a fixed rate. Forked by the bench, driven over IPC; its CPU is read from /proc.
import { WebSocketServer } from 'ws';

let wss = null;

const handlers = {
  listen() {
    return new Promise((resolve) => {
      wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
      wss.on('listening', () => resolve(wss.address().port));
    });
  },
  clients() {
    return wss.clients.size;
  },
  /** `rate` broadcasts/s for `durationMs`: each serialises `message` once and sends it to every client. */
  broadcast({ message, rate, durationMs }) {
    return new Promise((resolve) => {
      const start = performance.now();
      let sent = 0;
      let deliveries = 0;
      const tick = () => {
        const elapsed = performance.now() - start;
        const due = Math.min(Math.floor((elapsed / 1000) * rate), Math.floor((durationMs / 1000) * rate));
        while (sent < due) {
          sent++;
          const text = '42' + JSON.stringify(['responders.moved', [{ ...message, location: { ...message.location, at: new Date().toISOString() } }]]);
          for (const client of wss.clients) {
            client.send(text);
            deliveries++;
          }
        }
        if (elapsed >= durationMs) resolve({ broadcasts: sent, deliveries });
        else setTimeout(tick, Math.max(0, Math.min(durationMs, ((sent + 1) / rate) * 1000) - (performance.now() - start)));
      };
      tick();
    });
  },
  close() {
    for (const c of wss?.clients ?? []) c.terminate();
    wss?.close();
    return true;
  },
};

process.on('message', async (msg) => {
  try {
    process.send({ id: msg.id, result: await handlers[msg.cmd](msg.args ?? {}) });
  } catch (error) {
    process.send({ id: msg.id, error: error?.stack ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
