/**
 * `report [--config <file>] [--week YYYY-MM-DD] [--no-email] [--dir .crisis-desk]`: rebuilds one
 * week's report through the same use case the Lambda runs, on the local stores.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { VegaChartRenderer } from '../../lambdas/adapters/chart-renderer.ts';
import type { Config } from '../../lambdas/core/config.ts';
import type { Clock, CounterStore, IncidentStore, Logger, Mailer, Metrics, ReportStore } from '../../lambdas/core/ports.ts';
import { buildWeeklyReport, type WeeklyReportResult } from '../../lambdas/core/report/build-weekly-report.ts';
import type { ChartRenderer } from '../../lambdas/core/report/charts.ts';
import { formatWeekRange } from '../../lambdas/core/report/format.ts';
import { weekContaining } from '../../lambdas/core/report/week.ts';
import { UsageError } from './usage.ts';

/** What the command needs from a runtime: the local one, or AWS adapters built by a caller. */
export interface ReportRuntime {
  config: Config;
  clock: Clock;
  stores: { incidents: Pick<IncidentStore, 'listOpenedBetween'>; counters: Pick<CounterStore, 'range'> };
  reports: ReportStore;
  mailer: Mailer;
  logger?: Logger;
  metrics?: Metrics;
  /** @default a VegaChartRenderer */
  charts?: ChartRenderer;
  /** Passed to the use case: '' when `reports` is already rooted at a reports folder. @default 'reports/' */
  reportKeyPrefix?: string;
}

const quietLogger: Logger = { debug() {}, info() {}, warn: (m, a) => console.warn(m, a ?? ''), error: (m, a) => console.error(m, a ?? '') };

const shown = (where: string): string => (where.startsWith('/') ? relative(process.cwd(), where) || where : where);

/** Parses `--week` / `--no-email` and builds the report on the given runtime's ports. */
export async function reportCommand(
  argv: string[],
  runtime: ReportRuntime,
  out: (line: string) => void = console.log,
): Promise<{ code: number; result: WeeklyReportResult }> {
  const { values } = parseArgs({
    args: argv,
    options: { week: { type: 'string' }, 'no-email': { type: 'boolean', default: false } },
    allowPositionals: false,
    strict: false,
  });
  const week = typeof values.week === 'string' ? values.week : undefined;
  if (values.week !== undefined && !week) throw new UsageError('--week needs a date, e.g. --week 2026-11-16');
  if (week) {
    try {
      weekContaining(week, runtime.config.timeZone);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const result = await buildWeeklyReport(
    {
      clock: runtime.clock,
      incidents: runtime.stores.incidents,
      counters: runtime.stores.counters,
      reports: runtime.reports,
      mailer: runtime.mailer,
      charts: runtime.charts ?? new VegaChartRenderer(),
      logger: runtime.logger ?? quietLogger,
      metrics: runtime.metrics,
      keyPrefix: runtime.reportKeyPrefix,
    },
    runtime.config,
    { week, send: values['no-email'] !== true },
  );
  out(`Weekly report ${formatWeekRange(result.week.start, result.week.end)} (${result.week.timeZone})`);
  out(`  ${result.report.headline}`);
  out(`  report:  ${shown(result.archiveUrl)}`);
  out(`  charts:  ${result.charts.length ? result.charts.join(', ') : 'none (no data to chart)'}`);
  out(`  emailed: ${result.emailedTo.length ? result.emailedTo.join(', ') : 'no (--no-email)'}`);
  return { code: 0, result };
}

/** The CLI entry: the local runtime on the kept tables in `<dir>/db`. */
export async function reportCliCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', default: 'config/example.yaml' },
      dir: { type: 'string', default: '.crisis-desk' },
      week: { type: 'string' },
      'no-email': { type: 'boolean', default: false },
    },
  });
  const config = loadConfigFile(values.config);
  const runtime = await startLocalRuntime({ config, dir: values.dir, persist: true });
  try {
    const forwarded = [...(values.week ? ['--week', values.week] : []), ...(values['no-email'] ? ['--no-email'] : [])];
    // The local store is already rooted at <dir>/reports.
    return (await reportCommand(forwarded, { ...runtime, reportKeyPrefix: '' }, out)).code;
  } finally {
    await runtime.stop();
  }
}
