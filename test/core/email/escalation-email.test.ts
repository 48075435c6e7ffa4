import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { pickMentions, renderEscalationEmail, type EscalationEmailInput } from '../../../lambdas/core/email/escalation-email.ts';
import { THEMES, suggestedReply } from '../../../lambdas/core/email/suggested-reply.ts';
import { EMOJI, HEADER_INJECTION, LONG_WORD, SCRIPT, aMention, anIncident, brand, hostileMentions } from '../../helpers/incident-data.ts';

const links = {
  acknowledge: 'http://127.0.0.1:8787/?t=ack.sig',
  resolve: 'http://127.0.0.1:8787/?t=res.sig',
  snooze: 'http://127.0.0.1:8787/?t=snz.sig',
};
const input = (overrides: Partial<EscalationEmailInput> = {}): EscalationEmailInput => ({
  incident: anIncident('inc-1'),
  brand,
  mentions: hostileMentions(),
  level: 1,
  recipient: { name: 'Ann Lee', email: 'ann@acme.test' },
  links,
  sender: 'crisis-desk@acme.test',
  timeZone: 'Europe/London',
  ...overrides,
});
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;

describe('Function: renderEscalationEmail', () => {
  const email = renderEscalationEmail(input());
  const visible = convert(email.html, { wordwrap: false });

  describe('subject', () => {
    it('carries severity, brand and theme', () => {
      expect(email.subject).toBe('[SEV1] Acme Mobile: outage incident');
    });

    it('says when it is a reminder', () => {
      expect(renderEscalationEmail(input({ reminder: true })).subject).toBe('Reminder: [SEV1] Acme Mobile: outage incident');
    });

    it('strips CR/LF so a hostile theme or brand name cannot inject headers', () => {
      const hostile = renderEscalationEmail(
        input({ incident: anIncident('inc-1', { theme: HEADER_INJECTION }), brand: { ...brand, name: 'Acme\nBcc: x@evil.test' } }),
      );
      expect(hostile.subject).not.toMatch(/[\r\n]/);
      expect(hostile.subject).toContain('Bcc: victim@evil.test');
      expect(hostile.subject.length).toBeLessThanOrEqual(200);
    });

    it('never contains mention text', () => {
      for (const m of hostileMentions()) expect(email.subject).not.toContain(m.text.slice(0, 12));
    });
  });

  describe('hostile mention text', () => {
    it('escapes script tags and attribute tricks: they show as text, never as markup', () => {
      expect(email.html).not.toMatch(/<(script|img)\b/i);
      expect(email.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
      expect(visible).toContain(SCRIPT);
      expect(email.text).toContain(SCRIPT);
    });

    it('removes right-to-left overrides and isolates mention text in <bdi>', () => {
      expect(email.html).not.toMatch(BIDI);
      expect(email.text).not.toMatch(BIDI);
      expect(email.html).toContain('<bdi>Refund gnp.exe now isolated</bdi>');
      expect(email.html).toContain('<bdi>Mallory evil (@rtltxt.exe)</bdi>');
    });

    it('keeps a very long word whole and lets it wrap with CSS', () => {
      const cell = email.html.slice(0, email.html.indexOf(LONG_WORD));
      expect(email.html).toContain(LONG_WORD);
      expect(cell.slice(cell.lastIndexOf('<td'))).toMatch(/word-break:break-word;overflow-wrap:anywhere/);
    });

    it('keeps emoji, ZWJ sequences and accents intact in both parts', () => {
      expect(email.html).toContain(EMOJI);
      expect(email.text).toContain(EMOJI);
      expect(email.html).toMatch(/<meta charset="utf-8">/);
    });

    it('truncates an overlong mention at a grapheme boundary', () => {
      const family = '👨‍👩‍👧‍👦';
      const long = renderEscalationEmail(input({ mentions: [aMention('9', family.repeat(600))] }));
      const shown = long.text.split('\n').find((l) => l.includes(family))!;
      expect(shown).toMatch(new RegExp(`(${family})+…"$`, 'u'));
    });

    it('links only http(s) URLs to the original post, never javascript:', () => {
      expect(email.html).not.toContain('javascript:');
      expect(email.text).not.toContain('javascript:');
      expect(email.html).toContain('href="https://x.com/someone/status/1"');
      expect(email.text).toContain('https://x.com/someone/status/4');
    });
  });

  describe('content', () => {
    it('says what is happening in one sentence with the numbers, in the configured time zone', () => {
      // The running totals, labelled "so far"; the figures at opening are in "What the detector saw".
      const sentence = 'So far 46 negative mentions of Acme Mobile since Mon, 3 Mar 2025, 09:12 GMT, out of 61 mentions reaching about 184,300 people.';
      expect(visible).toContain(sentence);
      expect(email.text).toContain(sentence);
      const ny = renderEscalationEmail(input({ timeZone: 'America/New_York' }));
      expect(ny.text).toContain('since Mon, 3 Mar 2025, 04:12 GMT-5');
    });

    it('shows what the detector saw in plain words, with its numbers as detail, in each part', () => {
      for (const part of [visible, email.text]) {
        expect(part).toContain('Opened Mon, 3 Mar 2025, 10:00 GMT as SEV1: 46 negative mentions in an hour; an hour normally has 4 to 10.');
        expect(part).toContain('The numbers: 46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ)');
      }
    });

    it('says when and why the severity rose, at the top, instead of repeating the opening reason', () => {
      const raised = renderEscalationEmail(
        input({
          incident: anIncident('inc-1', {
            severity: 'SEV1',
            reason: '8 negative mentions in 1 h, baseline 0 ± 1 (8σ; same hour over 20 past windows; min 8) [theme outage]',
            timeline: [
              { at: '2025-03-03T10:00:00.000Z', type: 'opened', actor: 'crisis-desk' },
              { at: '2025-03-03T10:15:00.000Z', type: 'severity-raised', actor: 'crisis-desk', detail: 'SEV2 → SEV1: 31 negative mentions in 1 h, baseline 0 ± 1 (31σ; same hour over 20 past windows; min 8) [theme outage]' },
            ],
          }),
        }),
      );
      const text = convert(raised.html, { wordwrap: false });
      const why = 'Why SEV1: raised from SEV2 Mon, 3 Mar 2025, 10:15 GMT. 31 negative mentions in an hour; at this hour there are normally 0 or 1.';
      expect(text).toContain(why);
      expect(raised.text).toContain(why);
      expect(raised.text.indexOf(why)).toBeLessThan(raised.text.indexOf('WHAT THE DETECTOR SAW'));
      expect(raised.text).toContain('Opened Mon, 3 Mar 2025, 10:00 GMT as SEV2: 8 negative mentions in an hour; at this hour there are normally 0 or 1.');
      expect(raised.text).not.toContain('[theme outage]');
      // The detector's jargon stays in the one line of numbers.
      expect(raised.text.split('\n').filter((l) => l.includes('σ'))).toEqual([
        'The numbers: 8 negative mentions in 1 h, baseline 0 ± 1 (8σ; same hour over 20 past windows; min 8) - 31 negative mentions in 1 h, baseline 0 ± 1 (31σ; same hour over 20 past windows; min 8)',
      ]);
    });

    it('gives a safety incident that names a lawyer the safety and the legal steps', () => {
      const safety = renderEscalationEmail(
        input({ incident: anIncident('inc-1', { theme: 'safety', reason: 'risk terms in 1 mention: legal:lawyer, safety:burned my [theme safety]' }) }),
      );
      expect(safety.text).toContain('One mention points to a safety risk and possible legal action (it says “lawyer” and “burned my”).');
      const steps = safety.text.slice(safety.text.indexOf('CHECKLIST'));
      expect(steps).toMatch(/product-safety lead/);
      expect(steps).toMatch(/Tell legal before anyone replies/);
      expect(steps.indexOf('product-safety lead')).toBeLessThan(steps.indexOf('Tell legal'));
      // An ordinary outage gets neither.
      expect(email.text).not.toMatch(/product-safety lead|Tell legal/);
    });

    it('lists the most negative mentions and the most reached negative ones, and leaves out the brand\'s own posts', () => {
      const { worst, reached } = pickMentions(hostileMentions());
      expect(reached.map((m) => m.nativeId)).toEqual(['4', '5']);
      expect(worst.map((m) => m.nativeId)).toEqual(['1', '3', '2']);
      const positiveStar = aMention('7', 'Love it', { author: { handle: '@star', reach: 9e7, isBrand: false }, analysis: { ...aMention('0', '').analysis!, sentiment: 'POSITIVE', complaint: false } });
      expect(pickMentions([...hostileMentions(), positiveStar]).reached.map((m) => m.nativeId)).toEqual(['4', '5']);
      expect(email.html).not.toContain('We are sorry, we are on it');
      expect(email.text.indexOf('WORST MENTIONS')).toBeLessThan(email.text.indexOf('MOST REACHED'));
      expect(visible).toContain('2.4M reach');
    });

    it('has Acknowledge, Resolve and Snooze 1 h buttons with the signed links, as table cells', () => {
      for (const [label, href] of [['Acknowledge', links.acknowledge], ['Resolve', links.resolve], ['Snooze 1 h', links.snooze]]) {
        expect(email.html).toMatch(new RegExp(`<td align="center" bgcolor="#[0-9a-f]{6}"[^>]*>\\s*<a href="${href!.replace(/[.?]/g, '\\$&')}"[^>]*>${label}</a>`));
        expect(email.text).toContain(href);
      }
    });

    it('includes the suggested public reply for the theme and the checklist', () => {
      const reply = suggestedReply('outage', 'Acme Mobile').text;
      expect(visible).toContain(reply.replace(/'/g, "'"));
      expect(email.text).toContain(reply);
      for (const part of [email.text, visible]) {
        expect(part).toMatch(/Decide who replies/);
        expect(part).toMatch(/Reply to the valid complaints/);
        expect(part).toMatch(/Post an update in the same threads when it is fixed/);
      }
    });

    it('tells a later level that the one before did not acknowledge', () => {
      expect(renderEscalationEmail(input({ level: 2 })).text).toContain('Level 1 did not acknowledge in time.');
    });

    it('tells a reminder who acknowledged and when', () => {
      const r = renderEscalationEmail(
        input({ reminder: true, incident: anIncident('inc-1', { status: 'acknowledged', acknowledgedBy: 'bo@acme.test', acknowledgedAt: '2025-03-03T10:05:00.000Z' }) }),
      );
      expect(r.text).toContain('Acknowledged by bo@acme.test at Mon, 3 Mar 2025, 10:05 GMT, not resolved yet.');
    });

    it('renders with no mentions at all', () => {
      const bare = renderEscalationEmail(input({ mentions: [] }));
      expect(bare.text).not.toContain('WORST MENTIONS');
      expect(bare.html).toContain('Acknowledge');
    });
  });
});

describe('Function: suggestedReply', () => {
  it.each(THEMES)('has a reply for %s that apologises, says what is done and moves to DM', (theme) => {
    const { text, caution } = suggestedReply(theme, 'Acme');
    expect(text).toMatch(/sorry|thanks for/i);
    expect(text).toMatch(/\bDMs?\b/);
    expect(text).toMatch(/we('| a)re|we'll|our team|our .* team|looking into/i);
    expect(text.length).toBeLessThanOrEqual(280);
    expect(caution.length).toBeGreaterThan(20);
  });

  it('falls back to the general reply for an unknown theme', () => {
    expect(suggestedReply('mystery', 'Acme')).toEqual(suggestedReply('other', 'Acme'));
  });
});
