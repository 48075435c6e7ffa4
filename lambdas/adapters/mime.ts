/**
 * Builds an Email as a raw RFC 5322 message, shared by OutboxMailer and SesMailer so the file a
 * demo leaves is byte-for-byte the kind of message SES sends. nodemailer's MailComposer does the
 * MIME work: multipart/alternative (text + html), multipart/related for cid: images, RFC 2047
 * encoded words for non-ASCII headers, line folding.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Email } from '../core/ports.ts';

export interface MimeOptions {
  /** The Date header (a simulated clock locally). @default now */
  date?: Date;
  /** The Message-ID header; generated when absent. */
  messageId?: string;
}

/** Header values may never carry a line break: that is how a header (Bcc, a second body) is injected. */
export const headerSafe = (value: string): string => value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

export async function buildMime(email: Email, options: MimeOptions = {}): Promise<Buffer> {
  const composer = new MailComposer({
    from: headerSafe(email.from),
    to: email.to.map(headerSafe),
    subject: headerSafe(email.subject),
    date: options.date ?? new Date(),
    ...(options.messageId && { messageId: headerSafe(options.messageId) }),
    text: email.text,
    html: email.html,
    attachments: (email.attachments ?? []).map((a) => ({
      cid: headerSafe(a.id),
      filename: headerSafe(a.filename),
      contentType: headerSafe(a.contentType),
      contentDisposition: 'inline',
      content: Buffer.from(a.content),
    })),
    // Everything is in memory: never let content point MailComposer at a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
  });
  return composer.compile().build();
}
