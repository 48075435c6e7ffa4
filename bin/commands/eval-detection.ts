/**
 * `eval:detection <file.csv|jsonl> --config <file> --label <column> --negative <value> [mapping flags as replay] [--json]`
 * Derives surges from the human labels (lambdas/core/detection/evaluation.ts says the rule),
 * replays the file through analysis and detection, and prints per brand and in total: surges
 * alerted before their peak, minutes from onset to the first alert, SEV1/SEV2 pages outside any
 * elevated period per brand-week, and Incidents per surge.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { matchBrand } from '../../lambdas/core/brand-match.ts';
import {
  alertsOf, labelledSurges, scoreDetection, SURGE_RULE,
  type DetectionFigures, type DetectionScore, type LabelledPost,
} from '../../lambdas/core/detection/evaluation.ts';
import { decodeText } from '../../lambdas/sources/encoding.ts';
import { readImportFile, type ColumnMapping } from '../../lambdas/sources/import.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { replay } from '../../lib/local/replay.ts';
import { CONFIG_OPTION, JSON_OPTION, lineIo, runCommand, type CommandSpec } from '../command.ts';
import { MAPPING_OPTIONS, mappingFrom } from './replay.ts';
import { UsageError } from './usage.ts';

export interface DetectionEvaluation extends DetectionScore {
  file: string;
  rows: number;
  matched: number;
  rule: typeof SURGE_RULE;
}

export async function evaluateDetection(
  file: string,
  opts: { config: string; label: string; negative: string; mapping: ColumnMapping },
): Promise<DetectionEvaluation> {
  const config = loadConfigFile(opts.config);
  const mentions = await readImportFile(file, opts.mapping, { sourceId: 'replay' });
  const labels = await readColumn(file, opts.label);
  if (labels.length !== mentions.length) throw new Error(`${file}: read ${mentions.length} mentions but ${labels.length} labels`);
  const negative = opts.negative.trim().toLowerCase();
  const posts: LabelledPost[] = [];
  mentions.forEach((m, i) => {
    const brand = matchBrand(config.brands, m);
    if (brand) posts.push({ brand: brand.id, at: Date.parse(m.createdAt), negative: labels[i]!.trim().toLowerCase() === negative });
  });
  if (!posts.some((p) => p.negative)) throw new UsageError(`no row of ${file} matched a brand with ${opts.label} = "${opts.negative}"`);
  const result = await replay(config, mentions);
  return { file, rows: mentions.length, matched: posts.length, rule: SURGE_RULE, ...scoreDetection(labelledSurges(posts), alertsOf(result.incidents)) };
}

/** One column of every row, in the order readImportFile returns the rows (decoded as it decodes them). */
async function readColumn(file: string, column: string): Promise<string[]> {
  const content = decodeText(await readFile(file)).text;
  const rows: Record<string, unknown>[] = /\.csv$/i.test(file)
    ? (parseCsv(content, { columns: true, bom: true, skip_empty_lines: true, trim: false }) as Record<string, unknown>[])
    : content.split(/\r?\n/).filter((line) => line.trim()).map((line) => JSON.parse(line) as Record<string, unknown>);
  if (rows.length && !(column in rows[0]!)) throw new UsageError(`column "${column}" not in ${file} (columns: ${Object.keys(rows[0]!).join(', ')})`);
  return rows.map((r) => String(r[column] ?? ''));
}

type EvalDetectionOptions = { config: string; label: string; negative: string; json?: boolean } & Partial<Record<string, string>>;

export const evalDetectionSpec: CommandSpec<EvalDetectionOptions> = {
  name: 'eval:detection',
  summary: 'detection against the surges people labelled in an export',
  description:
    "Derives each brand's surges from the human labels (runs of hours with at least max(2 × the brand's median, 8) labelled negatives, holding an hour with at least max(3 × median, 15)), replays the file through analysis and detection, and prints per brand and in total: surges alerted before their peak (an alert of the brand from an hour before the onset to the end of the peak hour; strictly, by the peak hour's start), minutes from onset to the first alert, SEV1/SEV2 pages outside any elevated period per brand-week, and Incidents per surge.",
  arguments: [{ name: '<file>', description: 'the labelled export: .csv or .jsonl' }],
  options: [
    CONFIG_OPTION,
    { flags: '--label <column>', description: 'the column holding the human label', required: true },
    { flags: '--negative <value>', description: 'the label value that means negative', required: true },
    ...MAPPING_OPTIONS,
    { ...JSON_OPTION, description: 'print the figures as one JSON object' },
  ],
  examples: ['crisis-desk eval:detection ../shared/fixtures/data/apple_twitter_sentiment.csv --config config/eval/apple.yaml --label sentiment --negative 1 --id _unit_id'],
  async run(options, [file], { out }) {
    const result = await evaluateDetection(file!, { config: options.config, label: options.label, negative: options.negative, mapping: mappingFrom(options) });
    if (options.json) out(JSON.stringify(toJson(result), null, 2));
    else for (const line of toText(result)) out(line);
    return 0;
  },
};

export const evalDetectionCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(evalDetectionSpec, argv, lineIo(out));

/** The figures as one object: total, and per brand with its surges. */
export function toJson(r: DetectionEvaluation): Record<string, unknown> {
  return {
    file: r.file,
    rows: r.rows,
    matched: r.matched,
    rule: r.rule,
    total: r.total,
    brands: Object.fromEntries(r.brands.map(({ brand, ...figures }) => [brand, figures])),
  };
}

function toText(r: DetectionEvaluation): string[] {
  const row = (name: string, f: DetectionFigures & { medianHourlyNegative?: number }) => [
    name,
    f.medianHourlyNegative === undefined ? '' : String(f.medianHourlyNegative),
    `${f.alertedBeforePeak}/${f.surges}`,
    `${f.alertedBeforePeakHour}/${f.surges}`,
    f.medianOnsetToAlertMinutes === null ? (f.surges ? 'missed' : '-') : `${f.medianOnsetToAlertMinutes} min (max ${f.maxOnsetToAlertMinutes ?? '-'})`,
    `${f.pagesOutsideElevated} (${f.pagesOutsideElevatedPerBrandWeek} per brand-week)`,
    f.surges ? `${f.meanIncidentsPerSurge} (max ${f.maxIncidentsPerSurge})` : '-',
  ];
  const table = [
    ['brand', 'median negatives/h', 'alerted before peak', 'strictly (by its start)', 'onset → alert, median', 'SEV1/2 pages outside surges', 'incidents per surge'],
    ...r.brands.map((b) => row(b.brand, b)),
    row('total', r.total),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((t) => t[c]!.length)));
  const lines = [
    `${r.file}: ${r.rows} rows, ${r.matched} matched a brand`,
    `surges from the labels: runs of hours with ≥ max(${r.rule.elevatedRatio} × median, ${r.rule.elevatedMin}) labelled negatives holding an hour with ≥ max(${r.rule.majorRatio} × median, ${r.rule.majorMin})`,
    '',
    ...table.map((t) => t.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()),
    '',
  ];
  for (const b of r.brands)
    for (const s of b.surgeDetails)
      lines.push(
        `${b.brand}  surge ${s.onset.slice(0, 16)} → ${s.end.slice(11, 16)}, peak ${s.peak.slice(11, 16)} (${s.peakNegative} labelled negatives): ` +
          (s.firstAlert
            ? `first alert ${s.firstAlert.slice(0, 16)} (+${s.onsetToAlertMinutes} min${s.alertedBeforePeakHour ? '' : s.alertedBeforePeak ? ', in the peak hour' : ', after the peak'}), ${s.incidents} incident(s)`
            : 'no alert'),
      );
  return lines;
}
