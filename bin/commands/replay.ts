/**
 * `replay <file.csv|file.jsonl> --config <file> [--id c --text c --created-at c --author c --reach c --url c] [--json]`
 * Backtests detection on a historical export and prints the Incidents it would have opened.
 */
import { parseArgs } from 'node:util';
import { readImportFile, type ColumnMapping } from '../../lambdas/sources/import.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { replay } from '../../lib/local/replay.ts';
import { UsageError } from './usage.ts';

const MAPPING_FLAGS = { id: 'id', text: 'text', 'created-at': 'createdAt', author: 'author', reach: 'reach', url: 'url', 'is-brand': 'isBrand' } as const;

export async function replayCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'config/example.yaml' },
      json: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(MAPPING_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('replay needs a file: replay <file.csv|file.jsonl> --config <file>');
  const config = loadConfigFile(String(values.config));
  const mapping: ColumnMapping = {};
  for (const [flag, field] of Object.entries(MAPPING_FLAGS)) {
    const column = (values as Record<string, unknown>)[flag];
    if (typeof column === 'string') mapping[field] = column;
  }
  const mentions = await readImportFile(file, mapping, { sourceId: 'replay' });
  const result = await replay(config, mentions);
  const rows = result.incidents.map((i) => ({
    id: i.id, brand: i.brand, theme: i.theme, severity: i.severity, openedAt: i.openedAt,
    firstMentionAt: i.firstMentionAt, mentions: i.mentionCount, reach: i.reach, why: i.reason,
  }));
  if (values.json) {
    out(JSON.stringify(rows, null, 2));
    return 0;
  }
  out(`${result.mentions} mentions read, ${result.matched} matched a brand, ${rows.length} incident(s) would have opened`);
  for (const r of rows) out(`${r.openedAt}  ${r.severity}  ${r.brand}/${r.theme}  ${r.mentions} mentions  ${r.why}`);
  return 0;
}
