/**
 * `eval-sentiment <file.csv> --text <col> --label <col> --negative <value> [--positive <value>] [--json]`
 * Scores the local LexiconAnalyzer against a labelled CSV: accuracy, macro-F1,
 * negative-versus-rest precision/recall/F1 and the confusion matrix.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import {
  EVAL_CLASSES, evaluate, labelClass, predictedClass,
  type EvaluationResult, type LabelledPrediction,
} from '../../lambdas/core/evaluation.ts';

const USAGE =
  'usage: eval-sentiment <file.csv> --text <column> --label <column> --negative <value> [--positive <value>] [--json]';

export class EvalArgsError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'EvalArgsError';
  }
}

export interface EvalSentimentOptions {
  file: string;
  text: string;
  label: string;
  negative: string;
  positive?: string;
}

/** Reads the CSV and scores the lexicon analyser on it. */
export async function evaluateCsv(opts: EvalSentimentOptions): Promise<EvaluationResult> {
  const rows = parse(await readFile(opts.file), { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  if (!rows.length) throw new EvalArgsError(`${opts.file} has no rows`);
  for (const col of [opts.text, opts.label])
    if (!(col in rows[0]!)) throw new EvalArgsError(`column "${col}" not in ${opts.file} (columns: ${Object.keys(rows[0]!).join(', ')})`);
  const labelled = rows.filter((r) => (r[opts.text] ?? '').trim() !== '');
  const analyses = await new LexiconAnalyzer().analyze(labelled.map((r) => ({ text: r[opts.text]! })));
  const items: LabelledPrediction[] = labelled.map((r, i) => ({
    actual: labelClass(r[opts.label] ?? '', opts.negative, opts.positive),
    predicted: predictedClass(analyses[i], opts.positive !== undefined),
  }));
  return evaluate(items);
}

export function parseEvalArgs(argv: string[]): EvalSentimentOptions & { json: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      text: { type: 'string' },
      label: { type: 'string' },
      negative: { type: 'string' },
      positive: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file) throw new EvalArgsError('missing <file.csv>');
  for (const name of ['text', 'label', 'negative'] as const) if (!values[name]) throw new EvalArgsError(`missing --${name}`);
  return {
    file,
    text: values.text!,
    label: values.label!,
    negative: values.negative!,
    ...(values.positive !== undefined ? { positive: values.positive } : {}),
    json: values.json ?? false,
  };
}

/** Figures as one JSON object: accuracy, macroF1, negative {precision, recall, f1}, confusion. */
export function toJson(r: EvaluationResult): Record<string, unknown> {
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    n: r.n,
    accuracy: r4(r.accuracy),
    macroF1: r4(r.macroF1),
    negative: { precision: r4(r.negative.precision), recall: r4(r.negative.recall), f1: r4(r.negative.f1), support: r.negative.support },
    confusion: r.confusion,
  };
}

export function toText(r: EvaluationResult, file: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const pad = (s: string | number, n = 10) => String(s).padStart(n);
  const lines = [
    `${file}: ${r.n} rows, lexicon analyser`,
    `accuracy  ${pct(r.accuracy)}`,
    `macro-F1  ${r.macroF1.toFixed(3)}`,
    `negative  precision ${r.negative.precision.toFixed(3)}  recall ${r.negative.recall.toFixed(3)}  F1 ${r.negative.f1.toFixed(3)}  (support ${r.negative.support})`,
    '',
    `confusion (rows: labelled, columns: predicted)`,
    `${pad('')}${EVAL_CLASSES.map((c) => pad(c)).join('')}`,
    ...EVAL_CLASSES.map((a) => `${pad(a)}${EVAL_CLASSES.map((p) => pad(r.confusion[a][p])).join('')}`),
  ];
  return lines.join('\n');
}

/** CLI entry: 0 on success, 2 on bad arguments or an unreadable file. */
export async function evalSentimentCommand(argv: string[]): Promise<number> {
  try {
    const opts = parseEvalArgs(argv);
    const result = await evaluateCsv(opts);
    process.stdout.write(`${opts.json ? JSON.stringify(toJson(result)) : toText(result, opts.file)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof EvalArgsError || (err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof TypeError) {
      process.stderr.write(`eval-sentiment: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
