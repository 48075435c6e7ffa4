/** Mailer on SES v2: SendEmail with the raw MIME message, so cid: inline images survive. */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Clock, Email, Mailer } from '../core/ports.ts';
import { buildMime, headerSafe } from './mime.ts';
import { systemClock } from './system-clock.ts';

export interface SesMailerProps {
  client: SESv2Client;
  /** SES configuration set for delivery events. */
  configurationSet?: string;
  /** Dates the messages. @default the system clock */
  clock?: Clock;
}

export class SesMailer implements Mailer {
  readonly #client: SESv2Client;
  readonly #configurationSet: string | undefined;
  readonly #clock: Clock;

  constructor(props: SesMailerProps) {
    this.#client = props.client;
    this.#configurationSet = props.configurationSet;
    this.#clock = props.clock ?? systemClock;
  }

  async send(email: Email): Promise<void> {
    const raw = await buildMime(email, { date: this.#clock.now() });
    await this.#client.send(
      new SendEmailCommand({
        FromEmailAddress: headerSafe(email.from),
        Destination: { ToAddresses: email.to.map(headerSafe) },
        Content: { Raw: { Data: raw } },
        ...(this.#configurationSet && { ConfigurationSetName: this.#configurationSet }),
      }),
    );
  }
}
