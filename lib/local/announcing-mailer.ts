/** A Mailer that tells the terminal each email it sent and, given `failed`, each it could not send. */
import type { Email, Mailer } from '../../lambdas/core/ports.ts';

export interface MailAnnouncer {
  sent(email: Email): void;
  failed?(email: Email, error: Error): void;
}

export const announcingMailer = (inner: Mailer, announce: MailAnnouncer): Mailer => ({
  send: async (email: Email) => {
    try {
      await inner.send(email);
    } catch (err) {
      announce.failed?.(email, err as Error);
      throw err;
    }
    announce.sent(email);
  },
});
