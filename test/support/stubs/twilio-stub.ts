import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { readBody, Recorder, type WebhookTarget } from './recorder.js';

export type TwilioSent = { sid: string; to: string; from: string; body: string; mediaUrl: string[]; statusCallback: string | null; createdAt: Date };
/** What happens to a message the app sends while messages are held: recorded and never answered, or lost on the way. */
export type HeldMessage = 'recorded' | 'lost';
/** A REST request the stub answered; `sid` is the CallSid it gave a call it created. */
export type TwilioRequest = { method: string; path: string; params: Record<string, string | string[]>; sid?: string };
export type WebhookResponse = { status: number; text: string; contentType: string | null };
type Failure = { status: number; code: number; message: string; times: number };

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Plays Twilio's part on 127.0.0.1: the REST API the SDK calls (messages, calls, incoming numbers, media), with
 * HTTP basic auth, failures on demand (429, 5xx, error codes), and the webhooks Twilio posts to the app, signed
 * with Twilio's real algorithm (`twilio.getExpectedTwilioSignature`) over PUBLIC_URL + path.
 */
export class TwilioStub {
  readonly phoneNumber = '+15550100001';
  readonly whatsappNumber = '+15550100002';
  /** Numbers the account owns (IncomingPhoneNumbers). */
  owned: string[] = [this.phoneNumber, this.whatsappNumber];
  /** A number's voice and messaging URLs as set at Twilio; unset, the app's own webhooks (as after a correct setup). */
  readonly numberUrls = new Map<string, { voiceUrl: string; smsUrl: string }>();
  readonly sent = new Recorder<TwilioSent>();
  readonly calls = new Recorder<TwilioRequest>();
  readonly requests = new Recorder<TwilioRequest>();
  private failures: Failure[] = [];
  private readonly media = new Map<string, { body: Buffer; contentType: string }>();
  private target: WebhookTarget | null = null;
  private held: Promise<void> | null = null;
  private heldMessages: { decide: (to: string) => HeldMessage | null; waiting: Set<() => void> } | null = null;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  /** On a free port with fresh credentials, or on the port and with the credentials given (a server started before the stub). */
  static async start(options: { port?: number; accountSid?: string; authToken?: string } = {}): Promise<TwilioStub> {
    let stub: TwilioStub | null = null;
    const server = createServer((req, res) => {
      void stub!.serve(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    stub = new TwilioStub(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      options.accountSid ?? `AC${hex(16)}`,
      options.authToken ?? hex(16),
    );
    return stub;
  }

  /** The app's Twilio settings pointing at this stub. */
  env(): Record<string, string> {
    return {
      TWILIO_ACCOUNT_SID: this.accountSid,
      TWILIO_AUTH_TOKEN: this.authToken,
      TWILIO_PHONE_NUMBER: this.phoneNumber,
      TWILIO_WHATSAPP_NUMBER: this.whatsappNumber,
      TWILIO_API_URL: this.url,
    };
  }

  attach(target: WebhookTarget): void {
    this.target = target;
  }

  /**
   * Holds the answers to new calls (the phones are being rung, their sids not yet known to the app) until the
   * returned function is called; the requests are recorded at once.
   */
  holdNewCalls(): () => void {
    let release: () => void = () => undefined;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = null;
      release();
    };
  }

  /**
   * Messages the app sends from now on, as `decide` says per recipient: `recorded` (Twilio took it, but its answer
   * never reaches the app), `lost` (it never reached Twilio), null (answered as usual). The returned function ends
   * it: every held request is then answered with a connection reset, as when the app's worker died.
   */
  holdMessages(decide: (to: string) => HeldMessage | null): () => void {
    const held = { decide, waiting: new Set<() => void>() };
    this.heldMessages = held;
    return () => {
      this.heldMessages = null;
      for (const cut of held.waiting) cut();
    };
  }

  /** The next `times` REST calls fail with this HTTP status and Twilio error code. */
  failNext(status: number, code = status === 429 ? 20429 : 20500, times = 1): void {
    this.failures.push({ status, code, message: `stub failure ${code}`, times });
  }

  /** Serves a file as Twilio serves a message's media; returns its MediaUrl. */
  addMedia(body: Buffer, contentType = 'image/jpeg'): string {
    const id = `ME${hex(16)}`;
    this.media.set(id, { body, contentType });
    return `${this.url}/2010-04-01/Accounts/${this.accountSid}/Messages/MM${hex(16)}/Media/${id}`;
  }

  /** Posts form params to the app as Twilio would: signed, unless `signature` says otherwise. */
  async post(path: string, params: Record<string, string>, options: { signature?: 'valid' | 'forged' | 'missing' } = {}): Promise<WebhookResponse> {
    const target = this.target;
    if (!target) throw new Error('TwilioStub is not attached to an app (TestApp.start with stubs)');
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const signature = options.signature ?? 'valid';
    if (signature === 'valid') headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(this.authToken, `${target.publicUrl}${path}`, params);
    if (signature === 'forged') headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(hex(16), `${target.publicUrl}${path}`, params);
    const response = await fetch(`${target.baseUrl()}${path}`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
  }

  /** An SMS (or, with `whatsapp`, a WhatsApp message) from `from` to the hotline. */
  async inbound(
    message: { from: string; body?: string; sid?: string; whatsapp?: boolean; media?: { url: string; contentType: string }[]; extra?: Record<string, string> },
    options: { signature?: 'valid' | 'forged' | 'missing' } = {},
  ): Promise<WebhookResponse & { sid: string }> {
    const sid = message.sid ?? `SM${hex(16)}`;
    const prefix = message.whatsapp ? 'whatsapp:' : '';
    const params: Record<string, string> = {
      MessageSid: sid,
      SmsMessageSid: sid,
      AccountSid: this.accountSid,
      From: `${prefix}${message.from}`,
      To: `${prefix}${message.whatsapp ? this.whatsappNumber : this.phoneNumber}`,
      Body: message.body ?? '',
      NumMedia: String(message.media?.length ?? 0),
      NumSegments: '1',
      ApiVersion: '2010-04-01',
      ...message.extra,
    };
    message.media?.forEach((m, i) => {
      params[`MediaUrl${i}`] = m.url;
      params[`MediaContentType${i}`] = m.contentType;
    });
    return { ...(await this.post('/api/webhooks/twilio/messages', params, options)), sid };
  }

  /** A status callback for a message the app sent. */
  status(sent: Pick<TwilioSent, 'sid' | 'to'>, status: string, errorCode?: string): Promise<WebhookResponse> {
    return this.post('/api/webhooks/twilio/status', {
      MessageSid: sent.sid,
      SmsSid: sent.sid,
      MessageStatus: status,
      SmsStatus: status,
      AccountSid: this.accountSid,
      To: sent.to,
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    });
  }

  private sentOf(params: Record<string, string | string[]>, one: (v: string | string[] | undefined) => string): TwilioSent {
    return {
      sid: `SM${hex(16)}`,
      to: one(params.To),
      from: one(params.From),
      body: one(params.Body),
      mediaUrl: params.MediaUrl === undefined ? [] : ([] as string[]).concat(params.MediaUrl),
      statusCallback: params.StatusCallback ? one(params.StatusCallback) : null,
      createdAt: new Date(),
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<unknown> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const json = (status: number, value: unknown): true => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      return true;
    };
    const mediaMatch = /\/Media\/(ME[0-9a-f]{32})$/.exec(url.pathname);
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    if (mediaMatch) {
      const file = this.media.get(mediaMatch[1]!);
      if (!file) return json(404, { code: 20404, message: 'not found', status: 404 });
      res.writeHead(200, { 'content-type': file.contentType }).end(file.body);
      return true;
    }
    const params: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
      const had = params[key];
      params[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    }
    const request: TwilioRequest = { method: req.method ?? 'GET', path: url.pathname, params };
    this.requests.push(request);
    const failure = this.failures[0];
    if (failure) {
      if (--failure.times <= 0) this.failures.shift();
      res.setHeader('retry-after', '1');
      return json(failure.status, {
        code: failure.code,
        message: failure.message,
        more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
        status: failure.status,
      });
    }
    const account = `/2010-04-01/Accounts/${this.accountSid}`;
    const now = new Date().toUTCString();
    if (req.method === 'GET' && url.pathname === `${account}/Messages.json`) {
      // The message list, newest first, filtered by To and From as Twilio does (no paging: one page is enough here).
      const to = url.searchParams.get('To');
      const from = url.searchParams.get('From');
      const pageSize = Number(url.searchParams.get('PageSize') ?? '50');
      const found = this.sent.items
        .filter((m) => (!to || m.to === to) && (!from || m.from === from))
        .reverse()
        .slice(0, pageSize);
      return json(200, {
        messages: found.map((m) => ({
          sid: m.sid,
          account_sid: this.accountSid,
          to: m.to,
          from: m.from,
          body: m.body,
          status: 'sent',
          direction: 'outbound-api',
          date_created: m.createdAt.toUTCString(),
          date_updated: m.createdAt.toUTCString(),
          date_sent: m.createdAt.toUTCString(),
          uri: `${account}/Messages/${m.sid}.json`,
        })),
        page: 0,
        page_size: pageSize,
        start: 0,
        end: found.length,
        uri: `${account}/Messages.json`,
        first_page_uri: `${account}/Messages.json?PageSize=${pageSize}&Page=0`,
        next_page_uri: null,
        previous_page_uri: null,
      });
    }
    if (req.method === 'POST' && url.pathname === `${account}/Messages.json`) {
      const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0]! : (v ?? ''));
      const hold = this.heldMessages;
      const decision = hold?.decide(one(params.To)) ?? null;
      if (hold && decision) {
        // Twilio took it (or never saw it), and its answer never comes back: the connection is cut when released.
        if (decision === 'recorded') this.sent.push(this.sentOf(params, one));
        await new Promise<void>((resolve) => hold.waiting.add(resolve));
        req.socket.destroy();
        return true;
      }
      const sent = this.sentOf(params, one);
      this.sent.push(sent);
      return json(201, {
        sid: sent.sid,
        account_sid: this.accountSid,
        to: sent.to,
        from: sent.from,
        body: sent.body,
        status: 'queued',
        num_segments: '1',
        num_media: String(sent.mediaUrl.length),
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: now,
        date_updated: now,
        uri: `${account}/Messages/${sent.sid}.json`,
      });
    }
    if (url.pathname === `${account}/IncomingPhoneNumbers.json`) {
      return json(200, {
        incoming_phone_numbers: this.owned.map((n) => {
          const base = this.target?.publicUrl ?? '';
          const urls = this.numberUrls.get(n) ?? { voiceUrl: `${base}/api/webhooks/twilio/voice`, smsUrl: `${base}/api/webhooks/twilio/messages` };
          return { sid: `PN${hex(16)}`, account_sid: this.accountSid, phone_number: n, friendly_name: n, voice_url: urls.voiceUrl, sms_url: urls.smsUrl };
        }),
        page: 0,
        page_size: 50,
        start: 0,
        end: this.owned.length,
        uri: `${account}/IncomingPhoneNumbers.json`,
        first_page_uri: `${account}/IncomingPhoneNumbers.json?Page=0&PageSize=50`,
        next_page_uri: null,
        previous_page_uri: null,
      });
    }
    const call = new RegExp(`^${account}/Calls(?:/(CA[0-9a-f]{32}))?\\.json$`).exec(url.pathname);
    if (req.method === 'POST' && call) {
      const sid = call[1] ?? `CA${hex(16)}`;
      this.calls.push(call[1] ? request : { ...request, sid });
      if (!call[1] && this.held) await this.held;
      return json(call[1] ? 200 : 201, {
        sid,
        account_sid: this.accountSid,
        status: call[1] ? (params.Status ?? 'in-progress') : 'queued',
        date_created: now,
        date_updated: now,
      });
    }
    if (url.pathname === `${account}.json`) return json(200, { sid: this.accountSid, status: 'active', friendly_name: 'stub' });
    return json(404, { code: 20404, message: `no stub route ${req.method} ${url.pathname}`, status: 404 });
  }
}

export const startTwilioStub = (options?: Parameters<typeof TwilioStub.start>[0]): Promise<TwilioStub> => TwilioStub.start(options);
