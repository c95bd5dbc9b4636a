// The HTTP floor: a bare node:http server (no framework, no auth, no validation) that reads a JSON body
// and answers 200 with a small JSON document, as PUT /api/responders/me/location does. Forked by the bench
// to show what this machine's HTTP stack and the bench's own clients cost before any application code.
import http from 'node:http';

let server = null;

const handlers = {
  listen() {
    server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        const out = JSON.stringify({ coordinates: body.coordinates ?? null, accuracy: null, at: new Date().toISOString(), zoneIds: [] });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      });
    });
    server.keepAliveTimeout = 60_000;
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  },
  close() {
    server?.closeAllConnections?.();
    server?.close();
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
