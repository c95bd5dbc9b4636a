// The webhook benchmark (issue 10's target: webhook handlers answer in p99 ≤ 50 ms). The real API on a throwaway
// PostGIS, stub Twilio and Telegram on 127.0.0.1 (the SDKs' REST calls land there), and this process playing
// Twilio's and Telegram's part: whole call flows (incoming → language → every phone rung → whisper → one accepts
// → the others' leg status → queue done → call status), SMS and WhatsApp into threads (with the status callbacks of
// the replies), and Telegram's guided flow — every request signed as the provider signs it. Three phases:
//   quiet     one request in flight at a time
//   busy      open loop: call flows, messages and Telegram updates arriving at a fixed rate, overlapping
//   slow      as busy, with the stub providers answering every REST call after 150 ms (api.twilio.com from a
//             server is ~100–300 ms away): a handler that waits on the provider shows it here
// `npm run bench -- --webhooks` (add --smoke for a tiny version).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';

import pg from 'pg';
import twilio from 'twilio';
import { ApiProcess, apiCall, signToken } from './lib/api.mjs';
import { cpuSeconds, machine, postgresCpuSeconds } from './lib/proc.mjs';
import { telegramStub, twilioStub } from './lib/provider-stubs.mjs';
import { fmt, summary } from './lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PUBLIC_URL = 'https://hotline.bench.invalid';
const TARGET_P99_MS = 50;
const SLOW_PROVIDER_MS = 150;
const SIZES = {
  full: { quiet: { calls: 150, sms: 150, telegram: 100 }, busySeconds: 30, rates: { calls: 4, sms: 15, whatsapp: 5, telegram: 10 } },
  smoke: { quiet: { calls: 5, sms: 5, telegram: 5 }, busySeconds: 3, rates: { calls: 2, sms: 4, whatsapp: 2, telegram: 2 } },
};
const OPERATORS = 3;
const log = (m) => process.stdout.write(`  · ${m}\n`);
const unescape = (s) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
const attribute = (twiml, tag, name) => {
  const m = new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(twiml);
  if (!m) throw new Error(`no ${tag} ${name} in ${twiml}`);
  return unescape(m[1]);
};
const hex = (n) => randomBytes(n).toString('hex');
/** Table order: the call flow step by step, then messages, then Telegram. */
const WEBHOOKS = [
  'voice: incoming',
  'voice: language (rings every phone)',
  'voice: wait',
  'voice: whisper',
  'voice: accept',
  'voice: leg status',
  'voice: queue done',
  'voice: call status',
  'messages: SMS in',
  'messages: WhatsApp in',
  'messages: delivery status',
  'telegram: /start',
  'telegram: message',
];
const order = (name) => WEBHOOKS.indexOf(name);

/** Plays Twilio and Telegram posting to the API; every answer's latency is recorded under its webhook's name. */
class Providers {
  constructor(api, authToken, telegramSecret) {
    this.api = api;
    this.authToken = authToken;
    this.telegramSecret = telegramSecret;
    this.samples = new Map();
    this.failures = [];
    this.rung = new Map(); // call id → legs the stub was asked to ring
    this.waiters = new Map();
  }

  record(name, ms) {
    if (!this.samples.has(name)) this.samples.set(name, []);
    this.samples.get(name).push(ms);
  }

  reset() {
    this.samples = new Map();
  }

  async timed(name, url, init) {
    const start = performance.now();
    const res = await fetch(this.api.url + url, init);
    const text = await res.text();
    const ms = performance.now() - start;
    if (res.status >= 300) {
      this.failures.push(`${name}: ${res.status} ${text.slice(0, 200)}`);
      throw new Error(`${name} answered ${res.status}`);
    }
    this.record(name, ms);
    return text;
  }

  /** A Twilio webhook: form params signed over PUBLIC_URL + path with the auth token (Twilio's algorithm). */
  twilio(name, urlOrPath, params) {
    const pathAndQuery = urlOrPath.startsWith(PUBLIC_URL) ? urlOrPath.slice(PUBLIC_URL.length) : urlOrPath;
    const signature = twilio.getExpectedTwilioSignature(this.authToken, PUBLIC_URL + pathAndQuery, params);
    return this.timed(name, pathAndQuery, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
  }

  telegram(name, update) {
    return this.timed(name, '/api/webhooks/telegram', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.telegramSecret },
      body: JSON.stringify(update),
    });
  }

  /** The stub Twilio saw a leg being rung (a Calls.json create whose Url names the call and the leg). */
  legRung(params, sid) {
    const url = params.get('Url') ?? '';
    const callId = new URL(url).searchParams.get('call');
    const legs = this.rung.get(callId) ?? [];
    legs.push({ sid, url, statusCallback: params.get('StatusCallback') });
    this.rung.set(callId, legs);
    this.waiters.get(callId)?.();
  }

  async legsOf(callId, count) {
    const deadline = Date.now() + 10_000;
    while ((this.rung.get(callId)?.length ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`call ${callId}: ${this.rung.get(callId)?.length ?? 0} of ${count} phones rung within 10 s`);
      await new Promise((resolve) => {
        this.waiters.set(callId, resolve);
        setTimeout(resolve, 250);
      });
    }
    this.waiters.delete(callId);
    return this.rung.get(callId);
  }
}

let numbers = 0;
const caller = () => `+1773${String(1_000_000 + ++numbers).slice(-7)}`;

/** One whole call as Twilio drives it; every operator speaks Spanish, so every phone rings. */
async function callFlow(p) {
  const CallSid = `CA${hex(16)}`;
  const base = { CallSid, AccountSid: 'AC', From: caller(), To: '+15550100001', Direction: 'inbound', CallStatus: 'ringing' };
  const menu = await p.twilio('voice: incoming', '/api/webhooks/twilio/voice', base);
  const chosen = await p.twilio('voice: language (rings every phone)', attribute(menu, 'Gather', 'action'), { ...base, Digits: '2' });
  const callId = new URL(attribute(chosen, 'Enqueue', 'action')).searchParams.get('call');
  await p.twilio('voice: wait', attribute(chosen, 'Enqueue', 'waitUrl'), { ...base, QueueTime: '3' });
  const legs = await p.legsOf(callId, OPERATORS);
  const screens = [];
  for (const leg of legs) screens.push(await p.twilio('voice: whisper', leg.url, { CallSid: leg.sid, CallStatus: 'in-progress' }));
  await p.twilio('voice: accept', attribute(screens[0], 'Gather', 'action'), { CallSid: legs[0].sid, Digits: '1' });
  for (const leg of legs.slice(1)) await p.twilio('voice: leg status', leg.statusCallback, { CallSid: leg.sid, CallStatus: 'canceled' });
  await p.twilio('voice: queue done', attribute(chosen, 'Enqueue', 'action'), { ...base, QueueResult: 'bridged', QueueSid: `QU${hex(16)}` });
  await p.twilio('voice: call status', '/api/webhooks/twilio/voice/status', { ...base, CallStatus: 'completed', CallDuration: '95' });
}

/** A text from a sender (one of a pool, so some open a thread and get the first reply, others add to theirs). */
function message(p, whatsapp, senders) {
  const sid = `SM${hex(16)}`;
  const from = `+1872${String(1_000_000 + Math.floor(Math.random() * senders)).slice(-7)}`;
  const prefix = whatsapp ? 'whatsapp:' : '';
  return p.twilio(whatsapp ? 'messages: WhatsApp in' : 'messages: SMS in', '/api/webhooks/twilio/messages', {
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: 'AC',
    From: prefix + from,
    To: prefix + (whatsapp ? '+15550100002' : '+15550100001'),
    Body: 'ICE van at 18th and Blue Island, two agents at the laundromat door',
    NumMedia: '0',
    NumSegments: '1',
  });
}

let updateId = 0;
let telegramMessageId = 0;
/** A Telegram sender: /start, then a place typed as text (the guided flow; each answer is a bot reply). */
async function telegramFlow(p) {
  const chatId = 500_000_000 + ++updateId;
  const update = (text) => ({
    update_id: ++updateId,
    message: {
      message_id: ++telegramMessageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Sender' },
      from: { id: chatId, is_bot: false, first_name: 'Sender', language_code: 'es' },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] } : {}),
    },
  });
  await p.telegram('telegram: /start', update('/start'));
  await p.telegram('telegram: message', update('hola'));
}

/** Runs `start()` `rate` times a second for `seconds` (open loop: late answers do not slow the arrivals). */
async function openLoop(rate, seconds, start) {
  const running = [];
  const begin = performance.now();
  const count = Math.round(rate * seconds);
  for (let i = 0; i < count; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(start().catch((e) => e));
  }
  const errors = (await Promise.all(running)).filter((r) => r instanceof Error);
  if (errors.length > 0) throw new Error(`${errors.length} flows failed; the first: ${errors[0].message}`);
}

export async function runWebhooksBench(argv) {
  const smoke = argv.includes('--smoke');
  const size = smoke ? SIZES.smoke : SIZES.full;
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const { EmbeddedPostgres } = await import(path.join(ROOT, 'apps/api/dist/database/embedded-postgres.js'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-bench-webhooks-'));
  chmodSync(tmp, 0o755);
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const telegramSecret = randomBytes(24).toString('base64url');
  let providers = null;
  const twilioApi = twilioStub(accountSid, {
    onRequest: (req, body, out) => {
      if (req.method === 'POST' && /\/Calls\.json$/.test(req.url)) providers?.legRung(new URLSearchParams(body), out.body.sid);
      if (req.method === 'POST' && /\/Messages\.json$/.test(req.url)) {
        const status = {
          MessageSid: out.body.sid,
          SmsSid: out.body.sid,
          MessageStatus: 'delivered',
          SmsStatus: 'delivered',
          AccountSid: accountSid,
          To: out.to,
        };
        providers?.twilio('messages: delivery status', '/api/webhooks/twilio/status', status).catch(() => undefined);
      }
    },
  });
  const telegramApi = telegramStub();
  let cluster;
  let api;
  let db;
  const phases = [];
  try {
    const [twilioUrl, telegramUrl] = [await twilioApi.listen(), await telegramApi.listen()];
    log('webhooks: starting a throwaway PostGIS cluster');
    cluster = await EmbeddedPostgres.start({ dataDir: path.join(tmp, 'pg'), database: 'centinela', durable: false });
    const dataDir = path.join(tmp, 'data');
    mkdirSync(dataDir, { recursive: true });
    const jwtSecret = randomBytes(48).toString('base64url');
    api = await ApiProcess.start({
      root: ROOT,
      databaseUrl: cluster.url,
      jwtSecret,
      dataDir,
      env: {
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_PHONE_NUMBER: '+15550100001',
        TWILIO_WHATSAPP_NUMBER: '+15550100002',
        TWILIO_API_URL: twilioUrl,
        TELEGRAM_BOT_TOKEN: `1:${randomBytes(18).toString('base64url')}`,
        TELEGRAM_WEBHOOK_SECRET: telegramSecret,
        TELEGRAM_API_URL: telegramUrl,
        PUBLIC_URL,
        HOTLINE_CALLS_PER_NUMBER: '1000',
      },
    });
    providers = new Providers(api, authToken, telegramSecret);
    db = new pg.Client({ connectionString: cluster.url });
    db.on('error', () => undefined);
    await db.connect();
    // Three operators, none on shift: every call rings the fallback group (all three speak Spanish).
    for (let i = 1; i <= OPERATORS; i++) {
      const [{ id }] = (await db.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', 'dispatcher') RETURNING id`, [`operator-${i}`]))
        .rows;
      const bearer = await signToken(jwtSecret, id, 'dispatcher', `operator-${i}`);
      await apiCall(api, bearer, 'PUT', '/api/hotline/operators/me', {
        phone: `+1555010${String(100 + i)}`,
        email: `op${i}@bench.invalid`,
        languages: ['en', 'es'],
        fallback: true,
      });
    }
    log('webhooks: warming up');
    for (let i = 0; i < 10; i++) {
      await callFlow(providers);
      await message(providers, false, 50);
      await telegramFlow(providers);
    }
    await drain(providers);
    const postmasterPid = Number(readFileSync(path.join(tmp, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const measure = async (name, description, run) => {
      providers.reset();
      const cpu0 = cpuSeconds(api.pid);
      const pg0 = postgresCpuSeconds(postmasterPid);
      const t0 = performance.now();
      await run();
      await drain(providers);
      const seconds = (performance.now() - t0) / 1000;
      const requests = [...providers.samples.values()].reduce((n, s) => n + s.length, 0);
      const phase = {
        name,
        description,
        seconds,
        requests,
        apiCpuMs: ((cpuSeconds(api.pid) - cpu0) * 1000) / Math.max(1, requests),
        pgCpuMs: ((postgresCpuSeconds(postmasterPid) - pg0) * 1000) / Math.max(1, requests),
        rows: [...providers.samples].map(([webhook, values]) => ({ webhook, ...summary(values) })).sort((a, b) => order(a.webhook) - order(b.webhook)),
        all: summary([...providers.samples.values()].flat()),
      };
      phases.push(phase);
      log(`webhooks: ${name}: ${requests} requests in ${seconds.toFixed(1)} s, p50 ${fmt(phase.all.p50)} ms, p99 ${fmt(phase.all.p99)} ms`);
    };
    await measure('quiet', 'one request in flight at a time', async () => {
      for (let i = 0; i < size.quiet.calls; i++) await callFlow(providers);
      for (let i = 0; i < size.quiet.sms; i++) await message(providers, i % 4 === 0, 100);
      for (let i = 0; i < size.quiet.telegram; i++) await telegramFlow(providers);
    });
    const busy = () =>
      Promise.all([
        openLoop(size.rates.calls, size.busySeconds, () => callFlow(providers)),
        openLoop(size.rates.sms, size.busySeconds, () => message(providers, false, 2000)),
        openLoop(size.rates.whatsapp, size.busySeconds, () => message(providers, true, 2000)),
        openLoop(size.rates.telegram, size.busySeconds, () => telegramFlow(providers)),
      ]);
    const r = size.rates;
    const busyText = `${size.busySeconds} s of ${r.calls} calls/s, ${r.sms} SMS/s, ${r.whatsapp} WhatsApp/s and ${r.telegram} Telegram senders/s arriving at once`;
    await measure('busy', busyText, busy);
    twilioApi.delayMs = SLOW_PROVIDER_MS;
    telegramApi.delayMs = SLOW_PROVIDER_MS;
    await measure('slow provider', `as busy, every REST call to the stub providers answered after ${SLOW_PROVIDER_MS} ms`, busy);
    if (providers.failures.length > 0) throw new Error(`webhooks failed:\n${providers.failures.slice(0, 10).join('\n')}`);
    const result = {
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      smoke,
      phases,
      load: [loadAtStart, os.loadavg()[0]],
      info: machine(),
      date: new Date(started),
      seconds: (Date.now() - started) / 1000,
    };
    writeSection(result);
    return 0;
  } finally {
    await db?.end().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await Promise.all([twilioApi.close(), telegramApi.close()]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Waits until the status callbacks the stub posts for the app's replies have been answered. */
async function drain(p) {
  const before = () => p.samples.get('messages: delivery status')?.length ?? 0;
  let last = -1;
  while (before() !== last) {
    last = before();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Rewrites the webhooks section of docs/PERFORMANCE.md (full and smoke runs each have their own markers). */
function writeSection(r) {
  const file = path.join(ROOT, 'docs/PERFORMANCE.md');
  const tag = r.smoke ? 'bench:webhooks-smoke' : 'bench:webhooks-full';
  const judge = (p99) => (r.smoke ? '—' : p99 <= TARGET_P99_MS ? 'pass' : 'MISS');
  const lines = [
    `- Command: \`${r.command}\``,
    `- Date: ${r.date.toISOString().replace('T', ' ').slice(0, 19)} UTC (${r.seconds.toFixed(0)} s)`,
    `- Machine: ${r.info.cpu}, ${r.info.cores} cores, ${r.info.ramGiB.toFixed(0)} GiB RAM, Node ${r.info.node}, Linux ${r.info.kernel}`,
    `- Machine load (1-minute load average, 2 cores): ${r.load[0].toFixed(1)} at the start, ${r.load[1].toFixed(1)} at the end${r.load[0] > 2 || r.load[1] > 2 ? ' — the machine was shared with other work; every figure is slower than on a quiet machine' : ''}`,
    `- Setup: one API process, a throwaway PostGIS, ${OPERATORS} operators in the fallback group (every call rings all three), the bench posting signed webhooks from the same machine; stub Twilio and Telegram on 127.0.0.1. Latency is from the request leaving the bench to the whole answer read. Target: p99 ≤ ${TARGET_P99_MS} ms for every webhook.`,
    '',
  ];
  for (const phase of r.phases) {
    lines.push(
      `**${phase.name}** — ${phase.description}: ${phase.requests.toLocaleString('en-US')} requests in ${phase.seconds.toFixed(1)} s; CPU per request: API ${fmt(phase.apiCpuMs)} ms, PostgreSQL ${fmt(phase.pgCpuMs)} ms`,
      '',
      '| webhook | n | p50 ms | p99 ms | max ms | p99 ≤ 50 ms |',
      '|---|---|---|---|---|---|',
      ...phase.rows.map((row) => `| ${row.webhook} | ${row.n} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${fmt(row.max)} | ${judge(row.p99)} |`),
      `| **all** | ${phase.all.n} | ${fmt(phase.all.p50)} | ${fmt(phase.all.p99)} | ${fmt(phase.all.max)} | ${judge(phase.all.p99)} |`,
      '',
    );
  }
  let doc = readFileSync(file, 'utf8');
  const begin = `<!-- ${tag}:begin -->`;
  const end = `<!-- ${tag}:end -->`;
  if (!doc.includes(begin)) doc += `\n## Hotline webhooks (${r.smoke ? 'smoke' : 'full'} run)\n\n${begin}\n${end}\n`;
  doc = doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), `${begin}\n${lines.join('\n').trim()}\n${end}`);
  writeFileSync(file, doc);
}
