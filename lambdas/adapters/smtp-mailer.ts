/**
 * Mailer for local runs that mail for real (`smtp:` in the config): each Email goes to an SMTP
 * server through nodemailer, as the very MIME message the outbox and SES get (mime.ts). The
 * credentials come from the environment (SMTP_USER / SMTP_PASSWORD by default), never the file.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SmtpConfig } from '../core/config.ts';
import type { Clock, Email, Mailer } from '../core/ports.ts';
import { buildMime } from './mime.ts';
import { systemClock } from './system-clock.ts';

export interface SmtpMailerProps {
  smtp: SmtpConfig;
  /** From the environment: no login when absent. */
  credentials?: { user?: string; password?: string };
  clock?: Clock;
  /** Seconds to wait for the server before the send fails (and the flow retries it). @default 30 */
  timeoutSeconds?: number;
}

export class SmtpSendError extends Error {
  constructor(readonly host: string, message: string, options?: { cause?: unknown }) {
    super(`SMTP ${host}: ${message}`, options);
    this.name = 'SmtpSendError';
  }
}

export class SmtpMailer implements Mailer {
  readonly #transport: Transporter<SMTPTransport.SentMessageInfo>;
  readonly #clock: Clock;
  readonly #host: string;
  /** Every message accepted by the server, in send order (watch prints them). */
  readonly accepted: { to: string[]; subject: string; messageId: string }[] = [];

  constructor(props: SmtpMailerProps) {
    const { smtp } = props;
    this.#clock = props.clock ?? systemClock;
    this.#host = `${smtp.host}:${smtpPort(smtp)}`;
    const ms = (props.timeoutSeconds ?? 30) * 1000;
    const { user, password } = props.credentials ?? {};
    this.#transport = createTransport({
      host: smtp.host,
      port: smtpPort(smtp),
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      ...(user || password ? { auth: { user: user ?? '', pass: password ?? '' } } : {}),
      connectionTimeout: ms,
      greetingTimeout: ms,
      socketTimeout: ms,
    });
  }

  async send(email: Email): Promise<void> {
    const raw = await buildMime(email, { date: this.#clock.now() });
    let info: SMTPTransport.SentMessageInfo;
    try {
      info = await this.#transport.sendMail({ envelope: { from: email.from, to: email.to }, raw });
    } catch (err) {
      // nodemailer's messages name the server's answer, never the password.
      throw new SmtpSendError(this.#host, (err as Error).message, { cause: err });
    }
    const refused = info.rejected.map(String);
    if (refused.length) throw new SmtpSendError(this.#host, `refused ${refused.length} recipient(s)`);
    this.accepted.push({ to: email.to, subject: email.subject, messageId: info.messageId });
  }

  /** Checks the server answers (and accepts the login) before anything needs to be sent. */
  async verify(): Promise<void> {
    try {
      await this.#transport.verify();
    } catch (err) {
      throw new SmtpSendError(this.#host, (err as Error).message, { cause: err });
    }
  }

  close(): void {
    this.#transport.close();
  }
}

export const smtpPort = (smtp: Pick<SmtpConfig, 'port' | 'security'>): number => smtp.port ?? (smtp.security === 'tls' ? 465 : 587);
