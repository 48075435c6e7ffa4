/**
 * `replay <file.csv|file.jsonl> --config <file> [--id c --text c --created-at c --author c --reach c --url c] [--json] [--mentions <file.jsonl>]`
 * Backtests detection on a historical export and prints the Incidents it would have opened;
 * with --mentions, writes every analysed Mention to show the analysis' work.
 */
import { writeFile } from 'node:fs/promises';
import { mentionRecord } from '../../lib/local/mention-record.ts';
import type { Mention } from '../../lambdas/core/mention.ts';
import { readImportFile, type ColumnMapping } from '../../lambdas/sources/import.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { replay } from '../../lib/local/replay.ts';
import { CONFIG_OPTION, JSON_OPTION, lineIo, runCommand, type CommandSpec, type OptionSpec } from '../command.ts';

/** Column flags (eval:detection takes them too): the Mention field each one maps. */
export const MAPPING_FLAGS = { id: 'id', text: 'text', 'created-at': 'createdAt', author: 'author', reach: 'reach', url: 'url', 'is-brand': 'isBrand' } as const;
const camel = (flag: string) => flag.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());

export const MAPPING_OPTIONS: OptionSpec[] = Object.keys(MAPPING_FLAGS).map((flag) => ({
  flags: `--${flag} <column>`,
  description: `the column (CSV header or JSON key) holding the Mention's ${MAPPING_FLAGS[flag as keyof typeof MAPPING_FLAGS]}`,
}));

/** The column mapping the flags name. */
export function mappingFrom(options: Partial<Record<string, unknown>>): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const [flag, field] of Object.entries(MAPPING_FLAGS)) {
    const column = options[camel(flag)];
    if (typeof column === 'string') mapping[field] = column;
  }
  return mapping;
}

type ReplayOptions = { config: string; json?: boolean; mentions?: string } & Partial<Record<string, string>>;

export const replaySpec: CommandSpec<ReplayOptions> = {
  name: 'replay',
  summary: 'backtest detection on an export of past Mentions',
  description:
    'Runs an export (CSV or JSONL) through analysis and detection, in memory, in simulated time (the Mentions\' own timestamps) and prints the Incidents it would have opened. Nothing is emailed.',
  arguments: [{ name: '<file>', description: 'the export: .csv or .jsonl' }],
  options: [
    CONFIG_OPTION,
    ...MAPPING_OPTIONS,
    { ...JSON_OPTION, description: 'print the Incidents as a JSON array' },
    { flags: '--mentions <file.jsonl>', description: 'write every analysed Mention (brands, language, sentiment, complaint signals, risk verdicts, theme) to this file, one JSON object a line' },
  ],
  examples: ['crisis-desk replay export.csv --config config/acme.yaml --id post_id --text body --created-at posted --author user --reach followers'],
  async run(options, [file], { out }) {
    const config = loadConfigFile(options.config);
    let encoding = '';
    const mentions = await readImportFile(file!, mappingFrom(options), { sourceId: 'replay', onDecoded: (d) => (encoding = d.description) });
    // One line per post, as its primary brand analysed it.
    const analysed = new Map<string, Mention>();
    const result = await replay(config, mentions, {
      onMention: (m) => {
        if (!analysed.has(m.nativeId) || m.brand === m.brands?.[0]) analysed.set(m.nativeId, m);
      },
    });
    if (options.mentions) await writeFile(options.mentions, [...analysed.values()].map((m) => `${JSON.stringify(mentionRecord(m, config))}\n`).join(''));
    const rows = result.incidents.map((i) => ({
      id: i.id, brand: i.brand, problem: i.problem, theme: i.theme, severity: i.severity, openedSeverity: i.openedSeverity ?? i.severity,
      status: i.status, openedAt: i.openedAt, firstMentionAt: i.firstMentionAt, ...(i.resolvedAt && { resolvedAt: i.resolvedAt }),
      reopened: i.reopenCount ?? 0, mentions: i.mentionCount, reach: i.reach, themes: i.themes ?? {}, opening: i.opening, why: i.reason,
      // What happened, not only what opened: opened, raised, reopened, proposed-resolution, resolved, with severity and numbers.
      timeline: i.timeline.map(({ actor: _actor, ...e }) => e),
    }));
    if (options.json) {
      out(JSON.stringify(rows, null, 2));
      return 0;
    }
    out(`${file} read as ${encoding}`);
    out(`${result.mentions} mentions read, ${result.matched} matched a brand, ${rows.length} incident(s) would have opened`);
    if (options.mentions) out(`${analysed.size} analysed mentions written to ${options.mentions}`);
    for (const r of rows) {
      out(`${r.openedAt}  ${r.openedSeverity}${r.severity !== r.openedSeverity ? `→${r.severity}` : ''}  ${r.brand}/${r.theme}  ${r.mentions} mentions  ${r.why}`);
      for (const e of r.timeline.filter((t) => t.type === 'raised' || t.type === 'reopened' || t.type === 'resolved'))
        out(`    ${e.at}  ${e.type}${e.severity ? ` ${e.severity}` : ''}${e.detail ? `: ${e.detail}` : ''}`);
    }
    return 0;
  },
};

export const replayCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(replaySpec, argv, lineIo(out));
