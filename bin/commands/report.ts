/**
 * `report --config <file> [--week YYYY-MM-DD] [--no-email] [--dir .crisis-desk] [--json]`: rebuilds
 * one week's report through the same use case the Lambda runs, on the local stores.
 */
import { relative } from 'node:path';
import { SvgChartRenderer } from '../../lambdas/adapters/chart-renderer.ts';
import type { Config } from '../../lambdas/core/config.ts';
import type { Clock, CounterStore, IncidentStore, Logger, Mailer, Metrics, ReportStore } from '../../lambdas/core/ports.ts';
import { buildWeeklyReport, type WeeklyReportResult } from '../../lambdas/core/report/build-weekly-report.ts';
import type { ChartRenderer } from '../../lambdas/core/report/charts.ts';
import { formatWeekRange } from '../../lambdas/core/report/format.ts';
import { lastCompleteWeek, weekContaining } from '../../lambdas/core/report/week.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { CONFIG_OPTION, DIR_OPTION, JSON_OPTION, lineIo, type CommandIo, type CommandSpec } from '../command.ts';
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
  /** @default a SvgChartRenderer */
  charts?: ChartRenderer;
  /** Passed to the use case: '' when `reports` is already rooted at a reports folder. @default 'reports/' */
  reportKeyPrefix?: string;
}

export interface ReportRequest {
  /** Any day of the week, YYYY-MM-DD; the last complete week when absent. */
  week?: string;
  /** @default true */
  email?: boolean;
  json?: boolean;
}

const quietLogger: Logger = { debug() {}, info() {}, warn: (m, a) => console.warn(m, a ?? ''), error: (m, a) => console.error(m, a ?? '') };

const shown = (where: string): string => (where.startsWith('/') ? relative(process.cwd(), where) || where : where);

/** Checks the week asked for: a date, and not a week that has not started yet. */
export function checkWeek(week: string | undefined, config: Pick<Config, 'timeZone'>, now: Date): { inProgress: boolean } {
  if (week === undefined) return { inProgress: false };
  let asked;
  try {
    asked = weekContaining(week, config.timeZone);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (Date.parse(asked.from) > now.getTime()) {
    const last = lastCompleteWeek(now, config.timeZone);
    throw new UsageError(`--week ${week} is in the future: the week of ${asked.start} has not started yet (the last complete week is ${last.start})`);
  }
  return { inProgress: Date.parse(asked.to) > now.getTime() };
}

/** Builds the report on the given runtime's ports and says what it did. */
export async function buildReport(runtime: ReportRuntime, request: ReportRequest, io: CommandIo): Promise<{ code: number; result: WeeklyReportResult }> {
  const { inProgress } = checkWeek(request.week, runtime.config, runtime.clock.now());
  const result = await buildWeeklyReport(
    {
      clock: runtime.clock,
      incidents: runtime.stores.incidents,
      counters: runtime.stores.counters,
      reports: runtime.reports,
      mailer: runtime.mailer,
      charts: runtime.charts ?? new SvgChartRenderer(),
      logger: runtime.logger ?? quietLogger,
      metrics: runtime.metrics,
      keyPrefix: runtime.reportKeyPrefix,
    },
    runtime.config,
    { ...(request.week && { week: request.week }), send: request.email !== false },
  );
  if (request.json) {
    io.out(
      JSON.stringify(
        {
          week: result.week,
          inProgress,
          headline: result.report.headline,
          archive: result.archiveUrl,
          stored: result.stored,
          charts: result.charts,
          emailedTo: result.emailedTo,
          report: result.report,
        },
        null,
        2,
      ),
    );
    return { code: 0, result };
  }
  const { out, color: c } = io;
  out(c.bold(`Weekly report ${formatWeekRange(result.week.start, result.week.end)} (${result.week.timeZone})`));
  if (inProgress) out(c.yellow('  this week is not over yet: the report covers it up to now'));
  out(`  ${result.report.headline}`);
  out(`  report:  ${shown(result.archiveUrl)}`);
  out(`  charts:  ${result.charts.length ? result.charts.join(', ') : 'none (no data to chart)'}`);
  out(`  emailed: ${result.emailedTo.length ? result.emailedTo.join(', ') : 'no (--no-email)'}`);
  return { code: 0, result };
}

/** `report`'s own flags on a runtime a caller built (tests pass stand-in stores). */
export async function reportCommand(
  argv: string[],
  runtime: ReportRuntime,
  out: (line: string) => void = console.log,
): Promise<{ code: number; result: WeeklyReportResult }> {
  const week = argv.includes('--week') ? argv[argv.indexOf('--week') + 1] : undefined;
  if (argv.includes('--week') && (!week || week.startsWith('--'))) throw new UsageError('--week needs a date, e.g. --week 2026-11-16');
  return buildReport(runtime, { week, email: !argv.includes('--no-email'), json: argv.includes('--json') }, lineIo(out));
}

interface ReportOptions {
  config: string;
  dir: string;
  week?: string;
  email: boolean;
  json?: boolean;
}

export const reportSpec: CommandSpec<ReportOptions> = {
  name: 'report',
  summary: 'rebuild one week\'s report',
  description:
    'Builds the WeeklyReport of one week from the local database (<dir>/db) through the same use case the Lambda runs: HTML, text and JSON in <dir>/reports/<week>/, and the email to report.recipients (into the outbox, or through smtp: when the config has it).',
  options: [
    CONFIG_OPTION,
    { flags: '--week <date>', description: 'any day of the week to report, YYYY-MM-DD (a future week is refused)', defaultDescription: 'the last complete week' },
    { flags: '--no-email', description: 'store the report only; email nobody' },
    DIR_OPTION,
    { ...JSON_OPTION, description: 'print the week, headline, stored files, recipients and the WeeklyReport as JSON' },
  ],
  examples: ['crisis-desk report --config config/demo.yaml --week 2026-11-16 --no-email'],
  async run(options, _args, io) {
    const config = loadConfigFile(options.config);
    checkWeek(options.week, config, new Date()); // before the database is locked
    const runtime = await startLocalRuntime({ config, dir: options.dir, persist: true });
    try {
      // The local store is already rooted at <dir>/reports.
      return (await buildReport({ ...runtime, reportKeyPrefix: '' }, options, io)).code;
    } finally {
      await runtime.stop();
    }
  },
};
