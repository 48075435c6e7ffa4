/**
 * Classification figures for a sentiment analyser against human labels: accuracy,
 * macro-F1 over the classes, negative-versus-rest precision/recall/F1 (the figure that
 * matters for detection) and the confusion matrix.
 */

export type EvalClass = 'negative' | 'neutral' | 'positive';
export const EVAL_CLASSES: readonly EvalClass[] = ['negative', 'neutral', 'positive'];

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  /** How many items carry this label (support). */
  support: number;
}

export interface EvaluationResult {
  n: number;
  accuracy: number;
  /** Mean F1 over the classes present in the labels or the predictions. */
  macroF1: number;
  negative: PrecisionRecall;
  perClass: Record<EvalClass, PrecisionRecall>;
  /** confusion[actual][predicted] = count. */
  confusion: Record<EvalClass, Record<EvalClass, number>>;
}

export interface LabelledPrediction {
  actual: EvalClass;
  predicted: EvalClass;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function evaluate(items: readonly LabelledPrediction[]): EvaluationResult {
  const confusion = Object.fromEntries(
    EVAL_CLASSES.map((a) => [a, Object.fromEntries(EVAL_CLASSES.map((p) => [p, 0]))]),
  ) as Record<EvalClass, Record<EvalClass, number>>;
  for (const { actual, predicted } of items) confusion[actual][predicted]++;

  const perClass = {} as Record<EvalClass, PrecisionRecall>;
  for (const c of EVAL_CLASSES) {
    const tp = confusion[c][c];
    const predicted = EVAL_CLASSES.reduce((s, a) => s + confusion[a][c], 0);
    const support = EVAL_CLASSES.reduce((s, p) => s + confusion[c][p], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    perClass[c] = { precision, recall, f1: f1(precision, recall), support };
  }
  const present = EVAL_CLASSES.filter((c) => perClass[c].support > 0 || EVAL_CLASSES.some((a) => confusion[a][c] > 0));
  const correct = EVAL_CLASSES.reduce((s, c) => s + confusion[c][c], 0);
  return {
    n: items.length,
    accuracy: ratio(correct, items.length),
    macroF1: ratio(present.reduce((s, c) => s + perClass[c].f1, 0), present.length),
    negative: perClass.negative,
    perClass,
    confusion,
  };
}

/** Maps a label column's value to a class: the negative value, the positive value, else neutral. */
export function labelClass(value: string, negative: string, positive?: string): EvalClass {
  const v = value.trim().toLowerCase();
  if (v === negative.trim().toLowerCase()) return 'negative';
  if (positive !== undefined && v === positive.trim().toLowerCase()) return 'positive';
  return 'neutral';
}

/**
 * The class an Analysis counts as: negative when detection would count it (NEGATIVE or a
 * complaint), positive when POSITIVE and the labels have a positive class, else neutral
 * (MIXED included: it is neither a clear complaint nor praise).
 */
export function predictedClass(
  analysis: { sentiment: string; complaint: boolean } | undefined,
  hasPositiveClass: boolean,
): EvalClass {
  if (!analysis) return 'neutral';
  if (analysis.sentiment === 'NEGATIVE' || analysis.complaint) return 'negative';
  if (analysis.sentiment === 'POSITIVE' && hasPositiveClass) return 'positive';
  return 'neutral';
}
