import { describe, expect, it } from 'vitest';
import { evaluate, labelClass, predictedClass, type LabelledPrediction } from '../../lambdas/core/evaluation.ts';

const rows = (spec: [LabelledPrediction['actual'], LabelledPrediction['predicted'], number][]): LabelledPrediction[] =>
  spec.flatMap(([actual, predicted, n]) => Array.from({ length: n }, () => ({ actual, predicted })));

describe('Function: evaluate', () => {
  it('computes accuracy, negative-vs-rest P/R/F1, macro-F1 and the confusion matrix', () => {
    const r = evaluate(rows([
      ['negative', 'negative', 8], ['negative', 'neutral', 2],
      ['neutral', 'negative', 2], ['neutral', 'neutral', 6],
      ['positive', 'positive', 4], ['positive', 'neutral', 0],
    ]));
    expect(r.n).toBe(22);
    expect(r.accuracy).toBeCloseTo(18 / 22);
    expect(r.negative).toEqual({ precision: 0.8, recall: 0.8, f1: expect.closeTo(0.8), support: 10 });
    expect(r.perClass.neutral.precision).toBeCloseTo(0.75);
    expect(r.macroF1).toBeCloseTo((0.8 + 0.75 + 1) / 3);
    expect(r.confusion.negative).toEqual({ negative: 8, neutral: 2, positive: 0 });
  });

  it('leaves a class absent from labels and predictions out of macro-F1', () => {
    const r = evaluate(rows([['negative', 'negative', 3], ['neutral', 'neutral', 1], ['neutral', 'negative', 1]]));
    expect(r.macroF1).toBeCloseTo((2 * 0.75 / 1.75 + 2 * 1 * 0.5 / 1.5) / 2);
  });

  it('reports zeros, not NaN, when nothing is predicted negative', () => {
    expect(evaluate(rows([['negative', 'neutral', 2]])).negative).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
  });
});

describe('Function: labelClass', () => {
  it('maps the negative and positive values case-insensitively, anything else to neutral', () => {
    expect(labelClass('Negative emotion', 'negative emotion')).toBe('negative');
    expect(labelClass('Positive emotion', 'Negative emotion', 'Positive emotion')).toBe('positive');
    expect(labelClass("I can't tell", 'Negative emotion', 'Positive emotion')).toBe('neutral');
  });
});

describe('Function: predictedClass', () => {
  it('counts a complaint as negative, as detection does', () => {
    expect(predictedClass({ sentiment: 'MIXED', complaint: true }, true)).toBe('negative');
    expect(predictedClass({ sentiment: 'MIXED', complaint: false }, true)).toBe('neutral');
    expect(predictedClass({ sentiment: 'POSITIVE', complaint: false }, false)).toBe('neutral');
    expect(predictedClass(undefined, true)).toBe('neutral');
  });
});
