// A real SMTP server in the test process (the smtp-server package) that keeps what it receives,
// and can be made to refuse connections ("down") and accept them again.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly subject: string;
  readonly messageId: string;
  readonly idempotencyKey: string;
  /** The plain-text part, decoded. */
  readonly text: string;
  /** The HTML part, decoded. */
  readonly html: string;
}

export interface SmtpReceiver {
  readonly url: string;
  readonly mails: ReceivedMail[];
  /** While down, every connection is refused with 421. */
  down: boolean;
  /** Connections refused while down. */
  refused: number;
  close(): Promise<void>;
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? '' : line.slice(name.length + 1).trim();
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The decoded body of the MIME part with `type`. */
function part(raw: string, type: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const p of parts) {
    const [head, ...rest] = p.split(/\r?\n\r?\n/);
    if (head === undefined || !new RegExp(`content-type:\\s*${type}`, 'i').test(head)) continue;
    const body = rest.join('\n\n').replace(/\r?\n--[^\r\n]+--\s*$/, '');
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) return decodeQuotedPrintable(body);
    if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    return body;
  }
  return '';
}

export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const receiver: SmtpReceiver = {
    url: '',
    mails: [],
    down: false,
    refused: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (!receiver.down) return callback();
      receiver.refused += 1;
      const err = Object.assign(new Error('service not available (test: down)'), { responseCode: 421 });
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        receiver.mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: header(raw, 'Subject'),
          messageId: header(raw, 'Message-ID'),
          idempotencyKey: header(raw, 'X-Keygate-Idempotency-Key'),
          text: part(raw, 'text/plain'),
          html: part(raw, 'text/html'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  (receiver as { url: string }).url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return receiver;
}
