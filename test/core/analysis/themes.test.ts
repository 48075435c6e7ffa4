import { describe, expect, it } from 'vitest';
import { brandProfile } from '../../../lambdas/core/analysis/profile.ts';
import { classifyTheme, THEMES, themeDefinitions } from '../../../lambdas/core/analysis/themes.ts';
import { themeLabel } from '../../../lambdas/core/theme-label.ts';
import { INDUSTRIES } from '../../../lambdas/core/analysis/theme-presets.ts';
import { BrandSchema, parseConfig } from '../../../lambdas/core/config.ts';

const brand = (over: Record<string, unknown> = {}) => BrandSchema.parse({ id: 'acme', name: 'Acme', keywords: ['acme'], ...over });
const themeFor = (text: string, over: Record<string, unknown> = {}) => classifyTheme(text, [], brandProfile(brand(over)).themes);

describe('Function: classifyTheme, word-sense guards and negation', () => {
  it.each([
    ['All credit to the staff at the Leeds store, brilliant', 'billing'],
    ['Come on down to our new store this Saturday', 'outage'],
    ["Don't fix what's not broken, the old app was fine", 'product-defect'],
    ['no delays at all this morning, smooth trip', 'disruption'],
    ["I'm so broke until payday", 'product-defect'],
    ['the new menu went down well with the family', 'outage'],
  ])('does not file %j under %s', (text, wrong) => {
    expect(classifyTheme(text)).not.toBe(wrong);
  });

  it.each([
    ['Flight delayed 3 hours and then cancelled', 'disruption'],
    ['My order never arrived and tracking has not moved', 'delivery'],
    ['The burger was stone cold and the fries soggy', 'food-quality'],
    ['charged twice for one ticket, where is my refund', 'billing'],
    ['app is down again, cannot log in', 'outage'],
    ['staff were rude and the manager hung up on me', 'customer-service'],
    ['the screen is cracked and it keeps freezing', 'product-defect'],
  ])('files %j under %s with the generic themes', (text, theme) => {
    expect(classifyTheme(text)).toBe(theme);
  });

  it('keeps the generic ids stable', () => {
    expect(THEMES).toEqual(expect.arrayContaining(['billing', 'outage', 'delivery', 'product-defect', 'customer-service', 'account-security', 'safety', 'legal', 'brand-post', 'other']));
  });
});

describe('Industry presets', () => {
  it.each([
    ['airline', 'Flight delayed 3 hours and then cancelled, stranded in Oslo', 'flight-disruption'],
    ['airline', 'lost my bag on the way to Rome', 'baggage'],
    ['airline', 'third flight this month with a dead screen', 'in-flight'],
    ['airline', 'why is my seat not the one I paid for?', 'seating-and-boarding'],
    ['restaurant', 'my food arrived cold again', 'food-quality'],
    ['restaurant', 'wrong order again, no fries and no drink', 'order-accuracy'],
    ['restaurant', 'waited 40 minutes at the drive-thru', 'wait-times'],
    ['telecom-saas', 'no signal at home for a week', 'coverage'],
    ['telecom-saas', 'want to leave but the early termination fee is huge', 'contract-and-plan'],
    ['retail', 'the jumper shrunk and fell apart after one wash', 'product-quality'],
    ['retail', 'out of stock again in every store', 'stock'],
    ['electronics', 'battery drains by lunch since the update, charger gets hot', 'battery'],
    ['electronics', 'out of warranty and the repair quote is half a new phone', 'repairs-and-warranty'],
  ])('%s: files %j under %s', (industry, text, theme) => {
    expect(themeFor(text, { industry })).toBe(theme);
  });

  it('keeps the generic themes behind every preset', () => {
    for (const industry of INDUSTRIES) {
      const ids = themeDefinitions(industry).map((t) => t.id);
      for (const id of THEMES) expect(ids).toContain(id);
    }
    expect(themeFor('charged twice, where is my refund', { industry: 'airline' })).toBe('billing');
  });
});

describe("A brand's own themes", () => {
  const custom = {
    industry: 'restaurant',
    themes: [
      { id: 'loyalty-app', label: 'Loyalty app', phrases: ['points', 'rewards', 'loyalty app'], unless: ['points out'] },
      { id: 'food-quality', label: 'Food', phrases: ['melted ice cream'] },
    ],
  };

  it('adds themes in front of the preset and extends an existing one', () => {
    expect(themeFor('my rewards points vanished from the loyalty app', custom)).toBe('loyalty-app');
    expect(themeFor('he points out the menu is new', custom)).not.toBe('loyalty-app');
    expect(themeFor('melted ice cream again', custom)).toBe('food-quality');
  });

  it('labels every theme with one display name, the brand’s own first', () => {
    const own = brand(custom);
    expect(themeLabel('loyalty-app', own)).toBe('Loyalty app');
    expect(themeLabel('food-quality', own)).toBe('Food');
    expect(themeLabel('food-quality')).toBe('Food quality');
    expect(themeLabel('flight-disruption')).toBe('Flight delays and cancellations');
    expect(themeLabel('product-defect', own)).toBe('Product defect');
    expect(themeLabel('some-new-theme')).toBe('Some new theme');
  });
});

describe('Config: themes, industry and escalation policy themes', () => {
  const config = (policyThemes: string[]) => ({
    sender: 'desk@example.com',
    timeZone: 'Europe/London',
    brands: [{ id: 'acme', name: 'Acme Air', keywords: ['acme air'], industry: 'airline', themes: [{ id: 'lounge', phrases: ['lounge'] }] }],
    owners: [{ id: 'o', name: 'O', email: 'o@example.com' }],
    escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], ...(policyThemes.length ? { themes: policyThemes } : {}), levels: [{ owners: ['o'], timeoutMinutes: 15 }] }],
    report: { recipients: ['lead@example.com'] },
  });

  it("accepts a policy on the brand's preset, own and generic themes", () => {
    expect(() => parseConfig(config(['flight-disruption', 'lounge', 'billing', 'safety']))).not.toThrow();
  });

  it('names a theme no brand of the policy has', () => {
    expect(() => parseConfig(config(['flight-disrupton']))).toThrow(/escalationPolicies\.0\.themes\.0: unknown theme "flight-disrupton" \(themes of its brands: lounge, flight-disruption/);
  });

  it('rejects an unknown industry and an empty phrase', () => {
    expect(() => parseConfig({ ...config([]), brands: [{ id: 'acme', name: 'A', keywords: ['a'], industry: 'airlines' }] })).toThrow(/brands\.0\.industry/);
    expect(() => parseConfig({ ...config([]), brands: [{ id: 'acme', name: 'A', keywords: ['a'], themes: [{ id: 'x', phrases: ['*'] }] }] })).toThrow(/brands\.0\.themes\.0\.phrases\.0: a phrase needs at least one word/);
  });
});
