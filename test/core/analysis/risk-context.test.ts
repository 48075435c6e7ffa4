import { describe, expect, it } from 'vitest';
import { LexiconAnalyzer } from '../../../lambdas/adapters/lexicon-analyzer.ts';
import { brandProfile } from '../../../lambdas/core/analysis/profile.ts';
import { reviewForBrand } from '../../../lambdas/core/analysis/combine.ts';
import { assessRisks, compileRiskRules, riskTerms } from '../../../lambdas/core/analysis/risks.ts';
import { BrandSchema, DetectionSchema } from '../../../lambdas/core/config.ts';
import { singleTrigger } from '../../../lambdas/core/detection/detector.ts';
import type { Mention } from '../../../lambdas/core/mention.ts';

const verdict = (text: string) => assessRisks(text).map(({ risk, accepted, rule }) => ({ risk, accepted, rule }));

describe('Function: assessRisks', () => {
  it.each([
    ['this price is murder', 'safety:murder', 'figure-of-speech'],
    ['no data breach here, just a slow site', 'security:data breach', 'negated'],
    ['How to avoid food poisoning at a barbecue: our tips', 'safety:food poisoning', 'topic-not-incident'],
    ['Typo launches a keyboard, avoiding the previous lawsuit', 'legal:lawsuit', 'topic-not-incident'],
    ['Hens are injured in crowded sheds, say campaigners', 'safety:injured', 'victim-not-a-person'],
    ['stop harassing me with emails every day', 'discrimination:harassing', 'marketing-nag'],
    ['New iPad details leaked ahead of the launch', 'security:leaked', 'product-leak'],
    ['my battery died after the update, could have killed a man for a charger', 'safety:died after', 'device-died'],
    ['the video blew up on launch day', 'safety:blew up', 'figure-of-speech'],
  ])('rejects the term in %j', (text, risk, rule) => {
    expect(verdict(text)).toContainEqual({ risk, accepted: false, rule });
    expect(riskTerms(text)).not.toContain(risk);
  });

  it.each([
    ['I got food poisoning from the chicken wrap', 'safety:food poisoning', 'first-person'],
    ['@acme your charger caught fire on my desk', 'safety:caught fire', 'first-person'],
    ['found glass in the salad today', 'safety:glass in', 'first-person'],
    ['my dog was injured by your chew toy', 'safety:injured', 'first-person'],
    ['the security guard was openly racist to my son', 'discrimination:racist', 'first-person'],
    ['Your site leaked my card details to another customer', 'security:leaked my', 'first-person'],
    ['@acme I will sue you if this is not refunded', 'legal:sue you', 'first-person'],
    ['@acme staff refused to serve us, pure discrimination', 'discrimination:discrimination', 'first-person'],
    ['Acme sued over hidden fees in a class action', 'legal:class action', 'report'],
  ])('accepts the report in %j', (text, risk, rule) => {
    expect(verdict(text)).toContainEqual({ risk, accepted: true, rule });
  });

  it('finds nothing in a figure of speech that uses no risk term', () => {
    expect(verdict("I'm dying to try it")).toEqual([]);
    expect(verdict('the new menu is killing it')).toEqual([]);
    expect(verdict('Sue at the front desk was lovely')).toEqual([]);
    expect(verdict('my phone died at lunch')).toEqual([]);
  });

  it("rejects another brand's risk reported in the third person, not the brand's own", () => {
    const rules = compileRiskRules({ brandTerms: ['acme'], otherBrandTerms: ['globex'] });
    expect(assessRisks('Globex sued over data practices', rules)).toMatchObject([{ risk: 'legal:sued', accepted: false, rule: 'third-party' }]);
    expect(assessRisks('Acme and Globex sued over data practices', rules)).toMatchObject([{ accepted: true }]);
    expect(assessRisks('I got food poisoning at Globex, never again', rules)).toMatchObject([{ accepted: true, rule: 'first-person' }]);
  });

  it('gives the same verdicts with the one-pattern pre-check as term by term', () => {
    const rules = compileRiskRules({ terms: { safety: ['brake failure'] } });
    const termByTerm = { ...rules, anyTerm: undefined };
    const texts = [
      'I got food poisoning from the chicken wrap', '@acme your charger caught fire on my desk', 'this price is murder',
      'total brake failure on the motorway', "we're suing @acme, class-action incoming", 'fine, thanks', '', 'FIRE HAZARD!!! #recall',
      'my account was hacked and someone leaked my data', 'racist ad, pull it', 'lawsuit', 'lawsuits', 'the sushi was raw', 'scold foodie',
    ];
    for (const text of texts) expect(assessRisks(text, rules), text).toEqual(assessRisks(text, termByTerm));
    expect(texts.filter((t) => assessRisks(t, rules).length).length).toBeGreaterThan(6);
  });

  it('takes extra terms and context rules of a brand', () => {
    const rules = compileRiskRules({
      terms: { safety: ['brake failure'] },
      ignore: [{ id: 'game-slang', phrases: ['killed my|our|a * in the game|match'], scope: 'around' }],
    });
    expect(riskTerms('total brake failure on the motorway with my kids in the car', rules)).toEqual(['safety:brake failure']);
    expect(assessRisks('he killed a guy in the game lol', rules)).toMatchObject([{ risk: 'safety:killed a', accepted: false, rule: 'game-slang' }]);
  });
});

describe('Risk terms and Incidents (LexiconAnalyzer, then detection)', () => {
  const analyzer = new LexiconAnalyzer();
  const config = DetectionSchema.parse({});
  const mention = (text: string): Mention => ({
    id: `s#${text.length}`, sourceId: 's', sourceKind: 'import', nativeId: String(text.length), url: '', text,
    author: { handle: 'someone', reach: 10, isBrand: false }, createdAt: '2026-11-20T10:00:00Z',
    engagement: { likes: 0, replies: 0, reposts: 0 }, brand: 'acme', fetchedAt: '2026-11-20T10:00:00Z',
    analysis: analyzer.analyzeOne(text),
  });

  it.each([
    'this price is murder @acme',
    "@acme I'm dying to try the new burger",
    '@acme the new menu is killing it',
    '@acme your fries are fire 🔥🔥',
    'Great talk by @acme on preventing data breaches, loved it',
    'no food poisoning here, just a slow drive-thru @acme',
    '@acme my battery is dying again, it died at lunch',
    'So sue me, I love @acme',
    '@acme this queue is killing me lol',
    'Hens in @acme supply sheds are injured, campaigners say',
  ])('does not open an Incident on its own for %j', (text) => {
    expect(singleTrigger(mention(text), config)).toBeUndefined();
  });

  it.each([
    '@acme I got food poisoning from your chicken wrap, spent the night in A&E',
    '@acme your charger caught fire overnight and burned my desk',
    '@acme the manager called my son a racial slur, this is racist',
    '@acme your app leaked my card details, someone used them today',
    '@acme I am taking you to court over this, my lawyer has the receipts',
    '@acme staff refused to serve my friend in a wheelchair, disgusting discrimination',
  ])('opens an Incident on its own for %j', (text) => {
    expect(singleTrigger(mention(text), config)).toBe('risk');
  });
});

describe('Function: reviewForBrand', () => {
  it("applies the brand's own risk rules and themes to an Analysis", () => {
    const brand = BrandSchema.parse({
      id: 'acme', name: 'Acme Air', keywords: ['acme air'], industry: 'airline',
      risk: { terms: { safety: ['turbulence injur*'] } },
    });
    const text = 'Acme Air flight delayed 3 hours, a passenger had turbulence injuries';
    const base = new LexiconAnalyzer().analyzeOne(text);
    const reviewed = reviewForBrand(base, text, brandProfile(brand));
    expect(reviewed.risks).toEqual(['safety:turbulence injuries']);
    expect(reviewed.theme).toBe('safety');
    const noRisk = 'Acme Air flight delayed 3 hours at the gate';
    expect(reviewForBrand(new LexiconAnalyzer().analyzeOne(noRisk), noRisk, brandProfile(brand)).theme).toBe('flight-disruption');
  });
});
