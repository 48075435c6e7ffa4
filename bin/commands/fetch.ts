/**
 * `fetch --config <file> [--source <id>] [--json]`: one fetch cycle against the real configured
 * sources, on the embedded stack kept in .crisis-desk/db, exactly as the scheduled Lambda runs it.
 */
import { parseArgs } from 'node:util';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import type { IngestSummary } from '../../lambdas/core/ingest.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { UsageError } from './usage.ts';

export async function fetchCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', default: 'config/example.yaml' },
      source: { type: 'string' },
      json: { type: 'boolean', default: false },
      dir: { type: 'string', default: '.crisis-desk' },
    },
  });
  const config = loadConfigFile(values.config);
  const ids = values.source ? [values.source] : config.sources.map((s) => s.id);
  if (values.source && !config.sources.some((s) => s.id === values.source))
    throw new UsageError(`no source "${values.source}" in ${values.config}; it has: ${config.sources.map((s) => s.id).join(', ') || 'none'}`);
  const runtime = await startLocalRuntime({ config, dir: values.dir, persist: true, logger: new ConsoleLogger({ quiet: values.json }) });
  const results: { sourceId: string; summary?: IngestSummary; error?: string }[] = [];
  try {
    // One source failing does not stop the others, as in AWS where each has its own schedule.
    for (const id of ids) {
      try {
        results.push({ sourceId: id, summary: await runtime.fetch(id) });
      } catch (err) {
        results.push({ sourceId: id, error: (err as Error).message });
      }
    }
  } finally {
    await runtime.stop();
  }
  if (values.json) {
    out(JSON.stringify({
      mentions: results.flatMap((r) => r.summary?.mentions ?? []),
      incidents: results.flatMap((r) => r.summary?.opened ?? []),
      errors: results.filter((r) => r.error).map((r) => ({ source: r.sourceId, error: r.error })),
    }, null, 2));
  } else {
    for (const r of results) {
      if (r.error) out(`${r.sourceId}: FAILED, cursor unchanged: ${r.error}`);
      else {
        const s = r.summary!;
        out(`${r.sourceId}: fetched ${s.fetched}, about the brand ${s.relevant}, stored ${s.stored} new (${s.duplicates} seen before)${s.unscored ? `, ${s.unscored} unscored` : ''}${s.more ? ', more next run' : ''}`);
        for (const i of s.opened) out(`  opened ${i.severity} ${i.brand}/${i.theme}: ${i.reason}`);
      }
    }
  }
  return results.some((r) => r.error) ? 1 : 0;
}
