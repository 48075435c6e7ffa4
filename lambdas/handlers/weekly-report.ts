/**
 * The weekly report task: `{ week?: 'YYYY-MM-DD', scheduledTime?: ISO }` from the schedule's
 * state machine or by hand. Without `week` it reports the last complete week before the
 * scheduled time (so a retry an hour later still reports the same week), else before now.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { SvgChartRenderer } from '../adapters/chart-renderer.ts';
import { requireEnv } from '../adapters/env.ts';
import { powertools, traced } from '../adapters/powertools.ts';
import { S3ReportStore } from '../adapters/s3-report-store.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import type { Config } from '../core/config.ts';
import { buildWeeklyReport, type WeeklyReportDeps } from '../core/report/build-weekly-report.ts';
import { lastCompleteWeek } from '../core/report/week.ts';
import { HANDLER_ENV } from '../contracts/handler-env.ts';

export interface WeeklyReportEvent {
  week?: string;
  scheduledTime?: string;
}

export interface WeeklyReportHandlerDeps extends WeeklyReportDeps {
  config: Config;
}

export const createWeeklyReportHandler = (deps: WeeklyReportHandlerDeps) => async (event: WeeklyReportEvent = {}) => {
  const { week, scheduledTime } = event ?? {};
  if (week !== undefined && typeof week !== 'string') throw new TypeError('weekly-report event: week must be a YYYY-MM-DD string');
  const scheduled = typeof scheduledTime === 'string' ? new Date(scheduledTime) : undefined;
  const asked = week ?? (scheduled && !Number.isNaN(scheduled.getTime()) ? lastCompleteWeek(scheduled, deps.config.timeZone).start : undefined);
  const result = await buildWeeklyReport(deps, deps.config, { week: asked });
  return { week: result.week.start, archiveUrl: result.archiveUrl, emailedTo: result.emailedTo.length, charts: result.charts, headline: result.report.headline };
};

function awsDeps(): WeeklyReportHandlerDeps {
  const config = loadBundledConfig();
  const stores = awsStores(config);
  return {
    config,
    clock: systemClock,
    incidents: requireStore(stores, 'incidents'),
    counters: requireStore(stores, 'counters'),
    // The email links the archived copy in the S3 console: clickable for the account's people, never public.
    reports: new S3ReportStore({ client: traced(new S3Client({})), bucket: requireEnv(HANDLER_ENV.reportBucket), consoleRegion: process.env.AWS_REGION }),
    mailer: new SesMailer({ client: traced(new SESv2Client({})) }),
    charts: new SvgChartRenderer(),
    ...powertools('weekly-report'),
  };
}

let live: ReturnType<typeof createWeeklyReportHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: WeeklyReportEvent) => (live ??= createWeeklyReportHandler(awsDeps()))(event);
