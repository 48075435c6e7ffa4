import { describe, expect, it } from 'vitest';
import { riskTerms } from '../../../lambdas/core/analysis/risks.ts';
import { classifyTheme } from '../../../lambdas/core/analysis/themes.ts';

describe('Function: riskTerms', () => {
  it.each([
    ['I got food poisoning from the chicken wrap', ['safety:food poisoning']],
    ['my charger caught fire overnight', ['safety:caught fire']],
    ['We are talking to our lawyer about a class action', ['legal:lawyer', 'legal:class action']],
    ['There has been a data breach, my details are on a forum', ['security:data breach']],
    ['unauthorised charge on my card from your app', ['security:unauthorised charge']],
    ['the security guard was openly racist to my son', ['discrimination:racist']],
  ])('finds the risk in "%s"', (text, risks) => {
    expect(riskTerms(text)).toEqual(risks);
  });

  it.each([
    'this update is killing my battery',
    'the new phone is fire 🔥',
    'no data breach here, just a slow site',
    'my phone died at lunch',
  ])('finds no risk in "%s"', (text) => {
    expect(riskTerms(text)).toEqual([]);
  });
});

describe('Function: classifyTheme', () => {
  it.each([
    ['@acme charged me twice and no refund yet', 'billing'],
    // Charging a battery is not a bill.
    ['it hit 51°C on a normal charger, do not charge it overnight', 'product-defect'],
    ['gets so hot it is painful to hold while charging', 'product-defect'],
    ['site is down again, cannot log in', 'outage'],
    ['parcel never arrived, tracking says delivered', 'delivery'],
    // A flight is not a parcel: delays and cancellations have their own theme.
    ['flight delayed 3 hours and nobody at the gate', 'disruption'],
    ['the new update made my phone freeze and the battery drain', 'product-defect'],
    ['the staff member was rude and hung up on me', 'customer-service'],
    ['your new ad is tone deaf, who approved this', 'brand-post'],
    ['lovely weather today', 'other'],
  ])('files "%s" under %s', (text, theme) => {
    expect(classifyTheme(text)).toBe(theme);
  });

  it('lets a risk term decide the theme', () => {
    expect(classifyTheme('my order arrived and I got food poisoning', ['safety:food poisoning'])).toBe('safety');
    expect(classifyTheme('someone got into my account', ['security:compromised'])).toBe('account-security');
    expect(classifyTheme('I will sue', ['legal:sue'])).toBe('legal');
  });
});
