/**
 * `fetch --config <file> [--source <id>] [--json]`: one fetch cycle against the real configured
 * sources, on the embedded stack kept in <dir>/db, exactly as the scheduled Lambda runs it.
 */
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import type { IngestSummary } from '../../lambdas/core/ingest.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { CONFIG_OPTION, DIR_OPTION, JSON_OPTION, lineIo, runCommand, type CommandSpec } from '../command.ts';
import { UsageError } from './usage.ts';

interface FetchOptions {
  config: string;
  source?: string;
  dir: string;
  json?: boolean;
}

export const fetchSpec: CommandSpec<FetchOptions> = {
  name: 'fetch',
  summary: 'one fetch cycle against the real sources',
  description:
    'Runs every source (or one) once, exactly as its scheduled Lambda does, on the local database in <dir>/db: new Mentions are stored, scored and counted, and detection runs. A new Incident is paged (its escalation runs until the first email is out) and the escalation is kept in <dir>/db: `watch` or `serve` carries it on. Exits 1 when a source failed (the others still run; its cursor stays where it was).',
  options: [
    CONFIG_OPTION,
    { flags: '--source <id>', description: 'run only this source' },
    DIR_OPTION,
    { ...JSON_OPTION, description: 'print { mentions, incidents, errors } as JSON' },
  ],
  examples: ['crisis-desk fetch --config config/acme.yaml', 'crisis-desk fetch --config config/acme.yaml --source acme-blog --json'],
  async run(options, _args, { out, color: c }) {
    const config = loadConfigFile(options.config);
    if (options.source && !config.sources.some((s) => s.id === options.source))
      throw new UsageError(`no source "${options.source}" in ${options.config}; it has: ${config.sources.map((s) => s.id).join(', ') || 'none'}`);
    const ids = options.source ? [options.source] : config.sources.map((s) => s.id);
    const runtime = await startLocalRuntime({ config, dir: options.dir, persist: true, logger: new ConsoleLogger({ quiet: options.json }) });
    const results: { sourceId: string; summary?: IngestSummary; error?: string }[] = [];
    let paged: Incident[] = [];
    try {
      // One source failing does not stop the others, as in AWS where each has its own schedule.
      for (const id of ids) {
        try {
          results.push({ sourceId: id, summary: await runtime.fetch(id) });
        } catch (err) {
          results.push({ sourceId: id, error: (err as Error).message });
        }
      }
      // Each new Incident's escalation runs until its first page is out; the record of it stays
      // in <dir>/db, and `watch` or `serve` carries it on (the next Level, reminders) from there.
      await runtime.settleFlows(undefined, 60_000);
      const opened = results.flatMap((r) => r.summary?.opened ?? []);
      paged = (await Promise.all(opened.map((i) => runtime.stores.incidents.get(i.id)))).filter((i): i is Incident => i !== undefined);
    } finally {
      await runtime.stop();
    }
    if (options.json) {
      out(JSON.stringify({
        mentions: results.flatMap((r) => r.summary?.mentions ?? []),
        incidents: paged,
        errors: results.filter((r) => r.error).map((r) => ({ source: r.sourceId, error: r.error })),
      }, null, 2));
    } else {
      for (const r of results) {
        if (r.error) out(`${c.bold(r.sourceId)}: ${c.red('FAILED')}, cursor unchanged: ${r.error}`);
        else {
          const s = r.summary!;
          out(`${c.bold(r.sourceId)}: fetched ${s.fetched}, about the brand ${s.relevant}, stored ${s.stored} new (${s.duplicates} seen before)${s.unscored ? `, ${s.unscored} unscored` : ''}${s.more ? ', more next run' : ''}`);
          for (const opened of s.opened) {
            const i = paged.find((p) => p.id === opened.id) ?? opened;
            out(`  ${c.red('opened')} ${i.severity} ${i.brand}/${i.theme}: ${i.reason}`);
            out(`  ${i.notified.length ? `paged ${i.notified.join(', ')} (level ${i.level}) via ${runtime.emailTo}` : c.yellow('not paged yet (quiet hours or a snooze hold the page)')}`);
          }
        }
      }
      if (paged.length) out(c.dim('The escalation goes on (the next Level if nobody acknowledges, reminders) while `crisis-desk watch` or `serve` runs on this folder.'));
    }
    return results.some((r) => r.error) ? 1 : 0;
  },
};

export const fetchCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(fetchSpec, argv, lineIo(out));
