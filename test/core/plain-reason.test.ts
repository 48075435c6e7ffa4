import { describe, expect, it } from 'vitest';
import { openingVolume, parseReason, plainReason, riskCategoriesOf, usualRange } from '../../lambdas/core/plain-reason.ts';
import { themeInText, themeLabel } from '../../lambdas/core/theme-label.ts';
import { personName } from '../../lambdas/core/people.ts';
import { openedSeverity, severityChanges } from '../../lambdas/core/incident-timeline.ts';

describe('Function: plainReason', () => {
  it.each([
    [
      '8 negative mentions in 1 h, baseline 0 ± 1 (8σ; same hour over 20 past windows; min 8) [theme product-defect]',
      '8 negative mentions in an hour; at this hour there are normally 0 or 1.',
    ],
    [
      '46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ; 12 past windows; min 8)',
      '46 negative mentions in an hour; an hour normally has 4 to 10.',
    ],
    [
      'risk terms in 1 mention: legal:lawyer, safety:burned my [theme safety]',
      'One mention points to a safety risk and possible legal action (it says “lawyer” and “burned my”).',
    ],
    [
      'negative mention by @dana_reviews with reach 862,000 (≥ 100,000) [theme product-defect]',
      'A negative mention by @dana_reviews, who reaches 862,000 people (the alert level is 100,000).',
    ],
    [
      '17 negative mentions in 1 h, warm-up (12.5 h of history < 24 h): absolute threshold 15 [theme outage]',
      '17 negative mentions in an hour, at or over the fixed alert level of 15: crisis-desk has watched Acme for 12 hours so far, too few to know what is normal.',
    ],
    // Detection's current wording: the ratio to the usual, observed hours, the theme breakdown.
    [
      '43 negative mentions in 1 h, baseline 0 ± 1 (43σ, 43× the usual; same hour over 21 past windows; min 8) [themes product-defect 21, customer-service 9]',
      '43 negative mentions in an hour; at this hour there are normally 0 or 1.',
    ],
    [
      '16 negative mentions in 1 h, warm-up (the brand was observed 5 h of the 24 h its baseline needs in the last 7 days): absolute threshold 15 [themes outage 16]',
      '16 negative mentions in an hour, at or over the fixed alert level of 15: crisis-desk has watched Acme for 5 hours so far, too few to know what is normal.',
    ],
    [
      "64 negative mentions in 1 h, warm-up (the brand was observed 5 h of the 24 h its baseline needs in the last 7 days): absolute threshold 15, raised to 50 by the brand's observed windows (30 ± 6.5) [themes outage 64]",
      "64 negative mentions in an hour, at or over the alert level of 50: in the 5 hours crisis-desk has watched Acme so far, an hour has had 24 to 37, too little history yet to know each hour's normal.",
    ],
    ['16 negative mentions in 30 min, no baseline yet: absolute threshold 15', '16 negative mentions in 30 minutes, at or over the fixed alert level of 15 (no history of this hour yet).'],
    // A part it does not know is kept as written.
    ['46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ); one post reached 1.2M', '46 negative mentions in an hour; an hour normally has 4 to 10. One post reached 1.2M.'],
    ['the moon is made of cheese', 'The moon is made of cheese.'],
  ])('%s', (reason, plain) => {
    expect(plainReason(reason, { brandName: 'Acme' })).toBe(plain);
  });

  it('keeps the numbers as detail and finds the opening volume and the risks', () => {
    const reason = '12 negative mentions in 1 h, baseline 0 ± 1 (12σ; same hour over 19 past windows; min 8); risk terms in 2 mentions: safety:fire, legal:sue [theme safety]';
    expect(parseReason(reason)).toMatchObject({ theme: 'safety', figures: reason.replace(' [theme safety]', '') });
    expect(openingVolume(reason)).toEqual({ negative: 12, windowMinutes: 60 });
    expect(riskCategoriesOf(reason)).toEqual(['safety', 'legal']);
    expect(plainReason(reason)).toBe('12 negative mentions in an hour; at this hour there are normally 0 or 1. 2 mentions point to a safety risk and possible legal action (they say “fire” and “sue”).');
  });

  it('says the usual range in words', () => {
    expect([usualRange(0, 0.3), usualRange(0, 1), usualRange(4, 0.2), usualRange(1, 0.4), usualRange(7, 3)]).toEqual(['none', '0 or 1', 'about 4', 'about 1', '4 to 10']);
  });
});

describe('Function: themeLabel', () => {
  it('gives one name per theme, a brand label first, in headings and in sentences', () => {
    expect(themeLabel('product-defect')).toBe('Product defect');
    expect(themeInText('product-defect')).toBe('product defect');
    expect(themeLabel('app-store')).toBe('App store');
    expect(themeLabel('sim', { themes: [{ id: 'sim', label: 'SIM cards' }] })).toBe('SIM cards');
    expect(themeInText('sim', { themes: [{ id: 'sim', label: 'SIM cards' }] })).toBe('SIM cards');
  });
});

describe('Function: personName', () => {
  it('names an Owner by name, whatever the case of the address, and anyone else by what we have', () => {
    const owners = [{ name: 'Sam Okafor', email: 'sam@nimbus.example' }];
    expect(personName(owners, 'SAM@nimbus.example')).toBe('Sam Okafor');
    expect(personName(owners, 'kim@elsewhere.example')).toBe('kim@elsewhere.example');
  });
});

describe('Function: severityChanges', () => {
  it('reads each raise, with its reason, and the severity the Incident opened at', () => {
    const incident = {
      severity: 'SEV1' as const,
      timeline: [
        { at: '2026-11-18T11:15:00.000Z', type: 'severity-raised' as const, detail: 'SEV2 → SEV1: 12 negative mentions in 1 h, baseline 0 ± 1 (12σ; same hour over 20 past windows; min 8) [theme product-defect]' },
        { at: '2026-11-18T11:00:00.000Z', type: 'opened' as const },
      ],
    };
    expect(severityChanges(incident)).toEqual([
      { at: '2026-11-18T11:15:00.000Z', from: 'SEV2', to: 'SEV1', reason: '12 negative mentions in 1 h, baseline 0 ± 1 (12σ; same hour over 20 past windows; min 8) [theme product-defect]' },
    ]);
    expect(openedSeverity(incident)).toBe('SEV2');
    expect(openedSeverity({ severity: 'SEV3', timeline: [] })).toBe('SEV3');
  });

  it('reads a raise that carries its severities as fields, and the recorded opening severity', () => {
    const incident = {
      severity: 'SEV1' as const,
      openedSeverity: 'SEV3' as const,
      timeline: [{ at: '2026-11-18T11:15:00.000Z', type: 'raised' as const, from: 'SEV2' as const, severity: 'SEV1' as const, detail: '43 negative mentions in 1 h' }],
    };
    expect(severityChanges(incident)).toEqual([{ at: '2026-11-18T11:15:00.000Z', from: 'SEV2', to: 'SEV1', reason: '43 negative mentions in 1 h' }]);
    expect(openedSeverity(incident)).toBe('SEV3');
  });
});
