/**
 * `replay <file.csv|file.jsonl> --config <file> [--id c --text c --created-at c --author c --reach c --url c] [--json]`
 * Backtests detection on a historical export and prints the Incidents it would have opened.
 */
import { readImportFile, type ColumnMapping } from '../../lambdas/sources/import.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { replay } from '../../lib/local/replay.ts';
import { CONFIG_OPTION, JSON_OPTION, lineIo, runCommand, type CommandSpec, type OptionSpec } from '../command.ts';

/** Column flags: the Mention field each one maps. */
const MAPPING_FLAGS = { id: 'id', text: 'text', 'created-at': 'createdAt', author: 'author', reach: 'reach', url: 'url', 'is-brand': 'isBrand' } as const;
const camel = (flag: string) => flag.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());

type ReplayOptions = { config: string; json?: boolean } & Partial<Record<string, string>>;

export const replaySpec: CommandSpec<ReplayOptions> = {
  name: 'replay',
  summary: 'backtest detection on an export of past Mentions',
  description:
    'Runs an export (CSV or JSONL) through analysis and detection on the embedded stack in simulated time (the Mentions\' own timestamps) and prints the Incidents it would have opened. Nothing is emailed.',
  arguments: [{ name: '<file>', description: 'the export: .csv or .jsonl' }],
  options: [
    CONFIG_OPTION,
    ...Object.keys(MAPPING_FLAGS).map((flag): OptionSpec => ({ flags: `--${flag} <column>`, description: `the column (CSV header or JSON key) holding the Mention's ${MAPPING_FLAGS[flag as keyof typeof MAPPING_FLAGS]}` })),
    { ...JSON_OPTION, description: 'print the Incidents as a JSON array' },
  ],
  examples: ['crisis-desk replay export.csv --config config/acme.yaml --id post_id --text body --created-at posted --author user --reach followers'],
  async run(options, [file], { out }) {
    const config = loadConfigFile(options.config);
    const mapping: ColumnMapping = {};
    for (const [flag, field] of Object.entries(MAPPING_FLAGS)) {
      const column = options[camel(flag)];
      if (typeof column === 'string') mapping[field] = column;
    }
    const mentions = await readImportFile(file!, mapping, { sourceId: 'replay' });
    const result = await replay(config, mentions);
    const rows = result.incidents.map((i) => ({
      id: i.id, brand: i.brand, theme: i.theme, severity: i.severity, openedAt: i.openedAt,
      firstMentionAt: i.firstMentionAt, mentions: i.mentionCount, reach: i.reach, why: i.reason,
    }));
    if (options.json) {
      out(JSON.stringify(rows, null, 2));
      return 0;
    }
    out(`${result.mentions} mentions read, ${result.matched} matched a brand, ${rows.length} incident(s) would have opened`);
    for (const r of rows) out(`${r.openedAt}  ${r.severity}  ${r.brand}/${r.theme}  ${r.mentions} mentions  ${r.why}`);
    return 0;
  },
};

export const replayCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(replaySpec, argv, lineIo(out));
