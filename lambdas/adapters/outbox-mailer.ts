/**
 * Mailer for local runs: each Email becomes `<timestamp>-<slug>.eml` plus the `.html` beside it.
 * The .eml is the message as sent (inline images as `cid:` parts); the .html is for opening in
 * a browser, so its `cid:` images are the attachments inlined as data: URIs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock, Email, Mailer } from '../core/ports.ts';
import { buildMime } from './mime.ts';
import { systemClock } from './system-clock.ts';

export interface OutboxMailerProps {
  dir: string;
  /** Names the files and dates the messages; the simulated clock in the demo. @default the system clock */
  clock?: Clock;
}

export interface OutboxFile {
  eml: string;
  html: string;
}


/** A file-name-safe slug: ASCII letters and digits only, so no subject can steer the path. */
export const slugify = (subject: string): string =>
  subject
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents off: "déjà" -> "deja"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '') || 'email';

/** The HTML with each `cid:<id>` that names an attachment replaced by that attachment as a data: URI. */
export function inlineAttachments(email: Pick<Email, 'html' | 'attachments'>): string {
  const byId = new Map((email.attachments ?? []).map((a) => [a.id, a]));
  if (byId.size === 0) return email.html;
  return email.html.replace(/(["'(])cid:([^"')\s]+)/g, (whole, quote: string, id: string) => {
    const a = byId.get(id);
    return a ? `${quote}data:${a.contentType};base64,${Buffer.from(a.content).toString('base64')}` : whole;
  });
}

export class OutboxMailer implements Mailer {
  readonly #dir: string;
  readonly #clock: Clock;
  /** Every file written, in send order (the demo prints them). */
  readonly sent: OutboxFile[] = [];

  constructor(props: OutboxMailerProps) {
    this.#dir = props.dir;
    this.#clock = props.clock ?? systemClock;
  }

  async send(email: Email): Promise<void> {
    await this.write(email);
  }

  /** Writes the Email and returns its two paths. */
  async write(email: Email): Promise<OutboxFile> {
    const date = this.#clock.now();
    const raw = await buildMime(email, { date });
    await mkdir(this.#dir, { recursive: true });
    // Colons are not allowed in Windows file names; milliseconds keep names in send order.
    const base = `${date.toISOString().replace(/:/g, '-')}-${slugify(email.subject)}`;
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}-${n}`;
      const file = { eml: path.join(this.#dir, `${name}.eml`), html: path.join(this.#dir, `${name}.html`) };
      try {
        // 'wx' fails if the file exists, so two sends in the same millisecond never overwrite each other.
        await writeFile(file.eml, raw, { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      await writeFile(file.html, inlineAttachments(email));
      this.sent.push(file);
      return file;
    }
  }
}
