import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMailer, slugify } from '../../lambdas/adapters/outbox-mailer.ts';
import type { Email } from '../../lambdas/core/ports.ts';

const clock = { now: () => new Date('2025-03-03T10:15:30.123Z') };
// A 1x1 PNG.
const png = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

const anEmail = (overrides: Partial<Email> = {}): Email => ({
  from: 'Crisis Desk <desk@example.com>',
  to: ['ann@example.com', 'bob@example.com'],
  subject: '[SEV2] Acme: outage — level 1',
  text: 'Plain body: 46 negative mentions',
  html: '<p>HTML body: <b>46</b> negative mentions</p><img src="cid:chart-1">',
  ...overrides,
});

describe('Class: OutboxMailer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe('Method: send', () => {
    it('writes <timestamp>-<slug>.eml and the .html beside it', async () => {
      const mailer = new OutboxMailer({ dir: path.join(dir, 'a'), clock });
      const email = anEmail();
      const file = await mailer.write(email);
      expect(path.basename(file.eml)).toBe('2025-03-03T10-15-30.123Z-sev2-acme-outage-level-1.eml');
      expect(file.html).toBe(file.eml.replace(/\.eml$/, '.html'));
      expect(await readFile(file.html, 'utf8')).toBe(email.html);
      expect(mailer.sent).toEqual([file]);
    });

    it('writes a multipart/alternative message that parses back to the same Email', async () => {
      const mailer = new OutboxMailer({ dir: path.join(dir, 'b'), clock });
      const email = anEmail();
      const { eml } = await mailer.write(email);
      const raw = await readFile(eml);
      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.from?.text).toBe('"Crisis Desk" <desk@example.com>');
      const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
      expect(to.flatMap((a) => a?.value.map((v) => v.address))).toEqual(email.to);
      expect(parsed.text?.trim()).toBe(email.text);
      expect(parsed.html).toContain('<b>46</b>');
      expect(parsed.date?.toISOString()).toBe('2025-03-03T10:15:30.000Z');
      const text = raw.toString('latin1');
      expect(text).toMatch(/Content-Type: multipart\/alternative/);
      // The non-ASCII subject is an RFC 2047 encoded word, and every line ends in CRLF.
      expect(text).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
      expect(text).not.toMatch(/[^\r]\n/);
    });

    it('inlines cid: images in the .html copy, so it shows them in a browser, and keeps the .eml as sent', async () => {
      const mailer = new OutboxMailer({ dir: path.join(dir, 'inline'), clock });
      const email = anEmail({
        html: '<img src="cid:chart-1"><img src="cid:missing"><p>cid:chart-1 in text stays</p>',
        attachments: [{ id: 'chart-1', filename: 'chart-1.png', contentType: 'image/png', content: png }],
      });
      const file = await mailer.write(email);
      const copy = await readFile(file.html, 'utf8');
      expect(copy).toContain(`<img src="data:image/png;base64,${Buffer.from(png).toString('base64')}">`);
      // An id with no attachment is left alone, and so is text that only looks like a reference.
      expect(copy).toContain('<img src="cid:missing">');
      expect(copy).toContain('<p>cid:chart-1 in text stays</p>');
      expect(await readFile(file.eml, 'utf8')).toMatch(/src=3D"cid:chart-1"|src="cid:chart-1"/);
    });

    it('puts cid: images in a multipart/related part beside the html', async () => {
      const mailer = new OutboxMailer({ dir: path.join(dir, 'c'), clock });
      const email = anEmail({ attachments: [{ id: 'chart-1', filename: 'chart.png', contentType: 'image/png', content: png }] });
      const raw = await readFile((await mailer.write(email)).eml);
      expect(raw.toString('latin1')).toMatch(/Content-Type: multipart\/related/);
      const parsed = await simpleParser(raw);
      expect(parsed.attachments).toHaveLength(1);
      expect(parsed.attachments[0]).toMatchObject({ cid: 'chart-1', contentType: 'image/png', contentDisposition: 'inline' });
      expect(Buffer.compare(parsed.attachments[0]!.content, Buffer.from(png))).toBe(0);
    });

    it('neutralises CR/LF header injection in the subject and addresses', async () => {
      const mailer = new OutboxMailer({ dir: path.join(dir, 'd'), clock });
      const email = anEmail({
        subject: 'Hello\r\nBcc: victim@evil.example\r\n\r\nInjected body',
        to: ['ann@example.com\r\nBcc: other@evil.example'],
      });
      const raw = await readFile((await mailer.write(email)).eml);
      const text = raw.toString('latin1');
      expect(text).not.toMatch(/^Bcc:/im);
      expect(text).not.toMatch(/^Injected body/m);
      const parsed = await simpleParser(raw);
      expect(parsed.headers.has('bcc')).toBe(false);
      expect(parsed.subject).toBe('Hello Bcc: victim@evil.example Injected body');
      expect(parsed.text?.trim()).toBe(email.text);
    });

    it('never overwrites: two Emails with the same subject in the same millisecond get two files', async () => {
      const sub = path.join(dir, 'e');
      const mailer = new OutboxMailer({ dir: sub, clock });
      await Promise.all([mailer.send(anEmail({ text: 'one' })), mailer.send(anEmail({ text: 'two' }))]);
      expect((await readdir(sub)).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    });

    it('keeps files inside the outbox whatever the subject says', async () => {
      const sub = path.join(dir, 'f');
      const file = await new OutboxMailer({ dir: sub, clock }).write(anEmail({ subject: '../../etc/passwd' }));
      expect(path.dirname(file.eml)).toBe(sub);
    });
  });
});

describe('Function: slugify', () => {
  it.each([
    ['[SEV1] Acme: billing!', 'sev1-acme-billing'],
    ['Café déjà vu', 'cafe-deja-vu'],
    ['日本語', 'email'],
    ['a'.repeat(80), 'a'.repeat(60)],
  ])('slugs %j to %j', (subject, slug) => {
    expect(slugify(subject)).toBe(slug);
  });
});
