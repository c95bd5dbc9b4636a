import { randomBytes } from 'node:crypto';
import type { HotlineCall } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { ChannelsService } from '../../apps/api/src/channels/channels.service.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { waitFor } from '../support/api-process.js';
import { freshBase } from '../support/geo.js';
import { type SmtpSink, startSmtpSink, startTwilioStub, type TwilioStub } from '../support/stubs/index.js';
import { expectOk, sightingBody, TEST_PUBLIC_URL, TestApp, type TestAccount } from '../support/test-app.js';

const DAY = 86_400_000;

/** The value of an attribute of the first element named `tag` in TwiML (action URLs and the like), entities decoded. */
function attribute(twiml: string, tag: string, name: string): string {
  const element = new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(twiml);
  if (!element) throw new Error(`no <${tag} ${name}=…> in ${twiml}`);
  return element[1]!
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

let serial = 0;
/** A fresh caller number and CallSid for each call. */
const newCall = (from = `+1312555${String(1000 + ++serial).slice(-4)}`) => ({
  CallSid: `CA${randomBytes(16).toString('hex')}`,
  From: from,
  To: '+15550100001',
});

/** The whole call flow as Twilio drives it: signed webhooks in, REST calls and SMS out to a stub, email to a sink. */
describe('hotline calls', () => {
  let t: TestApp;
  let clock: TestClock;
  let twilioApi: TwilioStub;
  let smtp: SmtpSink;
  let ana: TestAccount;
  let beto: TestAccount;
  let caro: TestAccount;
  const phones = { ana: '+13125550101', beto: '+13125550102', caro: '+13125550103' };

  beforeAll(async () => {
    clock = new TestClock(Date.now());
    [twilioApi, smtp] = await Promise.all([startTwilioStub(), startSmtpSink()]);
    t = await TestApp.start(
      {
        AUTO_DISPATCH_VERIFIERS: '0',
        HOTLINE_RING_SECONDS: '30',
        HOTLINE_CALLS_PER_NUMBER: '3',
        CALLER_RETENTION_DAYS: '7',
        NETWORK_TIME_ZONE: 'America/Chicago',
      },
      { clock, stubs: { twilio: twilioApi, smtp } },
    );
    // Ana speaks both, Beto Spanish, Caro English; all three in the fallback group (nobody is on shift here).
    [ana, beto, caro] = await Promise.all([t.account('dispatcher'), t.account('dispatcher'), t.account('coordinator')]);
    await expectOk(ana.api.put('/api/hotline/operators/me', { phone: phones.ana, email: 'ana@example.org', languages: ['en', 'es'], fallback: true }));
    await expectOk(beto.api.put('/api/hotline/operators/me', { phone: phones.beto, email: 'beto@example.org', languages: ['es'], fallback: true }));
    await expectOk(caro.api.put('/api/hotline/operators/me', { phone: phones.caro, email: 'caro@example.org', languages: ['en'], fallback: true }));
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilioApi.close(), smtp.close()]);
  });

  /** Twilio posting to a webhook URL the app gave it (absolute, on PUBLIC_URL) or to a path. */
  const hook = async (urlOrPath: string, params: Record<string, string>, signature: 'valid' | 'forged' = 'valid') => {
    const res = await twilioApi.post(urlOrPath.replace(TEST_PUBLIC_URL, ''), params, { signature });
    return { status: res.status, twiml: res.text };
  };
  /**
   * The phones a call's legs rang: To, the whisper URL, and the leg's CallSid as the stub gave it. The legs are
   * committed when the language webhook answers; their phones are rung right after, so each ring is awaited.
   */
  const legsOf = async (callId: string) => {
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM hotline_call_legs WHERE call_id = $1', [callId]);
    return Promise.all(
      rows.map(async (row) => {
        const created = await twilioApi.calls.next((c) => c.path.endsWith('/Calls.json') && String(c.params.Url).includes(row.id));
        return { sid: created.sid!, to: String(created.params.To), from: String(created.params.From), url: String(created.params.Url) };
      }),
    );
  };
  const stopped = (sid: string) => twilioApi.calls.items.some((c) => c.path.endsWith(`/Calls/${sid}.json`));
  const callRow = async (sid: string) => (await t.db.query('SELECT * FROM hotline_calls WHERE provider_sid = $1', [sid])).rows[0];
  const view = (id: string) => expectOk<HotlineCall>(ana.api.get(`/api/hotline/calls/${id}`));

  /** Incoming → menu → a language: the TwiML that makes the caller wait, and the legs the stub was asked to ring. */
  async function ringIn(params: Record<string, string>, digit: string) {
    const menu = await hook('/api/webhooks/twilio/voice', params);
    expect(menu.status).toBe(200);
    const chosen = await hook(attribute(menu.twiml, 'Gather', 'action'), { ...params, Digits: digit });
    const id = (await callRow(params.CallSid!)).id as string;
    return { menu, chosen, legs: await legsOf(id), id };
  }

  it('keeps phone numbers sealed and shows only a hint', async () => {
    const mine = await expectOk(ana.api.get('/api/hotline/operators/me'));
    expect(mine).toMatchObject({ phoneHint: '•••• 01', emailHint: 'a•••@example.org', languages: ['en', 'es'], fallback: true });
    expect(JSON.stringify(mine)).not.toContain('5550101');
    const { rows } = await t.db.query(`SELECT phone::text FROM hotline_operators WHERE user_id = $1`, [ana.user.id]);
    expect(rows[0].phone).not.toContain(Buffer.from('5550101').toString('hex'));
    // Nothing of either is kept in clear, not even the hint's digits or domain: the hints are made when read.
    const stored = await t.db.query(`SELECT row_to_json(o)::text AS row FROM hotline_operators o WHERE user_id = $1`, [ana.user.id]);
    expect(stored.rows[0].row).not.toContain('example.org');
    expect(stored.rows[0].row).not.toContain('•');
    const bad = await ana.api.put('/api/hotline/operators/me', { phone: '12345', languages: ['english'] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['languages.0', 'phone']);
  });

  it('rings every operator who speaks the language at once; the first to press 1 takes it, the others stop', async () => {
    const socket = await t.socket(caro);
    const params = newCall();
    const { menu, chosen, legs, id } = await ringIn(params, '2');
    expect(menu.twiml).toContain('<Gather');
    expect(menu.twiml).toContain('Para español, oprima 2.');
    expect(menu.twiml).toContain('language="es-MX"');
    expect(chosen.twiml).toContain(`<Enqueue`);
    expect(chosen.twiml).toContain(`call-${id}</Enqueue>`);
    // One TwiML round trip rang both Spanish speakers, not Caro.
    expect(legs.map((l) => l.to).sort()).toEqual([phones.ana, phones.beto]);
    expect(legs.every((l) => l.from === twilioApi.phoneNumber)).toBe(true);
    const ringing = await socket.next('hotline.call', (c) => c.id === id && c.state === 'ringing' && c.rang === 2);
    expect(ringing.language).toBe('es');
    expect(JSON.stringify(ringing)).not.toContain(params.From.slice(2));

    const anaLeg = legs.find((l) => l.to === phones.ana)!;
    const betoLeg = legs.find((l) => l.to === phones.beto)!;
    // Beto's personal voicemail picks up first: it hears the screen, presses nothing, and the leg hangs up.
    const betoScreen = await hook(betoLeg.url, { CallSid: betoLeg.sid });
    expect(betoScreen.twiml).toContain('Oprima 1 para atender esta llamada');
    expect(betoScreen.twiml).toMatch(/<\/Gather><Hangup\/>/);
    expect((await view(id)).state).toBe('ringing');
    // Ana presses 1: she is bridged to the caller's queue, Beto's leg is stopped at Twilio.
    const anaScreen = await hook(anaLeg.url, { CallSid: anaLeg.sid });
    const accepted = await hook(attribute(anaScreen.twiml, 'Gather', 'action'), { CallSid: anaLeg.sid, Digits: '1' });
    expect(accepted.twiml).toContain(`<Dial><Queue>call-${id}</Queue></Dial>`);
    await twilioApi.calls.next((c) => c.path.endsWith(`/Calls/${betoLeg.sid}.json`) && c.params.Status === 'canceled');
    expect(stopped(anaLeg.sid)).toBe(false);
    const answered = await socket.next('hotline.call', (c) => c.id === id && c.state === 'answered');
    expect(answered.answeredBy).toEqual({ id: ana.user.id, username: ana.user.username });
    // Beto presses 1 too late: told, hung up, nothing changes.
    const late = await hook(attribute(betoScreen.twiml, 'Gather', 'action'), { CallSid: betoLeg.sid, Digits: '1' });
    expect(late.twiml).toContain('Otra persona ya atendió');
    expect((await view(id)).answeredBy?.id).toBe(ana.user.id);

    // Ana logs the SALUTE form from the call; when the caller hangs up the incident's timeline records the call.
    await clock.setTime(clock.now() + 95_000);
    const logged = await expectOk(ana.api.post(`/api/hotline/calls/${id}/sighting`, { ...sightingBody(freshBase()), channel: undefined }), 201);
    expect(logged.sighting.channel).toBe('hotline-call');
    expect((await ana.api.post(`/api/hotline/calls/${id}/sighting`, { ...sightingBody(freshBase()), channel: undefined })).status).toBe(409);
    await hook('/api/webhooks/twilio/voice/status', { ...params, CallStatus: 'completed', CallDuration: '130' });
    const ended = await view(id);
    expect(ended).toMatchObject({ state: 'answered', durationSeconds: 95, sightingId: logged.sighting.id, incidentId: logged.sighting.incidentId });
    const timeline = await expectOk(ana.api.get(`/api/incidents/${logged.sighting.incidentId}/timeline`));
    const line = timeline.find((e: { kind: string }) => e.kind === 'call');
    expect(line).toMatchObject({ actor: ana.user.username, detail: { callId: id, language: 'es', durationSeconds: 95 } });
  });

  it('stops a phone whose ring was still on its way to Twilio when someone else took the call', async () => {
    const release = twilioApi.holdNewCalls();
    const params = newCall();
    const menu = await hook('/api/webhooks/twilio/voice', params);
    const chosen = await hook(attribute(menu.twiml, 'Gather', 'action'), { ...params, Digits: '2' });
    // The caller is already waiting while both phones are still being rung: the webhook did not wait for Twilio.
    expect(chosen.twiml).toContain('<Enqueue');
    const id = (await callRow(params.CallSid)).id as string;
    const legs = await legsOf(id);
    const anaLeg = legs.find((l) => l.to === phones.ana)!;
    const betoLeg = legs.find((l) => l.to === phones.beto)!;
    const anaScreen = await hook(anaLeg.url, { CallSid: anaLeg.sid });
    const accepted = await hook(attribute(anaScreen.twiml, 'Gather', 'action'), { CallSid: anaLeg.sid, Digits: '1' });
    expect(accepted.twiml).toContain(`<Dial><Queue>call-${id}</Queue></Dial>`);
    // Twilio now answers the two ring requests: Beto's phone, cancelled before its sid was known, is stopped; Ana's is not.
    release();
    await twilioApi.calls.next((c) => c.path.endsWith(`/Calls/${betoLeg.sid}.json`) && c.params.Status === 'canceled');
    // Ana's ring is answered independently of Beto's cancel: her sid is recorded when it comes back.
    const legRows = async () =>
      (await t.db.query<{ sid: string | null; state: string }>('SELECT provider_sid AS sid, state FROM hotline_call_legs WHERE call_id = $1', [id])).rows.map(
        (r) => [r.sid, r.state],
      );
    await waitFor('both legs to have their sids', async () => (await legRows()).every(([sid]) => sid !== null));
    expect((await legRows()).sort()).toEqual(
      [
        [anaLeg.sid, 'accepted'],
        [betoLeg.sid, 'cancelled'],
      ].sort(),
    );
    expect(stopped(anaLeg.sid)).toBe(false);
  });
  it('nobody answers in time: voicemail, and an SMS and an email to each operator rung, without the number', async () => {
    const params = newCall();
    const smsBefore = twilioApi.sent.items.length;
    const { chosen, legs, id } = await ringIn(params, '1');
    expect(legs.map((l) => l.to).sort()).toEqual([phones.ana, phones.caro]);
    const waitUrl = attribute(chosen.twiml, 'Enqueue', 'waitUrl');
    expect((await hook(waitUrl, { ...params, QueueTime: '10' })).twiml).toContain('<Pause');
    expect((await hook(waitUrl, { ...params, QueueTime: '30' })).twiml).toContain('<Leave/>');
    const queueSid = `QU${randomBytes(16).toString('hex')}`;
    const voicemail = await hook(attribute(chosen.twiml, 'Enqueue', 'action'), { ...params, QueueResult: 'leave', QueueSid: queueSid });
    expect(voicemail.twiml).toContain('<Record');
    // The call's own queue is deleted once the caller left it (Twilio keeps queues until deleted).
    await twilioApi.requests.next((r) => r.method === 'DELETE' && r.path.endsWith(`/Queues/${queueSid}.json`));
    for (const leg of legs) await twilioApi.calls.next((c) => c.path.endsWith(`/Calls/${leg.sid}.json`));
    expect((await view(id)).state).toBe('missed');
    await hook(attribute(voicemail.twiml, 'Record', 'action'), { ...params, RecordingDuration: '17' });
    expect(await view(id)).toMatchObject({ state: 'voicemail', voicemailSeconds: 17, callback: { takenBy: null, doneAt: null } });

    await twilioApi.sent.next(() => twilioApi.sent.items.length >= smsBefore + 2);
    const sms = twilioApi.sent.items.slice(smsBefore);
    expect(sms.map((m) => m.to).sort()).toEqual([phones.ana, phones.caro]);
    for (const m of sms) {
      expect(m.body).toContain(`${TEST_PUBLIC_URL}/dispatch`);
      expect(m.body).not.toContain(params.From.slice(-4));
    }
    await smtp.mail.next((m) => m.to.includes('ana@example.org'));
    await smtp.mail.next((m) => m.to.includes('caro@example.org'));
    for (const mail of smtp.mail.items) expect(mail.raw).not.toContain(params.From.slice(-4));

    // The call-back: Caro takes it, reads the number, marks it done.
    await expectOk(caro.api.patch(`/api/hotline/calls/${id}/callback`, { take: true }));
    expect(await expectOk(caro.api.get(`/api/hotline/calls/${id}/caller`))).toEqual({ number: params.From });
    const done = await expectOk<HotlineCall>(caro.api.patch(`/api/hotline/calls/${id}/callback`, { done: true }));
    expect(done.callback).toMatchObject({ takenBy: { id: caro.user.id } });
    expect(done.callback?.doneAt).not.toBeNull();
  });

  it('refuses a forged webhook with 403 and stores nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM hotline_calls')).rows[0].n;
    const forged = await hook('/api/webhooks/twilio/voice', newCall(), 'forged');
    expect(forged.status).toBe(403);
    const unsigned = await fetch(`${t.baseUrl}/api/webhooks/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(newCall()).toString(),
    });
    expect(unsigned.status).toBe(403);
    expect((await t.db.query('SELECT count(*)::int AS n FROM hotline_calls')).rows[0].n).toBe(before);
  });

  it('hangs up politely on a banned number and on a flood, and records both without the number', async () => {
    const first = newCall();
    const { id } = await ringIn(first, '1');
    await expectOk(ana.api.post(`/api/hotline/calls/${id}/ban`));
    const again = await hook('/api/webhooks/twilio/voice', newCall(first.From));
    expect(again.twiml).toContain('cannot take your call');
    expect(again.twiml).toContain('<Hangup/>');
    const banned = (
      await t.db.query(`SELECT * FROM hotline_calls WHERE caller_hash = (SELECT caller_hash FROM hotline_calls WHERE id = $1) AND state = 'refused'`, [id])
    ).rows;
    expect(banned).toHaveLength(1);
    expect(banned[0]).toMatchObject({ refused_because: 'banned', caller: null });

    const flooder = `+1773555${String(Date.now()).slice(-4)}`;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await hook('/api/webhooks/twilio/voice', newCall(flooder)));
    expect(answers.slice(0, 3).every((a) => a.twiml.includes('<Gather'))).toBe(true);
    expect(answers.slice(3).every((a) => a.twiml.includes('<Hangup/>') && !a.twiml.includes('<Gather'))).toBe(true);
    const refused = (await t.db.query(`SELECT refused_because FROM hotline_calls WHERE state = 'refused' AND refused_because = 'flood'`)).rows;
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });

  it('routes by the shift schedule: who is on shift at the call, across a shift boundary on the clock', async () => {
    const coordinator = await t.asCoordinator();
    const shift = async (start: string, end: string, people: TestAccount[]) => {
      const created = await expectOk(coordinator.api.post('/api/shifts', { role: 'operator', weekday: 1, start, end, minStaff: people.length }), 201);
      for (const p of people) await expectOk(coordinator.api.post(`/api/shifts/${created.id}/assignments`, { userId: p.user.id }), 201);
    };
    await shift('06:00', '10:00', [beto]);
    await shift('10:00', '14:00', [ana, caro]);
    // Monday 2026-11-30, 09:59:30 in Chicago (UTC−6): Beto's shift. A Spanish call rings Beto only, not the fallback group.
    await clock.setTime(Date.parse('2026-11-30T15:59:30Z'));
    const before = await ringIn(newCall(), '2');
    expect(before.legs.map((l) => l.to)).toEqual([phones.beto]);
    expect((await view(before.id)).fallback).toBe(false);
    // 10:00:30: the next shift. Spanish rings Ana (Caro does not speak it); English rings Ana and Caro.
    await clock.setTime(Date.parse('2026-11-30T16:00:30Z'));
    const spanish = await ringIn(newCall(), '2');
    expect(spanish.legs.map((l) => l.to)).toEqual([phones.ana]);
    const english = await ringIn(newCall(), '1');
    expect(english.legs.map((l) => l.to).sort()).toEqual([phones.ana, phones.caro]);
    // 14:00:30: nobody on shift, so the fallback group rings (everyone in it who speaks Spanish).
    await clock.setTime(Date.parse('2026-11-30T20:00:30Z'));
    const after = await ringIn(newCall(), '2');
    expect(after.legs.map((l) => l.to).sort()).toEqual([phones.ana, phones.beto]);
    expect((await view(after.id)).fallback).toBe(true);
  });

  it('never rings, texts or emails an operator whose access a coordinator ended (a seized phone)', async () => {
    const dora = await t.account('dispatcher');
    await expectOk(dora.api.put('/api/hotline/operators/me', { phone: '+13125550104', email: 'dora@example.org', languages: ['es'], fallback: true }));
    await expectOk(caro.api.post(`/api/users/${dora.user.id}/revoke`));
    const params = newCall();
    const { chosen, legs, id } = await ringIn(params, '2');
    expect(legs.map((l) => l.to).sort()).toEqual([phones.ana, phones.beto]);
    await hook(attribute(chosen.twiml, 'Enqueue', 'action'), { ...params, QueueResult: 'hangup' });
    const { rows } = await t.db.query('SELECT user_id FROM hotline_call_legs WHERE call_id = $1', [id]);
    expect(rows.map((r) => r.user_id)).not.toContain(dora.user.id);
  });

  it("purges callers' numbers after CALLER_RETENTION_DAYS, and their key with them", async () => {
    const params = newCall();
    const { chosen, id } = await ringIn(params, '1');
    await hook(attribute(chosen.twiml, 'Enqueue', 'action'), { ...params, QueueResult: 'hangup' });
    const sealed = (await t.db.query('SELECT caller FROM hotline_calls WHERE id = $1', [id])).rows[0].caller as Buffer;
    expect(sealed.toString('latin1')).not.toContain(params.From);
    // The number is for whoever calls back: not for a colleague who has not taken the call-back.
    expect((await beto.api.get(`/api/hotline/calls/${id}/caller`)).status).toBe(403);
    await expectOk(ana.api.patch(`/api/hotline/calls/${id}/callback`, { take: true }));
    await clock.setTime(clock.now() + 6 * DAY);
    await t.app.get(RetentionService).run();
    expect(await expectOk(ana.api.get(`/api/hotline/calls/${id}/caller`))).toEqual({ number: params.From });
    await clock.setTime(clock.now() + 2 * DAY);
    const run = await t.app.get(RetentionService).run();
    expect(run.purged["Hotline callers' numbers (sealed, for the call-back only)"]).toBeGreaterThanOrEqual(1);
    expect((await ana.api.get(`/api/hotline/calls/${id}/caller`)).status).toBe(404);
    expect((await view(id)).canCallBack).toBe(false);
    expect(run.keysDestroyed.some((k) => k.startsWith('caller/'))).toBe(true);
  });

  it("forgets the call's keyed hash of the number with the number, so an old call cannot be traced to it with KEYS_DIR", async () => {
    const params = newCall();
    const { id } = await ringIn(params, '1');
    const stable = t.app.get(ChannelsService).addressHash('sms', params.From);
    const hashOf = async () => (await t.db.query<{ caller_hash: string }>('SELECT caller_hash FROM hotline_calls WHERE id = $1', [id])).rows[0]!.caller_hash;
    // While the number is kept, the call links to it (repeat callers, bans).
    expect(await hashOf()).toBe(stable);
    await clock.setTime(clock.now() + 8 * DAY);
    await t.app.get(RetentionService).run();
    expect(await hashOf()).not.toContain(stable);
    expect((await view(id)).earlierCalls).toBe(0);
    // Banning needs the number's hash: from a forgotten call it is a 409 that says why.
    const ban = await ana.api.post(`/api/hotline/calls/${id}/ban`);
    expect(ban.status).toBe(409);
    expect(ban.body.message).toContain('CALLER_RETENTION_DAYS');
    // A new call from the same number is not linked to the old one.
    const again = await ringIn(newCall(params.From), '1');
    expect((await view(again.id)).earlierCalls).toBe(0);
  });
});
