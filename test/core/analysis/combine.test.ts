import { describe, expect, it } from 'vitest';
import { combine, overlay, readSignals, type VaderScores } from '../../../lambdas/core/analysis/combine.ts';

const vader = (compound: number, over: Partial<VaderScores> = {}): VaderScores => ({
  neg: compound < 0 ? -compound / 2 : 0,
  pos: compound > 0 ? compound / 2 : 0,
  neu: 1 - Math.abs(compound) / 2,
  compound,
  ...over,
});

describe('Function: combine', () => {
  it('makes a polite complaint NEGATIVE although its words are neutral', () => {
    const a = combine(vader(0), readSignals('I have been on hold for 40 minutes'));
    expect(a).toMatchObject({ sentiment: 'NEGATIVE', complaint: true, analyzer: 'lexicon', theme: 'customer-service' });
    expect(a.scores.negative).toBeGreaterThan(a.scores.neutral);
  });

  it('reads sarcastic thanks as NEGATIVE even when the lexicon scores it positive', () => {
    expect(combine(vader(0.44), readSignals('thanks for nothing')).sentiment).toBe('NEGATIVE');
  });

  it('calls praise set against a complaint MIXED', () => {
    const a = combine(vader(0.8, { pos: 0.4, neg: 0.1 }), readSignals('Love the phone but the battery dies by lunch'));
    expect(a).toMatchObject({ sentiment: 'MIXED', complaint: true });
  });

  it('keeps the lexicon label without complaint signals', () => {
    expect(combine(vader(0.6), readSignals('What a lovely shop')).sentiment).toBe('POSITIVE');
    expect(combine(vader(-0.6), readSignals('What a horrid day')).sentiment).toBe('NEGATIVE');
    expect(combine(vader(0.01), readSignals('The shop opens at nine')).sentiment).toBe('NEUTRAL');
  });

  it('does not take a support agent apology for negativity', () => {
    expect(combine(vader(-0.3), readSignals("Sorry to hear that, please DM us and we'll look into it")).sentiment).not.toBe('NEGATIVE');
  });

  it('treats a safety risk as a complaint whatever the tone', () => {
    const a = combine(vader(0.7), readSignals('Found mould on the bread, best before is next week'));
    expect(a).toMatchObject({ complaint: true, risks: ['safety:mould on'], theme: 'safety' });
  });

  it('returns scores that sum to 1', () => {
    const { scores } = combine(vader(-0.4), readSignals('still waiting for a refund'));
    expect(scores.positive + scores.negative + scores.neutral + scores.mixed).toBeCloseTo(1, 2);
  });
});

describe('Function: overlay', () => {
  const model = { sentiment: 'POSITIVE' as const, scores: { positive: 0.8, negative: 0.1, neutral: 0.1, mixed: 0 }, language: 'en' };

  it("keeps the model's label and scores and adds the rules", () => {
    const a = overlay(model, readSignals('Love the new store layout'), 'comprehend');
    expect(a).toMatchObject({ sentiment: 'POSITIVE', complaint: false, language: 'en', analyzer: 'comprehend', scores: model.scores });
  });

  it('turns a sarcastic complaint the model read as POSITIVE into NEGATIVE', () => {
    expect(overlay(model, readSignals('Great, another cancelled flight. Thanks a lot'), 'comprehend')).toMatchObject({ sentiment: 'NEGATIVE', complaint: true });
  });
});
