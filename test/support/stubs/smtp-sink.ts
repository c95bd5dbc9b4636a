import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Recorder } from './recorder.js';

export type ReceivedMail = { from: string | null; to: string[]; raw: string };

/** An SMTP server on 127.0.0.1 (`smtp-server`) that accepts every message and records it. */
export class SmtpSink {
  readonly mail = new Recorder<ReceivedMail>();

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          sink!.mail.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    sink = new SmtpSink(server, `smtp://127.0.0.1:${port}`);
    return sink;
  }

  env(): Record<string, string> {
    return { SMTP_URL: this.url, MAIL_FROM: 'Centinela <hotline@centinela.test>' };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export const startSmtpSink = (): Promise<SmtpSink> => SmtpSink.start();
