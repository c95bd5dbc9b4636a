import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, randomUUID, verify, type ECDH, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A stub Web Push service for tests: an HTTPS server on 127.0.0.1 that accepts push messages the way a browser's push service
 * does (RFC 8030), checks the VAPID authorization (RFC 8292) and decrypts the payload the way the user agent does (RFC 8291 with
 * the aes128gcm content coding of RFC 8188). Everything is done with node:crypto so the app's real `web-push` calls are proven
 * end to end: a message only counts as received if a browser would have been able to read it.
 */

const TLS_DIR = path.resolve(import.meta.dirname, '../fixtures/push-tls');
const DEFAULT_TIMEOUT_MS = 3000;
/** Every push service must accept a body of 4096 octets (RFC 8291 §4); FCM, Mozilla and Apple refuse anything larger with 413. */
const MAX_BODY_BYTES = 4096;
/** How far ahead a VAPID token may expire (RFC 8292 §2). */
const MAX_VAPID_LIFETIME_S = 24 * 60 * 60;
const TAG_BYTES = 16;
const HEADER_FIXED_BYTES = 21; // salt(16) | rs(4) | idlen(1)
const P256_POINT_BYTES = 65;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The JSON shape of a browser's PushSubscription (`subscription.toJSON()`); keys are base64url without padding. */
export type TestPushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };

/** One push message that was accepted, authorized and decrypted. */
export type ReceivedPush = {
  endpoint: string;
  /** The decrypted plaintext, padding removed. */
  payload: Buffer;
  /** `JSON.parse` of the payload as UTF-8. */
  json(): unknown;
  /** The `TTL` header, in seconds. */
  ttl: number | null;
  /** The `Urgency` header (RFC 8030 §5.3), when sent. */
  urgency: string | null;
  /** The `Topic` header (RFC 8030 §5.4), when sent. */
  topic: string | null;
  /** The verified VAPID claims (`sub`, `aud`, `exp` in epoch seconds) and the `k=` public key (base64url) that signed them. */
  vapid: { subject: string; audience: string; expiresAt: number; publicKey: string };
};

/** Options for {@link PushReceiver.subscribe}. */
export type SubscribeOptions = {
  /**
   * The VAPID public key (base64url) the "browser" subscribed with (`pushManager.subscribe({ applicationServerKey })`). When set,
   * messages signed with any other key are refused with 403, as RFC 8292 §4.3 requires of push services.
   */
  applicationServerKey?: string;
};

type Waiter = { resolve: (push: ReceivedPush) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

type Subscription = {
  endpoint: string;
  /** The user agent's P-256 key pair (ua_private / ua_public in RFC 8291). */
  keys: ECDH;
  authSecret: Buffer;
  applicationServerKey: Buffer | null;
  expired: boolean;
  messages: ReceivedPush[];
  /** How many of `messages` have been handed out by `next()`. */
  consumed: number;
  waiters: Waiter[];
};

/** A request the push service turns down; the message becomes the plain-text response body so failing tests say why. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The stub push service. Start one per test file, hand `subscribe()` results to the app as if a browser had registered them,
 * make the app send with `agent: receiver.agent`, then await `next(endpoint)`.
 */
export class PushReceiver {
  private readonly subscriptions = new Map<string, Subscription>();
  private closed = false;

  private constructor(
    private readonly server: https.Server,
    /** The push service origin, e.g. `https://127.0.0.1:12345`; also the only VAPID `aud` accepted. */
    readonly origin: string,
    /** An agent that trusts the fixture certificate; pass it as `agent` to `webpush.sendNotification` (TLS stays verified). */
    readonly agent: https.Agent,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
  }

  /** Listens on a free port of 127.0.0.1 with the self-signed fixture certificate in test/fixtures/push-tls. */
  static async start(): Promise<PushReceiver> {
    const [cert, key] = await Promise.all([readFile(path.join(TLS_DIR, 'cert.pem')), readFile(path.join(TLS_DIR, 'key.pem'))]);
    const server = https.createServer({ cert, key });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    return new PushReceiver(server, `https://127.0.0.1:${port}`, new https.Agent({ ca: cert }));
  }

  /** A new subscription, as a browser creates one: a fresh P-256 key pair, a 16-byte auth secret and a unique endpoint. */
  subscribe(options: SubscribeOptions = {}): TestPushSubscription {
    const keys = createECDH('prime256v1');
    keys.generateKeys();
    const authSecret = randomBytes(16);
    const endpoint = `${this.origin}/push/${randomUUID()}`;
    let applicationServerKey: Buffer | null = null;
    if (options.applicationServerKey !== undefined) {
      applicationServerKey = Buffer.from(options.applicationServerKey, 'base64url');
      if (applicationServerKey.length !== P256_POINT_BYTES) {
        throw new Error('applicationServerKey must be a 65-byte uncompressed P-256 point');
      }
    }
    const sub: Subscription = { endpoint, keys, authSecret, applicationServerKey, expired: false, messages: [], consumed: 0, waiters: [] };
    this.subscriptions.set(endpoint, sub);
    return { endpoint, keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') } };
  }

  /**
   * The oldest message for `endpoint` that no earlier `next()` returned: one that already arrived, or else the next to arrive.
   * Rejects if none arrives within `timeoutMs`, or if the receiver is closed first.
   */
  next(endpoint: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReceivedPush> {
    const sub = this.subscriptions.get(endpoint);
    if (!sub) return Promise.reject(new Error(`${endpoint} is not a subscription of this push receiver`));
    const ready = sub.messages[sub.consumed];
    if (ready) {
      sub.consumed += 1;
      return Promise.resolve(ready);
    }
    if (this.closed) return Promise.reject(new Error('push receiver is closed'));
    const arrival = new Promise<ReceivedPush>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          sub.waiters = sub.waiters.filter((w) => w !== waiter);
          const earlier = `${sub.messages.length} received earlier, all consumed`;
          reject(new Error(`no push message for ${endpoint} within ${timeoutMs} ms (${earlier})`));
        }, timeoutMs),
      };
      sub.waiters.push(waiter);
    });
    // A test that fails before awaiting this (say, its send was refused) must not also crash the run with an unhandled rejection
    // when the timer fires or close() runs; whoever awaits the promise still gets the rejection.
    arrival.catch(() => undefined);
    return arrival;
  }

  /** Every message accepted for `endpoint` so far, oldest first, whether or not `next()` returned it. */
  received(endpoint: string): ReceivedPush[] {
    return [...this.lookup(endpoint).messages];
  }

  /** Marks the subscription dead: from now on the push service answers 410 Gone, as for an unsubscribed browser. */
  expire(endpoint: string): void {
    this.lookup(endpoint).expired = true;
  }

  /** Stops the server, drops open connections and rejects any `next()` still waiting. */
  async close(): Promise<void> {
    this.closed = true;
    for (const sub of this.subscriptions.values()) {
      for (const waiter of sub.waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`push receiver closed while waiting for ${sub.endpoint}`));
      }
      sub.waiters = [];
    }
    this.agent.destroy();
    const closing = new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    this.server.closeAllConnections();
    await closing;
  }

  private lookup(endpoint: string): Subscription {
    const sub = this.subscriptions.get(endpoint);
    if (!sub) throw new Error(`${endpoint} is not a subscription of this push receiver`);
    return sub;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const push = this.accept(req, await readBody(req));
      const location = `${this.origin}/message/${randomUUID()}`;
      const sub = this.lookup(push.endpoint);
      sub.messages.push(push);
      const waiter = sub.waiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        sub.consumed += 1;
        waiter.resolve(push);
      }
      res.writeHead(201, { Location: location }).end();
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, `push receiver failed: ${String(error)}`);
      res.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8', ...refusal.headers }).end(refusal.message);
    }
  }

  /** Checks a push request (RFC 8030 §5) and returns the decrypted message, or throws the Refusal the push service would send. */
  private accept(req: IncomingMessage, { body, size }: { body: Buffer; size: number }): ReceivedPush {
    if (req.method !== 'POST') throw new Refusal(405, `${req.method ?? '?'} is not allowed; push messages are POSTed`, { Allow: 'POST' });
    const pathname = new URL(req.url ?? '/', this.origin).pathname;
    if (!/^\/push\/[^/]+$/.test(pathname)) throw new Refusal(404, `${pathname} is not a push resource`);
    const sub = this.subscriptions.get(`${this.origin}${pathname}`);
    if (!sub) throw new Refusal(404, `no subscription at ${pathname}`);
    if (sub.expired) throw new Refusal(410, 'push subscription has expired or was unsubscribed');

    const vapid = this.verifyVapid(req.headers.authorization, sub);

    const ttlHeader = req.headers.ttl;
    if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader.trim())) {
      throw new Refusal(400, 'missing or invalid TTL header (RFC 8030 §5.2)');
    }
    const urgency = req.headers.urgency ?? null;
    if (urgency !== null && (typeof urgency !== 'string' || !URGENCIES.has(urgency))) {
      throw new Refusal(400, `invalid Urgency header ${JSON.stringify(urgency)} (RFC 8030 §5.3)`);
    }
    const topic = req.headers.topic ?? null;
    if (topic !== null && (typeof topic !== 'string' || topic.length > 32 || !BASE64URL.test(topic))) {
      throw new Refusal(400, 'invalid Topic header: at most 32 base64url characters (RFC 8030 §5.4)');
    }
    const encoding = req.headers['content-encoding'];
    if (encoding !== 'aes128gcm') {
      throw new Refusal(415, `Content-Encoding must be aes128gcm (RFC 8291), got ${JSON.stringify(encoding ?? null)}`);
    }
    if (size > MAX_BODY_BYTES) throw new Refusal(413, `push message body of ${size} bytes exceeds ${MAX_BODY_BYTES} (RFC 8291 §4)`);

    const payload = decryptWebPush(body, sub.keys, sub.authSecret);
    return {
      endpoint: sub.endpoint,
      payload,
      json: () => JSON.parse(payload.toString('utf8')) as unknown,
      ttl: Number(ttlHeader.trim()),
      urgency,
      topic,
      vapid,
    };
  }

  /**
   * RFC 8292: `Authorization: vapid t=<JWT>, k=<public key>`. A missing or unparsable header is 401; a token that fails to verify
   * (signature, `aud`, `exp`, `sub`, or a key other than the one subscribed with) is 403.
   */
  private verifyVapid(header: string | undefined, sub: Subscription): ReceivedPush['vapid'] {
    if (!header) throw new Refusal(401, 'missing Authorization header (RFC 8292)');
    const scheme = /^vapid\s+(.+)$/is.exec(header.trim());
    if (!scheme?.[1]) throw new Refusal(401, 'Authorization scheme must be "vapid" (RFC 8292 §3)');
    const params = new Map<string, string>();
    for (const part of scheme[1].split(',')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      params.set(
        part.slice(0, eq).trim().toLowerCase(),
        part
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
    }
    const token = params.get('t');
    const publicKeyText = params.get('k');
    if (!token || !publicKeyText) throw new Refusal(401, 'vapid Authorization needs both t= and k= parameters (RFC 8292 §3)');

    const publicKey = decodeBase64url(publicKeyText, 'k=', 403);
    const verifyKey = importP256PublicKey(publicKey, 'k=', 403);
    if (sub.applicationServerKey && !sub.applicationServerKey.equals(publicKey)) {
      throw new Refusal(403, 'k= is not the applicationServerKey this subscription was created with (RFC 8292 §4.3)');
    }

    const parts = token.split('.');
    if (parts.length !== 3) throw new Refusal(403, 'VAPID token is not a JWS compact serialization');
    const [headerPart = '', claimsPart = '', signaturePart = ''] = parts;
    const jwtHeader = parseJsonPart(headerPart, 'JWT header');
    if (jwtHeader.alg !== 'ES256') throw new Refusal(403, `VAPID JWT alg must be ES256, got ${JSON.stringify(jwtHeader.alg)}`);
    const signature = decodeBase64url(signaturePart, 'JWT signature', 403);
    if (signature.length !== 64) throw new Refusal(403, `ES256 signature must be 64 bytes (JOSE r||s), got ${signature.length}`);
    const signed = Buffer.from(`${headerPart}.${claimsPart}`, 'ascii');
    if (!verify('sha256', signed, { key: verifyKey, dsaEncoding: 'ieee-p1363' }, signature)) {
      throw new Refusal(403, 'VAPID JWT signature does not verify against the k= public key');
    }

    const claims = parseJsonPart(claimsPart, 'JWT claims');
    if (claims.aud !== this.origin) throw new Refusal(403, `VAPID aud must be ${this.origin}, got ${JSON.stringify(claims.aud)}`);
    const now = Math.floor(Date.now() / 1000);
    const exp = claims.exp;
    if (typeof exp !== 'number' || !Number.isInteger(exp)) throw new Refusal(403, 'VAPID exp must be an integer (epoch seconds)');
    if (exp <= now) throw new Refusal(403, `VAPID token expired ${now - exp} s ago`);
    if (exp > now + MAX_VAPID_LIFETIME_S) throw new Refusal(403, 'VAPID exp is more than 24 hours ahead (RFC 8292 §2)');
    const subject = claims.sub;
    if (typeof subject !== 'string' || !(subject.startsWith('mailto:') || subject.startsWith('https:'))) {
      throw new Refusal(403, `VAPID sub must be a mailto: or https: URI, got ${JSON.stringify(subject)}`);
    }
    return { subject, audience: claims.aud, expiresAt: exp, publicKey: publicKeyText };
  }
}

/**
 * The user agent's side of RFC 8291 §3.4 over an RFC 8188 aes128gcm body:
 * header (salt 16 | rs uint32 BE | idlen uint8 | keyid = as_public) then records of rs bytes, each AES-128-GCM with the tag at
 * the end and plaintext = data | delimiter (0x02 last, 0x01 others) | zero padding.
 */
function decryptWebPush(body: Buffer, uaKeys: ECDH, authSecret: Buffer): Buffer {
  if (body.length < HEADER_FIXED_BYTES) throw new Refusal(400, `body of ${body.length} bytes is shorter than the aes128gcm header`);
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body.readUInt8(20);
  if (rs < TAG_BYTES + 2) throw new Refusal(400, `record size ${rs} is below the minimum of 18 (RFC 8188 §2.1)`);
  if (idlen !== P256_POINT_BYTES) {
    throw new Refusal(400, `keyid must be the 65-byte application server public key (RFC 8291 §4), got ${idlen} bytes`);
  }
  if (body.length < HEADER_FIXED_BYTES + idlen) throw new Refusal(400, 'body ends inside the aes128gcm keyid');
  const asPublic = body.subarray(HEADER_FIXED_BYTES, HEADER_FIXED_BYTES + idlen);

  let ecdhSecret: Buffer;
  try {
    ecdhSecret = uaKeys.computeSecret(asPublic);
  } catch {
    throw new Refusal(400, 'keyid is not a valid P-256 public key');
  }
  const uaPublic = uaKeys.getPublicKey();
  const prkKey = hmacSha256(authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0', 'ascii'), uaPublic, asPublic]);
  const ikm = hkdfExpand(prkKey, keyInfo, 32);
  const prk = hmacSha256(salt, ikm);
  const cek = hkdfExpand(prk, Buffer.from('Content-Encoding: aes128gcm\0', 'ascii'), 16);
  const baseNonce = hkdfExpand(prk, Buffer.from('Content-Encoding: nonce\0', 'ascii'), 12);

  const records = body.subarray(HEADER_FIXED_BYTES + idlen);
  if (records.length === 0) throw new Refusal(400, 'aes128gcm body has no records');
  const plaintext: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < records.length; offset += rs, seq += 1) {
    const record = records.subarray(offset, offset + rs);
    const last = offset + rs >= records.length;
    if (record.length <= TAG_BYTES) throw new Refusal(400, `record ${seq} is too short to hold a tag and a delimiter`);
    let data: Buffer;
    try {
      const decipher = createDecipheriv('aes-128-gcm', cek, recordNonce(baseNonce, seq), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
      data = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Refusal(400, `record ${seq} failed AES-128-GCM authentication (encrypted for other keys, or corrupted)`);
    }
    let end = data.length - 1;
    while (end >= 0 && data[end] === 0) end -= 1;
    if (end < 0) throw new Refusal(400, `record ${seq} has no padding delimiter`);
    const expected = last ? 2 : 1;
    if (data[end] !== expected) throw new Refusal(400, `record ${seq} has delimiter ${data[end]}, expected ${expected} (RFC 8188 §2)`);
    plaintext.push(data.subarray(0, end));
  }
  return Buffer.concat(plaintext);
}

/** NONCE XOR SEQ, with SEQ as a 96-bit big-endian integer (RFC 8188 §2.3). */
function recordNonce(base: Buffer, seq: number): Buffer {
  const nonce = Buffer.from(base);
  let rest = seq;
  for (let i = nonce.length - 1; i >= 0 && rest > 0; i -= 1) {
    nonce[i] = (nonce[i] ?? 0) ^ (rest & 0xff);
    rest = Math.floor(rest / 256);
  }
  return nonce;
}

function hmacSha256(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HKDF-Expand (RFC 5869 §2.3) with SHA-256 from an already extracted PRK. */
function hkdfExpand(prk: Buffer, info: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous: Buffer = Buffer.alloc(0);
  for (let counter = 1; blocks.length * 32 < length; counter += 1) {
    previous = hmacSha256(prk, Buffer.concat([previous, info, Buffer.from([counter])]));
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function decodeBase64url(text: string, what: string, status: number): Buffer {
  if (!BASE64URL.test(text)) throw new Refusal(status, `${what} is not base64url (without padding)`);
  return Buffer.from(text, 'base64url');
}

/** Imports a 65-byte uncompressed P-256 point (0x04 | x | y); node:crypto rejects points that are not on the curve. */
function importP256PublicKey(point: Buffer, what: string, status: number): KeyObject {
  if (point.length !== P256_POINT_BYTES || point[0] !== 0x04) {
    throw new Refusal(status, `${what} must be a 65-byte uncompressed P-256 point`);
  }
  const x = point.subarray(1, 33).toString('base64url');
  const y = point.subarray(33).toString('base64url');
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  } catch {
    throw new Refusal(status, `${what} is not a point on P-256`);
  }
}

function parseJsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeBase64url(part, what, 403).toString('utf8'));
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(403, `${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Refusal(403, `${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The request body and its full size; bytes past what the size check needs are counted but not kept. */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}
