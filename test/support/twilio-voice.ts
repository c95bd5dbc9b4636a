import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import twilio from 'twilio';

/** What the Twilio REST stub was asked to do. */
export type StubCall = { sid: string; to: string; from: string; url: string; statusCallback: string };
export type StubUpdate = { sid: string; status: string };
export type StubMessage = { sid: string; to: string; from: string; body: string };

const readForm = (req: IncomingMessage): Promise<Record<string, string>> =>
  new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(data))));
    req.on('error', reject);
  });

/** A small HTTP server playing Twilio's REST API for the voice calls and SMS the app makes (the SDK is pointed at it). */
export class TwilioVoiceStub {
  readonly calls: StubCall[] = [];
  readonly updates: StubUpdate[] = [];
  readonly messages: StubMessage[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TwilioVoiceStub> {
    const stub: { current?: TwilioVoiceStub } = {};
    const server = createServer((req, res) => {
      void (async () => {
        const form = await readForm(req);
        const path = req.url ?? '';
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'POST' && path.endsWith('/Calls.json')) {
          const sid = `CA${randomBytes(16).toString('hex')}`;
          stub.current!.calls.push({ sid, to: form.To!, from: form.From!, url: form.Url!, statusCallback: form.StatusCallback! });
          json(201, { sid, status: 'queued', to: form.To, from: form.From });
        } else if (req.method === 'POST' && /\/Calls\/(CA[0-9a-f]+)\.json$/.test(path)) {
          const sid = /\/Calls\/(CA[0-9a-f]+)\.json$/.exec(path)![1]!;
          stub.current!.updates.push({ sid, status: form.Status! });
          json(200, { sid, status: form.Status });
        } else if (req.method === 'POST' && path.endsWith('/Messages.json')) {
          const sid = `SM${randomBytes(16).toString('hex')}`;
          stub.current!.messages.push({ sid, to: form.To!, from: form.From!, body: form.Body! });
          json(201, { sid, status: 'queued', to: form.To, body: form.Body });
        } else json(404, { code: 20404, message: 'not found', status: 404 });
        stub.current!.notify();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub.current = new TwilioVoiceStub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return stub.current;
  }

  /** Resolves once `test` holds (checked after every request the stub answers), or rejects after `timeoutMs`. */
  async until(test: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (test()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Twilio stub: ${what} did not happen within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Plays Twilio's side of the webhooks: form posts to the app, signed as Twilio signs them (HMAC-SHA1 of URL + params). */
export class TwilioWebhooks {
  constructor(
    private readonly appUrl: () => string,
    private readonly publicUrl: string,
    private readonly authToken: string,
  ) {}

  /** POSTs to a URL the app gave Twilio (absolute, on PUBLIC_URL) or to a path; `forge` signs with the wrong token. */
  async post(urlOrPath: string, params: Record<string, string>, options: { forge?: boolean } = {}): Promise<{ status: number; twiml: string }> {
    const path = urlOrPath.startsWith(this.publicUrl) ? urlOrPath.slice(this.publicUrl.length) : urlOrPath;
    const signature = twilio.getExpectedTwilioSignature(options.forge ? 'not-the-token' : this.authToken, this.publicUrl + path, params);
    const res = await fetch(this.appUrl() + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, twiml: await res.text() };
  }
}

/** The value of an attribute of the first element named `tag` in TwiML (action URLs and the like), XML entities decoded. */
export function attribute(twiml: string, tag: string, name: string): string {
  const element = new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(twiml);
  if (!element) throw new Error(`no <${tag} ${name}=…> in ${twiml}`);
  return element[1]!
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** An SMTP server on 127.0.0.1 that keeps what it receives. */
export class SmtpSink {
  readonly mails: { to: string[]; raw: string }[] = [];
  private waiters: (() => void)[] = [];
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(): Promise<SmtpSink> {
    const sink: { current?: SmtpSink } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (raw += chunk));
        stream.on('end', () => {
          sink.current!.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
          for (const waiter of [...sink.current!.waiters]) waiter();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink.current = new SmtpSink(server, `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
    return sink.current;
  }

  /** Resolves once `test` holds (checked after every mail received), or rejects after `timeoutMs`. */
  async until(test: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (test()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMTP sink: ${what} did not arrive within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
