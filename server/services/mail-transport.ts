// How email leaves: over SMTP with nodemailer (KEYGATE_SMTP_URL; smtp:// upgrades with STARTTLS
// whenever the server offers it, smtps:// is TLS from the start), or, with no SMTP configured,
// into the local mailbox the pages show (the outbox worker writes it in the transaction that
// records the delivery).
import nodemailer from 'nodemailer';
import type { TransportOptions } from 'nodemailer';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Derived from the idempotency key: a receiver that deduplicates sees each notice once. */
  readonly messageId: string;
  readonly idempotencyKey: string;
}

export interface SmtpSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** How long one SMTP conversation may take; the outbox lease must outlast it. */
export const SMTP_TIMEOUT_MS = 30_000;

export function smtpSender(options: { readonly url: string; readonly from: string }): SmtpSender {
  const transport = nodemailer.createTransport(
    { url: options.url, connectionTimeout: SMTP_TIMEOUT_MS / 3, greetingTimeout: SMTP_TIMEOUT_MS / 3, socketTimeout: SMTP_TIMEOUT_MS } as TransportOptions,
    { from: options.from },
  );
  return {
    async send(mail) {
      await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'X-Keygate-Idempotency-Key': mail.idempotencyKey },
      });
    },
    close: () => transport.close(),
  };
}
