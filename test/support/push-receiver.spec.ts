import { createECDH, randomBytes } from 'node:crypto';
import https from 'node:https';
import { createRequire } from 'node:module';
import webpush, { type RequestOptions, type SendResult, type WebPushError } from 'web-push';
import { PushReceiver, type TestPushSubscription } from './push-receiver.js';

/**
 * The stub push service must accept exactly what a browser's push service would, so these tests drive it with the real
 * `web-push` library, and with hand-built requests for the cases `web-push` never produces.
 */

const SUBJECT = 'mailto:ops@example.org';

/** http_ece, the aes128gcm encoder inside web-push; used directly to produce multi-record, padded bodies web-push never sends. */
type Ece = { encrypt(plaintext: Buffer, params: Record<string, unknown>): Buffer };
const requireFromWebPush = createRequire(createRequire(import.meta.url).resolve('web-push'));
const ece = requireFromWebPush('http_ece') as Ece;

type RawResponse = { status: number; body: string };

let receiver: PushReceiver;
const vapidKeys = webpush.generateVAPIDKeys();
const vapidDetails = { subject: SUBJECT, publicKey: vapidKeys.publicKey, privateKey: vapidKeys.privateKey };

beforeAll(async () => {
  receiver = await PushReceiver.start();
});

afterAll(async () => {
  await receiver.close();
});

function send(sub: TestPushSubscription, payload: string | Buffer, options: RequestOptions = {}): Promise<SendResult> {
  return webpush.sendNotification(sub, payload, { vapidDetails, TTL: 60, agent: receiver.agent, timeout: 2000, ...options });
}

/** The WebPushError a rejected send ends with (fails the test if the send succeeded). */
async function sendError(sub: TestPushSubscription, payload: string | Buffer, options: RequestOptions = {}): Promise<WebPushError> {
  const error: unknown = await send(sub, payload, options).then(
    () => new Error('expected the push service to refuse the message'),
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof webpush.WebPushError)) throw error;
  return error;
}

/** A POST built by hand, over the receiver's agent so TLS is still verified. */
function post(url: string, headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', agent: receiver.agent, headers: { ...headers, 'Content-Length': String(body.length) }, timeout: 2000 };
    const req = https.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Headers web-push would send for `sub`, with a VAPID token we choose the keys and claims of. */
function vapidHeaders(
  opts: { audience?: string; publicKey?: string; privateKey?: string; expiration?: number; subject?: string } = {},
): Record<string, string> {
  const { Authorization } = webpush.getVapidHeaders(
    opts.audience ?? receiver.origin,
    opts.subject ?? SUBJECT,
    opts.publicKey ?? vapidKeys.publicKey,
    opts.privateKey ?? vapidKeys.privateKey,
    'aes128gcm',
    opts.expiration,
  );
  return { Authorization, TTL: '60', 'Content-Encoding': 'aes128gcm', 'Content-Type': 'application/octet-stream' };
}

describe('PushReceiver', () => {
  it('decrypts a JSON payload sent by web-push and reports the headers and the verified VAPID claims', async () => {
    const sub = receiver.subscribe();
    const message = { type: 'alert', id: 'a1b2', title: 'Checkpoint reported', body: 'Avenida Central y Calle 9 — ñandú ✓' };
    const arrival = receiver.next(sub.endpoint); // waiting before it is sent: resolved from the request handler

    const result = await send(sub, JSON.stringify(message), { urgency: 'high', topic: 'zone-42' });

    expect(result.statusCode).toBe(201);
    expect(result.headers.location).toMatch(new RegExp(`^${receiver.origin}/message/`));
    const push = await arrival;
    expect(push.endpoint).toBe(sub.endpoint);
    expect(push.json()).toEqual(message);
    expect(push.payload.toString('utf8')).toBe(JSON.stringify(message));
    expect(push.ttl).toBe(60);
    expect(push.urgency).toBe('high');
    expect(push.topic).toBe('zone-42');
    expect(push.vapid.subject).toBe(SUBJECT);
    expect(push.vapid.publicKey).toBe(vapidKeys.publicKey);
    expect(push.vapid.audience).toBe(receiver.origin);
    const now = Date.now() / 1000;
    expect(push.vapid.expiresAt).toBeGreaterThan(now);
    expect(push.vapid.expiresAt).toBeLessThanOrEqual(now + 24 * 3600);
    expect(receiver.received(sub.endpoint)).toEqual([push]);
  });

  it('round-trips large payloads up to the 4096-byte body every push service accepts, and refuses bigger ones with 413', async () => {
    const sub = receiver.subscribe();
    const text = 'x'.repeat(2990) + 'end-of-3000';
    // 4096 bytes of body = 86 bytes of aes128gcm header + plaintext + 1 delimiter + 16 tag.
    const largest = Buffer.from(randomBytes(2000).toString('hex').slice(0, 3993));

    await send(sub, text);
    await send(sub, largest);

    expect((await receiver.next(sub.endpoint)).payload.toString('utf8')).toBe(text);
    expect((await receiver.next(sub.endpoint)).payload.equals(largest)).toBe(true);
    const tooBig = await sendError(sub, Buffer.concat([largest, Buffer.from('!')]));
    expect(tooBig.statusCode).toBe(413);
    expect(receiver.received(sub.endpoint)).toHaveLength(2);
  });

  it('decrypts a body of several padded records (RFC 8188), checking each record nonce and delimiter', async () => {
    const sub = receiver.subscribe();
    const plaintext = Buffer.from(Array.from({ length: 40 }, (_, i) => `line ${i};`).join(''));
    const sender = createECDH('prime256v1');
    sender.generateKeys();
    // rs 64 leaves 47 plaintext bytes a record; 30 bytes of padding go into the first record, so that one ends 0x01 then zeros.
    const { p256dh, auth } = sub.keys;
    const body = ece.encrypt(plaintext, { version: 'aes128gcm', dh: p256dh, privateKey: sender, authSecret: auth, rs: 64, pad: 30 });
    expect(body.length).toBeGreaterThan(86 + 4 * 64);

    const response = await post(sub.endpoint, vapidHeaders(), body);

    expect(response).toEqual({ status: 201, body: '' });
    expect((await receiver.next(sub.endpoint)).payload.toString('utf8')).toBe(plaintext.toString('utf8'));
  });

  it('keeps subscriptions apart and delivers each one’s messages in order', async () => {
    const a = receiver.subscribe();
    const b = receiver.subscribe();

    await send(a, 'a-1');
    await send(b, 'b-1');
    await send(a, 'a-2');
    await send(a, 'a-3');

    expect((await receiver.next(b.endpoint)).payload.toString()).toBe('b-1');
    expect((await receiver.next(a.endpoint)).payload.toString()).toBe('a-1');
    expect((await receiver.next(a.endpoint)).payload.toString()).toBe('a-2');
    expect((await receiver.next(a.endpoint)).payload.toString()).toBe('a-3');
    await expect(receiver.next(b.endpoint, 100)).rejects.toThrow(/no push message/);
    expect(receiver.received(a.endpoint).map((p) => p.payload.toString())).toEqual(['a-1', 'a-2', 'a-3']);
    expect(receiver.received(b.endpoint).map((p) => p.payload.toString())).toEqual(['b-1']);
  });

  it('refuses with 400 a message encrypted for another subscription’s keys, and records nothing', async () => {
    const a = receiver.subscribe();
    const b = receiver.subscribe();

    const error = await sendError({ endpoint: a.endpoint, keys: b.keys }, 'for b only');

    expect(error.statusCode).toBe(400);
    expect(error.body).toMatch(/authentication/);
    expect(receiver.received(a.endpoint)).toEqual([]);
    expect(receiver.received(b.endpoint)).toEqual([]);
  });

  describe('hand-built requests', () => {
    const other = webpush.generateVAPIDKeys();
    const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
    const offCurve = Buffer.alloc(65, 4).toString('base64url');
    const cases: [string, () => Record<string, string>, number, RegExp][] = [
      ['a JWT signed by a different key than k= names', () => vapidHeaders({ privateKey: other.privateKey }), 403, /does not verify/],
      ['a JWT for another audience', () => vapidHeaders({ audience: 'https://push.example.net' }), 403, /aud must be/],
      ['an expired JWT', () => vapidHeaders({ expiration: Math.floor(Date.now() / 1000) - 60 }), 403, /expired/],
      ['a k= that is not a P-256 point', () => withAuth(vapidHeaders(), (auth) => auth.replace(/k=.*/, `k=${offCurve}`)), 403, /not a point/],
      ['a tampered JWT payload', () => withAuth(vapidHeaders({ expiration: inAnHour() }), tamperClaims), 403, /signature does not verify/],
      ['no Authorization', () => without(vapidHeaders(), 'Authorization'), 401, /missing Authorization/],
      ['a non-vapid Authorization scheme', () => withAuth(vapidHeaders(), (auth) => auth.replace(/^vapid/, 'WebPush')), 401, /scheme must be/],
      ['no TTL', () => without(vapidHeaders(), 'TTL'), 400, /TTL/],
      ['Content-Encoding aesgcm', () => ({ ...vapidHeaders(), 'Content-Encoding': 'aesgcm' }), 415, /aes128gcm/],
    ];

    it('accepts the untouched request the cases below are built from', async () => {
      const sub = receiver.subscribe();
      const { cipherText } = webpush.encrypt(sub.keys.p256dh, sub.keys.auth, 'hello', 'aes128gcm');

      expect(await post(sub.endpoint, vapidHeaders(), cipherText)).toEqual({ status: 201, body: '' });
      expect((await receiver.next(sub.endpoint)).payload.toString()).toBe('hello');
    });

    it.each(cases)('refuses %s', async (_name, headers, status, reason) => {
      const sub = receiver.subscribe();
      const { cipherText } = webpush.encrypt(sub.keys.p256dh, sub.keys.auth, 'hello', 'aes128gcm');

      const response = await post(sub.endpoint, headers(), cipherText);

      expect(response).toEqual({ status, body: expect.stringMatching(reason) });
      expect(receiver.received(sub.endpoint)).toEqual([]);
    });
  });

  it('refuses a VAPID key other than the applicationServerKey the subscription was made with', async () => {
    const sub = receiver.subscribe({ applicationServerKey: vapidKeys.publicKey });
    const other = webpush.generateVAPIDKeys();

    const error = await sendError(sub, 'wrong key', { vapidDetails: { subject: SUBJECT, ...other } });
    await send(sub, 'right key');

    expect(error.statusCode).toBe(403);
    expect(receiver.received(sub.endpoint).map((p) => p.payload.toString())).toEqual(['right key']);
  });

  it('answers 404 for an unknown subscription', async () => {
    const sub = receiver.subscribe();

    const error = await sendError({ ...sub, endpoint: `${receiver.origin}/push/never-subscribed` }, 'hello');

    expect(error.statusCode).toBe(404);
  });

  it('answers 410 Gone once a subscription has expired', async () => {
    const sub = receiver.subscribe();
    await send(sub, 'before');

    receiver.expire(sub.endpoint);
    const error = await sendError(sub, 'after');

    expect(error.statusCode).toBe(410);
    expect(receiver.received(sub.endpoint).map((p) => p.payload.toString())).toEqual(['before']);
  });

  it('rejects next() with a clear message when nothing arrives in time', async () => {
    const sub = receiver.subscribe();
    const started = Date.now();

    await expect(receiver.next(sub.endpoint, 200)).rejects.toThrow(`no push message for ${sub.endpoint} within 200 ms`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

function without(headers: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _dropped, ...rest } = headers;
  return rest;
}

function withAuth(headers: Record<string, string>, change: (auth: string) => string): Record<string, string> {
  return { ...headers, Authorization: change(headers.Authorization ?? '') };
}

/** Re-encodes the JWT claims with a different `sub`, keeping the original signature. */
function tamperClaims(auth: string): string {
  return auth.replace(/t=([^.]+)\.([^.]+)\./, (_match, header: string, claims: string) => {
    const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...decoded, sub: 'mailto:mallory@example.org' })).toString('base64url');
    return `t=${header}.${forged}.`;
  });
}
