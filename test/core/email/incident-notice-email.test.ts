import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { renderIncidentNoticeEmail, type IncidentNoticeInput } from '../../../lambdas/core/email/incident-notice-email.ts';
import { EMOJI, LONG_WORD, RLO, SCRIPT, anIncident } from '../../helpers/incident-data.ts';

const base = (overrides: Partial<IncidentNoticeInput> = {}): IncidentNoticeInput => ({
  incident: anIncident('inc-1'),
  brandName: 'Acme Mobile',
  action: 'acknowledged',
  by: 'Ann Lee (ann@acme.test)',
  at: '2025-03-03T10:07:00.000Z',
  sender: 'crisis-desk@acme.test',
  timeZone: 'Europe/London',
  ...overrides,
});

describe('Function: renderIncidentNoticeEmail', () => {
  it('says who acknowledged which incident, and when', () => {
    const email = renderIncidentNoticeEmail(base({ note: 'I reply from @acme; status page is up' }));
    expect(email.subject).toBe('[SEV1] Acme Mobile: outage incident acknowledged by Ann Lee (ann@acme.test)');
    expect(email.text).toContain('Ann Lee (ann@acme.test) acknowledged the Acme Mobile: outage incident at Mon, 3 Mar 2025, 10:07 GMT.');
    expect(email.text).toContain('I reply from @acme; status page is up');
  });

  it('says until when it is snoozed', () => {
    const email = renderIncidentNoticeEmail(base({ action: 'snoozed', until: '2025-03-03T11:07:00.000Z' }));
    expect(email.text).toContain('snoozed the Acme Mobile: outage incident until Mon, 3 Mar 2025, 11:07 GMT.');
  });

  it('carries the resolution and the action items', () => {
    const email = renderIncidentNoticeEmail(
      base({
        action: 'resolved',
        resolution: {
          rootCause: 'Expired TLS certificate on the API',
          lucky: 'It happened on a Sunday',
          actionItems: [{ text: 'Alert 30 days before expiry', owner: 'bo@acme.test', due: '2025-03-31', status: 'open' }],
          resolvedBy: 'ann@acme.test',
        },
      }),
    );
    const visible = convert(email.html, { wordwrap: false });
    for (const part of [email.text, visible]) {
      expect(part).toContain('Root cause: Expired TLS certificate on the API');
      expect(part).toContain('Where we were lucky: It happened on a Sunday');
      expect(part).toMatch(/Alert 30 days before expiry .*bo@acme\.test.*due 2025-03-31/);
    }
    expect(email.text).not.toContain('What went badly');
  });

  it('escapes hostile notes and resolution text, strips bidi controls and keeps emoji', () => {
    const email = renderIncidentNoticeEmail(
      base({
        action: 'resolved',
        note: `${SCRIPT} ${RLO}`,
        resolution: { rootCause: `${SCRIPT} ${LONG_WORD}`, actionItems: [{ text: EMOJI, owner: '<b>x</b>', status: 'open' }], resolvedBy: 'ann@acme.test' },
      }),
    );
    expect(email.html).not.toMatch(/<(script|img|b)\b/i);
    expect(email.html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(email.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(convert(email.html, { wordwrap: false })).toContain(SCRIPT);
    expect(email.html).toContain(LONG_WORD);
    expect(email.html).toContain(EMOJI);
  });

  it('keeps the subject on one line whatever the actor string holds', () => {
    const email = renderIncidentNoticeEmail(base({ by: 'eve@evil.test\r\nBcc: all@acme.test' }));
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
