// Stub providers for the benchmarks: a Twilio-shaped and a Telegram-shaped HTTP server on 127.0.0.1 that the
// API's official SDKs talk to (TWILIO_API_URL, TELEGRAM_API_URL). They answer every call, optionally after a
// fixed delay (the round trip to the real provider), and count what was sent per wall-clock second and to whom.
import http from 'node:http';
import { URLSearchParams } from 'node:url';
import { freePort } from './api.mjs';

/**
 * A stub provider: `handle(req, body)` returns `{ status, body, to? }`; a `to` counts as one send.
 * `onRequest(req, body, out)` sees every request after it was handled (the webhook bench follows rung phones).
 */
export function stubServer(handle, { delayMs = 0, onRequest } = {}) {
  const state = { delayMs };
  const perSecond = new Map();
  const recipients = new Map();
  let total = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const out = handle(req, body);
      if (out.to) {
        total++;
        const second = Math.floor(Date.now() / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        recipients.set(out.to, (recipients.get(out.to) ?? 0) + 1);
      }
      const answer = () => {
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
        onRequest?.(req, body, out);
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  return {
    server,
    perSecond,
    recipients,
    get total() {
      return total;
    },
    /** Milliseconds every answer waits (a provider's round trip); changeable between phases. */
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms) {
      state.delayMs = ms;
    },
    async listen() {
      const port = await freePort();
      await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
      return `http://127.0.0.1:${port}`;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let sequence = 0;
const sidOf = (prefix) => `${prefix}${(++sequence).toString(16).padStart(32, '0')}`;

/**
 * Twilio's REST API as the `twilio` SDK calls it: messages (counted as sends, and listed by To and From, newest
 * first, as the alerts' sweeper asks after a worker died), calls (ring and stop legs), queues.
 */
export const twilioStub = (accountSid, options = {}) => {
  const sentTo = new Map();
  return stubServer((req, body) => {
    const params = new URLSearchParams(body);
    const [pathname, query] = req.url.split('?');
    if (req.method === 'POST' && pathname.endsWith('/Messages.json')) {
      const sid = sidOf('SM');
      const message = { sid, from: params.get('From'), body: params.get('Body'), at: new Date() };
      sentTo.set(params.get('To'), [...(sentTo.get(params.get('To')) ?? []), message]);
      return {
        status: 201,
        to: params.get('To'),
        body: { sid, account_sid: accountSid, to: params.get('To'), from: params.get('From'), body: params.get('Body'), status: 'queued', num_segments: '1' },
      };
    }
    if (req.method === 'GET' && pathname.endsWith('/Messages.json')) {
      const q = new URLSearchParams(query ?? '');
      const to = q.get('To');
      const messages = (sentTo.get(to) ?? []).filter((m) => !q.get('From') || m.from === q.get('From')).reverse();
      const page = messages.map((m) => ({
        sid: m.sid,
        account_sid: accountSid,
        to,
        from: m.from,
        body: m.body,
        status: 'sent',
        date_created: m.at.toUTCString(),
      }));
      return { status: 200, body: { messages: page, page: 0, page_size: 50, start: 0, end: page.length, next_page_uri: null, previous_page_uri: null } };
    }
    const call = /\/Calls(?:\/(CA[0-9a-f]{32}))?\.json$/.exec(pathname);
    if (req.method === 'POST' && call) {
      const sid = call[1] ?? sidOf('CA');
      return { status: call[1] ? 200 : 201, body: { sid, account_sid: accountSid, status: call[1] ? (params.get('Status') ?? 'in-progress') : 'queued' } };
    }
    if (req.method === 'DELETE') return { status: 204, body: {} };
    return { status: 200, body: { sid: accountSid, status: 'active' } };
  }, options);
};

/** The Telegram Bot API as grammY calls it: sendMessage counted as a send, getMe, everything else `true`. */
export const telegramStub = (options = {}) => {
  let messageId = 0;
  return stubServer((req, body) => {
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url)?.[1];
    const params = body ? JSON.parse(body) : {};
    if (method === 'sendMessage') {
      return {
        status: 200,
        to: String(params.chat_id),
        body: {
          ok: true,
          result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: params.chat_id, type: 'private' }, text: params.text },
        },
      };
    }
    if (method === 'getMe') return { status: 200, body: { ok: true, result: { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot' } } };
    return { status: 200, body: { ok: true, result: true } };
  }, options);
};
