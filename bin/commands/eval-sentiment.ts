/**
 * `eval-sentiment <file.csv> --text <col> --label <col> --negative <value> [--positive <value>] [--errors <n>] [--json]`
 * Scores the local LexiconAnalyzer against a labelled CSV: accuracy, macro-F1,
 * negative-versus-rest precision/recall/F1 and the confusion matrix; with --errors, the n
 * worst misses each way (complaints it missed, and posts it took for complaints).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import type { Analysis } from '../../lambdas/core/mention.ts';
import { decodeText } from '../../lambdas/sources/encoding.ts';
import {
  EVAL_CLASSES, evaluate, labelClass, predictedClass,
  type EvaluationResult, type LabelledPrediction,
} from '../../lambdas/core/evaluation.ts';
import { plain } from '../color.ts';
import { JSON_OPTION, runCommand, type CommandSpec } from '../command.ts';
import { UsageError } from './usage.ts';

const USAGE =
  'usage: eval-sentiment <file.csv> --text <column> --label <column> --negative <value> [--positive <value>] [--errors <n>] [--json]';

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

/** One labelled row with what the analyser made of it. */
export interface ScoredRow extends LabelledPrediction {
  text: string;
  label: string;
  analysis: Analysis | undefined;
}

export interface CsvEvaluation extends EvaluationResult {
  /** How the file was decoded, e.g. "valid UTF-8, 12 double-encoded (Latin-1) runs repaired". */
  encoding: string;
  rows: ScoredRow[];
}

/** Reads the CSV (in whatever encoding it was saved) and scores the lexicon analyser on it. */
export async function evaluateCsv(opts: EvalSentimentOptions): Promise<CsvEvaluation> {
  const decoded = decodeText(await readFile(opts.file));
  const rows = parse(decoded.text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  if (!rows.length) throw new EvalArgsError(`${opts.file} has no rows`);
  for (const col of [opts.text, opts.label])
    if (!(col in rows[0]!)) throw new EvalArgsError(`column "${col}" not in ${opts.file} (columns: ${Object.keys(rows[0]!).join(', ')})`);
  const labelled = rows.filter((r) => (r[opts.text] ?? '').trim() !== '');
  const analyses = await new LexiconAnalyzer().analyze(labelled.map((r) => ({ text: r[opts.text]! })));
  const scored: ScoredRow[] = labelled.map((r, i) => ({
    text: r[opts.text]!,
    label: r[opts.label] ?? '',
    analysis: analyses[i],
    actual: labelClass(r[opts.label] ?? '', opts.negative, opts.positive),
    predicted: predictedClass(analyses[i], opts.positive !== undefined),
  }));
  return { ...evaluate(scored), encoding: decoded.description, rows: scored };
}

/** How sure the analyser was that a row is negative: its negative score, plus one for a complaint. */
const negativity = (a: Analysis | undefined): number => (a ? a.scores.negative - a.scores.positive + (a.complaint ? 1 : 0) : 0);

/**
 * The worst misses each way: labelled negative but read as something else (the most
 * positive-looking first), and read as negative but labelled otherwise (the surest first).
 */
export function worstErrors(rows: readonly ScoredRow[], n: number): { missed: ScoredRow[]; falseAlarms: ScoredRow[] } {
  const missed = rows.filter((r) => r.actual === 'negative' && r.predicted !== 'negative');
  const falseAlarms = rows.filter((r) => r.actual !== 'negative' && r.predicted === 'negative');
  return {
    missed: [...missed].sort((a, b) => negativity(a.analysis) - negativity(b.analysis)).slice(0, n),
    falseAlarms: [...falseAlarms].sort((a, b) => negativity(b.analysis) - negativity(a.analysis)).slice(0, n),
  };
}

const errorRow = (r: ScoredRow) => ({
  text: r.text,
  label: r.label,
  predicted: r.predicted,
  sentiment: r.analysis?.sentiment,
  complaint: r.analysis?.complaint,
  signals: r.analysis?.signals ?? [],
  risks: r.analysis?.risks ?? [],
});

/** Figures as one JSON object: encoding, accuracy, macroF1, negative {precision, recall, f1}, confusion (and errors). */
export function toJson(r: CsvEvaluation, errors = 0): Record<string, unknown> {
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const worst = errors > 0 ? worstErrors(r.rows, errors) : undefined;
  return {
    encoding: r.encoding,
    n: r.n,
    accuracy: r4(r.accuracy),
    macroF1: r4(r.macroF1),
    negative: { precision: r4(r.negative.precision), recall: r4(r.negative.recall), f1: r4(r.negative.f1), support: r.negative.support },
    confusion: r.confusion,
    ...(worst ? { errors: { missed: worst.missed.map(errorRow), falseAlarms: worst.falseAlarms.map(errorRow) } } : {}),
  };
}

export function toText(r: CsvEvaluation, file: string, errors = 0): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const pad = (s: string | number, n = 10) => String(s).padStart(n);
  const lines = [
    `${file}: ${r.n} rows, lexicon analyser (${r.encoding})`,
    `accuracy  ${pct(r.accuracy)}`,
    `macro-F1  ${r.macroF1.toFixed(3)}`,
    `negative  precision ${r.negative.precision.toFixed(3)}  recall ${r.negative.recall.toFixed(3)}  F1 ${r.negative.f1.toFixed(3)}  (support ${r.negative.support})`,
    '',
    `confusion (rows: labelled, columns: predicted)`,
    `${pad('')}${EVAL_CLASSES.map((c) => pad(c)).join('')}`,
    ...EVAL_CLASSES.map((a) => `${pad(a)}${EVAL_CLASSES.map((p) => pad(r.confusion[a][p])).join('')}`),
  ];
  if (errors > 0) {
    const worst = worstErrors(r.rows, errors);
    const show = (row: ScoredRow) => {
      const a = row.analysis;
      const why = [...(a?.signals ?? []), ...(a?.risks ?? []).map((x) => `risk ${x}`)].join('; ') || 'no signal';
      return `  [${row.label}] read as ${a?.sentiment ?? 'unscored'}${a?.complaint ? ' complaint' : ''} (${why})\n    ${row.text.replace(/\s+/g, ' ').slice(0, 200)}`;
    };
    lines.push('', `missed complaints (labelled ${'negative'}, read otherwise): ${worst.missed.length}`, ...worst.missed.map(show));
    lines.push('', `false alarms (read as negative, labelled otherwise): ${worst.falseAlarms.length}`, ...worst.falseAlarms.map(show));
  }
  return lines.join('\n');
}

const wholeNumber = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value)) throw new Error(`must be a whole number, got "${value}"`);
  return n;
};

export const evalSentimentSpec: CommandSpec<Omit<EvalSentimentOptions, 'file'> & { errors: number; json?: boolean }> = {
  name: 'eval-sentiment',
  summary: 'score the local analyser against a labelled CSV',
  description:
    'Scores the local lexicon analyser against a labelled CSV (any encoding: UTF-8, UTF-16, Windows-1252): accuracy, macro-F1, negative precision / recall / F1 and the confusion matrix; with --errors, the worst misses each way.',
  arguments: [{ name: '<file.csv>', description: 'the labelled CSV' }],
  options: [
    { flags: '--text <column>', description: 'the column holding the text', required: true },
    { flags: '--label <column>', description: 'the column holding the label', required: true },
    { flags: '--negative <value>', description: 'the label value that means negative (a complaint)', required: true },
    { flags: '--positive <value>', description: 'the label value that means positive (otherwise: negative versus the rest)' },
    { flags: '--errors <n>', description: 'list the n worst misses each way (missed complaints, false alarms)', default: 0, parse: wholeNumber },
    { ...JSON_OPTION, description: 'print encoding, accuracy, macroF1, negative { precision, recall, f1 }, confusion (and errors) as one JSON object' },
  ],
  examples: ['crisis-desk eval-sentiment ../shared/fixtures/data/twcs_sample.csv --text text --label inbound --negative True --errors 5'],
  async run(options, [file], { out }) {
    const { errors, json, ...rest } = options;
    const opts = { ...rest, file: file! };
    try {
      const result = await evaluateCsv(opts);
      out(json ? JSON.stringify(toJson(result, errors)) : toText(result, opts.file, errors));
      return 0;
    } catch (err) {
      // A file or column that is not there is a mistake in the command line.
      if (err instanceof EvalArgsError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError((err as Error).message);
      throw err;
    }
  },
};

/** CLI entry: 0 on success, 2 on bad arguments or an unreadable file (the message on stderr). */
export async function evalSentimentCommand(argv: string[]): Promise<number> {
  const io = { out: (line: string) => void process.stdout.write(`${line}\n`), err: (line: string) => void process.stderr.write(`${line}\n`), color: plain };
  try {
    return await runCommand(evalSentimentSpec, argv, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (!err.printed) io.err(`eval-sentiment: ${err.message}`);
    return 2;
  }
}
