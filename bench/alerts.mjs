// The alerts benchmark: 200,000 subscribers (SMS, WhatsApp, Telegram) on a throwaway PostGIS, the real API sending
// to stub providers on 127.0.0.1 (a Twilio-shaped and a Telegram-shaped HTTP server that answer at once). Measures
// the time from approval to every recipient queued (delivery rows + durable jobs), our CPU per delivered message
// (in the first seconds of sending, and steady after them), and whether the configured provider rates hold (sends per wall-clock second at the stub).
// `npm run bench -- --alerts` (add --smoke for a tiny version).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import pg from 'pg';
import { ApiProcess, apiCall as call, signToken as token } from './lib/api.mjs';
import { telegramStub, twilioStub } from './lib/provider-stubs.mjs';
import { cpuSeconds, machine, postgresCpuSeconds } from './lib/proc.mjs';
import { sqlSummary, summarizeProfile, withStatements } from './lib/profile.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = {
  full: { sms: 100_000, whatsapp: 40_000, telegram: 60_000, warmS: 30, windowS: 30, killed: { sms: 5_000, whatsapp: 1_000, telegram: 600 } },
  smoke: { sms: 1_000, whatsapp: 400, telegram: 600, warmS: 1, windowS: 5, killed: { sms: 300, whatsapp: 0, telegram: 30 } },
};
/** A dead worker's rows wait this long (in-flight ones twice as long) before the sweeper, on its minute, takes them back. */
const RECOVERY_SECONDS = 10;
const RATES = { twilio: 200, telegram: 30 };
const TARGETS = { queuedMs: 10_000, cpuUsPerMessage: 200 };
const log = (m) => process.stdout.write(`  · ${m}\n`);

/** Subscribers in bulk: sealed addresses (the server's own KeyRing, same keys directory), all in one zone. */
async function subscribers(db, dataDir, size, { zone = 'Bench Zone 60608', first = 0 } = {}) {
  const { KeyRing } = await import(path.join(ROOT, 'apps/api/dist/crypto/key-ring.js'));
  const keys = new KeyRing({ keysDir: path.join(dataDir, 'keys') }, { now: () => Date.now() });
  const [{ id: zoneId }] = (
    await db.query(`INSERT INTO zones (name, area) VALUES ($1, ST_Multi(ST_MakeEnvelope(-87.7, 41.8, -87.6, 41.9, 4326))) RETURNING id`, [zone])
  ).rows;
  const languages = ['en', 'es', 'es', 'vi', 'zh', 'ht', 'ar', 'tl', 'pt'];
  let n = first;
  for (const [channel, count] of [
    ['sms', size.sms],
    ['whatsapp', size.whatsapp],
    ['telegram', size.telegram],
  ]) {
    for (let start = 0; start < count; start += 10_000) {
      const rows = Math.min(10_000, count - start);
      const hashes = [];
      const addresses = [];
      const langs = [];
      let keyId = null;
      for (let i = 0; i < rows; i++) {
        n++;
        const address = channel === 'telegram' ? String(100_000_000 + n) : `+1312${String(n).padStart(7, '0')}`;
        const sealed = keys.seal('alert-subscriber', address);
        keyId ??= keys.keyIdOf(sealed);
        hashes.push(`bench-${channel}-${n}`);
        addresses.push(sealed);
        langs.push(languages[n % languages.length]);
      }
      await db.query(
        `INSERT INTO alert_subscribers (channel, address_hash, address, sealed_key, zone_ids, language, consented_at, source, updated_at)
         SELECT $1, h, a, $4, ARRAY[$5::uuid], l, now(), 'import', now() FROM unnest($2::text[], $3::bytea[], $6::text[]) AS x(h, a, l)`,
        [channel, hashes, addresses, keyId, zoneId, langs],
      );
    }
  }
  await db.query('ANALYZE alert_subscribers');
  return zoneId;
}

/**
 * kill -9 of a worker mid-send: a second, smaller alert sent by two API processes; one is killed once a quarter has
 * gone out. The other carries on, its sweeper (on its minute) settles what the dead one held, and every recipient
 * is counted at the stubs: more than once is a duplicate, never is a loss.
 */
async function killMidSend({ db, dataDir, options, author, approver, twilio, telegram, size }) {
  const total = size.sms + size.whatsapp + size.telegram;
  const zoneId = await subscribers(db, dataDir, size, { zone: 'Bench Zone 60609', first: 1_000_000 });
  const { rows: addresses } = await db.query(`SELECT channel, address_hash AS hash FROM alert_subscribers WHERE $1::uuid = ANY(zone_ids)`, [zoneId]);
  const toOf = (channel, n) =>
    channel === 'telegram'
      ? String(100_000_000 + n)
      : channel === 'whatsapp'
        ? `whatsapp:+1312${String(n).padStart(7, '0')}`
        : `+1312${String(n).padStart(7, '0')}`;
  const recipients = addresses.map(({ channel, hash }) => toOf(channel, Number(hash.split('-').at(-1))));
  const received = () => recipients.map((to) => (twilio.recipients.get(to) ?? 0) + (telegram.recipients.get(to) ?? 0));
  const victim = await ApiProcess.start(options);
  const survivor = await ApiProcess.start(options);
  try {
    const created = await call(victim, author, 'POST', '/api/alerts', {
      type: 'know_your_rights',
      audience: { kind: 'zones', zoneIds: [zoneId] },
      channels: ['sms', 'whatsapp', 'telegram'],
      postToChannel: false,
      variants: [{ language: 'en', title: 'Know your rights', text: 'Do not open the door: ask for a warrant signed by a judge, slipped under the door.' }],
    });
    const asked = await call(victim, author, 'POST', `/api/alerts/${created.alert.id}/approval-request`);
    await call(survivor, approver, 'POST', `/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval.hash });
    while (received().filter((c) => c > 0).length < total / 4) await new Promise((resolve) => setTimeout(resolve, 50));
    const held = await db.query(`SELECT status, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 AND status IN ('claimed', 'sending') GROUP BY 1`, [
      created.alert.id,
    ]);
    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    await victim.exited;
    log(
      `alerts: kill -9 of one of two API processes with ${received().filter((c) => c > 0).length} of ${total} sent (held then: ${JSON.stringify(held.rows)})`,
    );
    const deadline = Date.now() + 5 * 60_000;
    let status = '';
    while (status !== 'sent' && Date.now() < deadline) {
      status = (await db.query(`SELECT status FROM alerts WHERE id = $1`, [created.alert.id])).rows[0].status;
      if (status !== 'sent') await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const counts = received();
    const { rows } = await db.query(
      `SELECT status, error_code AS code, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [created.alert.id],
    );
    return {
      total,
      finished: status === 'sent',
      recoverySeconds: (performance.now() - killedAt) / 1000,
      duplicates: counts.filter((c) => c > 1).length,
      lost: counts.filter((c) => c === 0).length,
      statuses: rows,
    };
  } finally {
    victim.child.kill('SIGKILL');
    await survivor.stop().catch(() => undefined);
  }
}

export async function runAlertsBench(argv) {
  const smoke = argv.includes('--smoke');
  // --profile: a CPU profile of the API and per-statement SQL over the steady sending window, printed (figures skewed).
  const profile = argv.includes('--profile');
  const size = smoke ? SIZES.smoke : SIZES.full;
  const total = size.sms + size.whatsapp + size.telegram;
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const { EmbeddedPostgres } = await import(path.join(ROOT, 'apps/api/dist/database/embedded-postgres.js'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-bench-alerts-'));
  chmodSync(tmp, 0o755);
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const twilio = twilioStub(accountSid);
  const telegram = telegramStub();
  let cluster;
  let api;
  let db;
  try {
    const [twilioUrl, telegramUrl] = [await twilio.listen(), await telegram.listen()];
    log('alerts: starting a throwaway PostGIS cluster');
    const clusterOptions = { dataDir: path.join(tmp, 'pg'), database: 'centinela', durable: false };
    cluster = await EmbeddedPostgres.start(clusterOptions);
    if (profile) cluster = await withStatements(EmbeddedPostgres, cluster, clusterOptions);
    const dataDir = path.join(tmp, 'data');
    mkdirSync(dataDir, { recursive: true });
    const jwtSecret = randomBytes(48).toString('base64url');
    const env = {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
      TWILIO_PHONE_NUMBER: '+15550100001',
      TWILIO_WHATSAPP_NUMBER: '+15550100002',
      TWILIO_API_URL: twilioUrl,
      TELEGRAM_BOT_TOKEN: `1:${randomBytes(18).toString('base64url')}`,
      TELEGRAM_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
      TELEGRAM_API_URL: telegramUrl,
      PUBLIC_URL: 'https://bench.invalid',
      ALERT_TWILIO_MESSAGES_PER_SECOND: String(RATES.twilio),
      ALERT_TELEGRAM_MESSAGES_PER_SECOND: String(RATES.telegram),
      ALERT_RECOVERY_SECONDS: String(RECOVERY_SECONDS),
    };
    const options = { root: ROOT, databaseUrl: cluster.url, jwtSecret, dataDir, env };
    api = await ApiProcess.start(options); // migrations
    db = new pg.Client({ connectionString: cluster.url });
    db.on('error', () => undefined);
    await db.connect();
    log(`alerts: ${total.toLocaleString('en-US')} subscribers (sealed addresses)`);
    const genStart = performance.now();
    const zoneId = await subscribers(db, dataDir, size);
    log(`alerts: subscribers stored in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
    const users = (
      await db.query(
        `INSERT INTO users (username, password_hash, role) VALUES ('bench-author', 'x', 'dispatcher'), ('bench-approver', 'x', 'dispatcher') RETURNING id, username`,
      )
    ).rows;
    const author = await token(jwtSecret, users[0].id, 'dispatcher', 'bench-author');
    const approver = await token(jwtSecret, users[1].id, 'dispatcher', 'bench-approver');
    const created = await call(api, author, 'POST', '/api/alerts', {
      type: 'incident',
      audience: { kind: 'zones', zoneIds: [zoneId] },
      channels: ['sms', 'whatsapp', 'telegram'],
      postToChannel: false,
      variants: [
        {
          language: 'en',
          title: 'ICE confirmed',
          text: 'CONFIRMED 19:05: ICE (detentions) near 18th St & Blue Island Ave. Avoid the area, do not open the door.',
        },
        {
          language: 'es',
          title: 'ICE confirmado',
          text: 'CONFIRMADO 19:05: ICE (detenciones) cerca de 18th St y Blue Island Ave. Evite la zona, no abra la puerta.',
        },
      ],
    });
    const asked = await call(api, author, 'POST', `/api/alerts/${created.alert.id}/approval-request`);
    const postmasterPid = Number(readFileSync(path.join(tmp, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const approvalCpu0 = [cpuSeconds(api.pid), postgresCpuSeconds(postmasterPid)];
    const approveStart = performance.now();
    await call(api, approver, 'POST', `/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval.hash });
    const queuedMs = performance.now() - approveStart;
    const approvalCpu = [cpuSeconds(api.pid) - approvalCpu0[0], postgresCpuSeconds(postmasterPid) - approvalCpu0[1]];
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM alert_deliveries WHERE alert_id = $1)::int AS rows, (SELECT count(*) FROM pgboss.job WHERE name LIKE 'alerts.batch.%')::int AS jobs`,
        [created.alert.id],
      )
    ).rows[0];
    log(`alerts: approval → ${counts.rows.toLocaleString('en-US')} recipients queued in ${counts.jobs} jobs: ${queuedMs.toFixed(0)} ms`);

    // Sending, in two windows (the approval's own work is counted above, not per message). The first, right after
    // approval, pays for the sending code's first runs in a fresh process: V8 compiles it as it goes (its compiler
    // threads were a quarter of the API's CPU then, and the main thread runs unoptimised code). The second is the
    // steady cost, the one that counts for a whole alert: 200,000 recipients take about fifteen minutes to send.
    const windowStart = Date.now();
    const first = { sent: twilio.total + telegram.total, api: cpuSeconds(api.pid), pg: postgresCpuSeconds(postmasterPid) };
    await new Promise((resolve) => setTimeout(resolve, size.warmS * 1000));
    const sent0 = twilio.total + telegram.total;
    const cpu0 = cpuSeconds(api.pid);
    const pg0 = postgresCpuSeconds(postmasterPid);
    const warm = { sent: sent0 - first.sent, apiCpu: cpu0 - first.api, pgCpu: pg0 - first.pg };
    if (profile) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()');
    const stopProfile = profile ? await api.startProfile() : null;
    await new Promise((resolve) => setTimeout(resolve, size.windowS * 1000));
    if (stopProfile) printProfile(summarizeProfile(await stopProfile(), ROOT), await sqlSummary(db));
    const sentInWindow = twilio.total + telegram.total - sent0;
    const apiCpu = cpuSeconds(api.pid) - cpu0;
    const pgCpu = postgresCpuSeconds(postmasterPid) - pg0;
    await call(api, author, 'POST', `/api/alerts/${created.alert.id}/cancel`);
    // Whole seconds inside the window only (the first and last are partial).
    const seconds = (perSecond) =>
      [...perSecond].filter(([s]) => s > Math.floor(windowStart / 1000) && s < Math.floor(Date.now() / 1000) - 1).map(([, c]) => c);
    const rate = (perSecond, limit) => {
      const s = seconds(perSecond);
      return { max: Math.max(0, ...s), mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), over: s.filter((c) => c > limit).length, n: s.length };
    };
    const duplicates = [...twilio.recipients.values(), ...telegram.recipients.values()].filter((c) => c > 1).length;
    const twilioRate = rate(twilio.perSecond, RATES.twilio);
    const telegramRate = rate(telegram.perSecond, RATES.telegram);
    const killed = await killMidSend({ db, dataDir, options, author, approver, twilio, telegram, size: size.killed });
    const result = {
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      smoke,
      total,
      queuedMs,
      jobs: counts.jobs,
      rows: counts.rows,
      warmS: size.warmS,
      warm,
      windowS: size.windowS,
      sentInWindow,
      apiCpu,
      pgCpu,
      approvalCpu,
      twilioRate,
      telegramRate,
      killed,
      duplicates,
      load: [loadAtStart, os.loadavg()[0]],
      info: machine(),
      date: new Date(started),
      seconds: (Date.now() - started) / 1000,
    };
    log(
      `alerts: first ${size.warmS} s: ${warm.sent} sent, API CPU ${((warm.apiCpu / Math.max(1, warm.sent)) * 1e6).toFixed(0)} µs/message; next ${size.windowS} s: ${sentInWindow} sent, API CPU ${((apiCpu / Math.max(1, sentInWindow)) * 1e6).toFixed(0)} µs/message; Twilio max ${result.twilioRate.max}/s (mean ${result.twilioRate.mean.toFixed(1)}), Telegram max ${result.telegramRate.max}/s (mean ${result.telegramRate.mean.toFixed(1)}); ${duplicates} duplicates`,
    );
    if (!profile) writeSection(result);
    return 0;
  } finally {
    await db?.end().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    twilio.server.close();
    telegram.server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Rewrites the alerts section of docs/PERFORMANCE.md (full and smoke runs each have their own markers). */
function writeSection(r) {
  const file = path.join(ROOT, 'docs/PERFORMANCE.md');
  const tag = r.smoke ? 'bench:alerts-smoke' : 'bench:alerts-full';
  const perMessage = (r.apiCpu / Math.max(1, r.sentInWindow)) * 1e6;
  const judge = (ok) => (r.smoke ? '—' : ok ? 'pass' : 'MISS');
  const lines = [
    `- Command: \`${r.command}\``,
    `- Date: ${r.date.toISOString().replace('T', ' ').slice(0, 19)} UTC (${r.seconds.toFixed(0)} s)`,
    `- Machine: ${r.info.cpu}, ${r.info.cores} cores, ${r.info.ramGiB.toFixed(0)} GiB RAM, Node ${r.info.node}, Linux ${r.info.kernel}`,
    `- Machine load (1-minute load average, 2 cores): ${r.load[0].toFixed(1)} at the start, ${r.load[1].toFixed(1)} at the end${r.load[0] > 2 || r.load[1] > 2 ? ' — the machine was shared with other work; every figure is slower than on a quiet machine' : ''}`,
    `- Data: ${r.total.toLocaleString('en-US')} subscribers in one zone (SMS, WhatsApp, Telegram; sealed addresses), one alert in two languages to all of them; stub Twilio and Telegram on 127.0.0.1 answering at once; configured rates Twilio ${RATES.twilio}/s (SMS + WhatsApp), Telegram ${RATES.telegram}/s; one API process`,
    '',
    '| measure | result | target | pass/miss |',
    '|---|---|---|---|',
    `| approval → every recipient queued (${r.rows.toLocaleString('en-US')} delivery rows, ${r.jobs} pg-boss jobs, one transaction) | ${(r.queuedMs / 1000).toFixed(2)} s | ≤ ${TARGETS.queuedMs / 1000} s | ${judge(r.queuedMs <= TARGETS.queuedMs)} |`,
    `| API CPU per delivered message, steady (${r.sentInWindow.toLocaleString('en-US')} messages in the ${r.windowS} s after the first ${r.warmS} s) | ${perMessage.toFixed(0)} µs (PostgreSQL: ${((r.pgCpu / Math.max(1, r.sentInWindow)) * 1e6).toFixed(0)} µs) | ≤ ${TARGETS.cpuUsPerMessage} µs | ${judge(perMessage <= TARGETS.cpuUsPerMessage)} |`,
    `| API CPU per delivered message in the first ${r.warmS} s after approval (${r.warm.sent.toLocaleString('en-US')} messages; a fresh process still compiling its sending code) | ${((r.warm.apiCpu / Math.max(1, r.warm.sent)) * 1e6).toFixed(0)} µs (PostgreSQL: ${((r.warm.pgCpu / Math.max(1, r.warm.sent)) * 1e6).toFixed(0)} µs) | — | — |`,
    `| Twilio sends per second at the stub (whole seconds) | max ${r.twilioRate.max}, mean ${r.twilioRate.mean.toFixed(1)} over ${r.twilioRate.n} s; ${r.twilioRate.over} s above | ≤ ${RATES.twilio}/s | ${judge(r.twilioRate.over === 0)} |`,
    `| Telegram sends per second at the stub (whole seconds) | max ${r.telegramRate.max}, mean ${r.telegramRate.mean.toFixed(1)} over ${r.telegramRate.n} s; ${r.telegramRate.over} s above | ≤ ${RATES.telegram}/s | ${judge(r.telegramRate.over === 0)} |`,
    `| recipients who received the alert more than once | ${r.duplicates} | 0 | ${judge(r.duplicates === 0)} |`,
    `| kill -9 of a worker mid-send (${r.killed.total.toLocaleString('en-US')} recipients; one of three API processes killed once a quarter had gone out): recipients reached twice | ${r.killed.duplicates} | 0 | ${judge(r.killed.finished && r.killed.duplicates === 0)} |`,
    `| kill -9 of a worker mid-send: recipients never reached | ${r.killed.lost}${r.killed.finished ? '' : ' (the alert did not finish within 5 minutes)'} | 0 | ${judge(r.killed.finished && r.killed.lost === 0)} |`,
    '',
    `The approval itself (one transaction: ${r.rows.toLocaleString('en-US')} delivery rows and ${r.jobs} jobs) cost ${r.approvalCpu[0].toFixed(2)} s of API CPU and ${r.approvalCpu[1].toFixed(2)} s of PostgreSQL CPU, not counted per message. After the kill, the last recipient was reached ${r.killed.recoverySeconds.toFixed(0)} s later (ALERT_RECOVERY_SECONDS=${RECOVERY_SECONDS}, and the sweeper runs on the minute); delivery rows at the end: ${r.killed.statuses.map((x) => `${x.status}${x.code ? ` (${x.code})` : ''} ${x.n}`).join(', ')}.`,
  ].join('\n');
  let doc = readFileSync(file, 'utf8');
  const begin = `<!-- ${tag}:begin -->`;
  const end = `<!-- ${tag}:end -->`;
  if (!doc.includes(begin)) doc += `\n## Community alerts (${r.smoke ? 'smoke' : 'full'} run)\n\n${begin}\n${end}\n`;
  doc = doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), `${begin}\n${lines}\n${end}`);
  writeFileSync(file, doc);
}

function printProfile(cpu, sql) {
  log(`profile: ${cpu.busyMs.toFixed(0)} ms busy of ${cpu.totalMs.toFixed(0)} ms`);
  for (const c of cpu.categories.slice(0, 15)) log(`  self ${c.ms.toFixed(0).padStart(6)} ms ${(c.share * 100).toFixed(1).padStart(5)} %  ${c.name}`);
  for (const f of cpu.inclusive.slice(0, 25)) log(`  incl ${f.ms.toFixed(0).padStart(6)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
  log(`SQL: ${sql.calls} statements, ${sql.ms.toFixed(0)} ms executing, ${sql.planMs.toFixed(0)} ms planning`);
  for (const q of sql.top)
    log(`  ${String(q.calls).padStart(7)} × ${q.meanMs.toFixed(3)} ms (plan ${q.planMeanMs.toFixed(3)}) = ${q.ms.toFixed(0)} ms  ${q.query}`);
}
