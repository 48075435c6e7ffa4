import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { confirmPage, donePage, type PageContext } from '../../../lambdas/core/pages/views.ts';
import { anIncident } from '../../helpers/incident-data.ts';

const owners = [
  { name: 'Ann Lee', email: 'ann@acme.test' },
  { name: 'Bo Park', email: 'bo@acme.test' },
];
const claims = { incidentId: 'inc-1', action: 'acknowledge' as const, recipient: 'ANN@acme.test', expiresAt: '2099-01-01T00:00:00.000Z', nonce: 'n' };
const context = (overrides: Partial<PageContext> = {}): PageContext => ({
  incident: anIncident('inc-1', { theme: 'product-defect' }),
  brandName: 'Acme Mobile',
  timeZone: 'Europe/London',
  owners,
  ...overrides,
});
const text = (html: string) => convert(html, { wordwrap: false });

describe('Module: action page views', () => {
  it('names people as the emails do, never by address', () => {
    const page = text(confirmPage(context(), claims, 'token').html);
    expect(page).toContain('You, Ann Lee, take ownership');
    expect(page).not.toMatch(/ann@acme\.test/i);
    const acknowledged = context({ incident: anIncident('inc-1', { status: 'acknowledged', acknowledgedBy: 'bo@acme.test', acknowledgedAt: '2025-03-03T10:20:00.000Z' }) });
    expect(text(donePage(acknowledged, 'acknowledged', 'Done.').html)).toContain('Acknowledged by Bo Park');
  });

  it('says why it opened in plain words and names the theme as everywhere else', () => {
    const page = text(confirmPage(context(), claims, 'token').html);
    expect(page).toContain('Why it opened');
    expect(page).toContain('46 negative mentions in an hour; an hour normally has 4 to 10.');
    expect(page).toContain('ACME MOBILE: PRODUCT DEFECT INCIDENT'); // the h1, upper-cased by html-to-text
    expect(page).not.toContain('σ');
  });
});
