/**
 * Use case: build, store and email the WeeklyReport for one week.
 *
 * Primary course:
 *  1. Pick the week: the one asked for, else the last complete week in the configured time zone.
 *  2. Per brand, read the Incidents opened from the lookback start to the end of the week
 *     (one GSI query) and the counter buckets of last week and this week (one range query).
 *     Mentions are never read: the reads grow with buckets and Incidents, not with volume.
 *  3. Assemble the WeeklyReport data object.
 *  4. Render the charts; a chart that fails is logged and left out (its numbers stay in the tables).
 *  5. Store the PNGs, report.json, report.txt and index.html under `reports/<Monday>/`.
 *  6. Email the recipients: HTML with the charts inline (cid:), the text part, and a link
 *     to the archived copy.
 */
import type { Config } from '../config.ts';
import type { Clock, CounterStore, Email, IncidentStore, Logger, Mailer, Metrics, ReportStore } from '../ports.ts';
import { assembleWeeklyReport } from './assemble.ts';
import type { ChartRenderer, RenderedChart } from './charts.ts';
import { formatWeekRange } from './format.ts';
import { subjectLine } from './headline.ts';
import { renderWeeklyReportHtml, type ChartImage } from './render-html.ts';
import { renderWeeklyReportText } from './render-text.ts';
import { lastCompleteWeek, previousWeek, shiftWeek, weekContaining, type ReportWeek } from './week.ts';
import type { ReportChartId, WeeklyReport } from './weekly-report.ts';

/** Incidents opened this long before the week still count for open and overdue action items. */
export const DEFAULT_LOOKBACK_WEEKS = 12;

export interface WeeklyReportDeps {
  clock: Clock;
  counters: Pick<CounterStore, 'range'>;
  incidents: Pick<IncidentStore, 'listOpenedBetween'>;
  reports: ReportStore;
  mailer: Mailer;
  charts: ChartRenderer;
  logger: Logger;
  metrics?: Metrics;
  /** Prefix of every stored key; a store already rooted at a reports folder passes ''. @default 'reports/' */
  keyPrefix?: string;
}

export type WeeklyReportConfig = Pick<Config, 'sender' | 'timeZone' | 'brands' | 'owners' | 'report' | 'escalationPolicies' | 'targets' | 'detection'>;

export interface WeeklyReportRequest {
  /** Any day of the week to report, YYYY-MM-DD; the last complete week when absent. */
  week?: string;
  /** Store only, no email (a rebuild for the archive). @default true */
  send?: boolean;
  /** @default DEFAULT_LOOKBACK_WEEKS */
  lookbackWeeks?: number;
}

export interface WeeklyReportResult {
  week: ReportWeek;
  report: WeeklyReport;
  /** Where each stored file went (what ReportStore.put returned), by key. */
  stored: Record<string, string>;
  /** The archived HTML's location. */
  archiveUrl: string;
  /** Recipients emailed; empty when `send` was false. */
  emailedTo: string[];
  charts: ReportChartId[];
}

/** `reports/2026-11-16/`: the week's folder in the report store. */
export const reportFolder = (week: ReportWeek, prefix = 'reports/'): string => `${prefix}${week.start}/`;

async function gather(deps: WeeklyReportDeps, config: WeeklyReportConfig, week: ReportWeek, lookbackWeeks: number) {
  const lookbackFrom = shiftWeek(week, -lookbackWeeks).from;
  const last = previousWeek(week);
  const perBrand = await Promise.all(
    config.brands.map(async (brand) => {
      const [incidents, buckets] = await Promise.all([
        // Fire drills (crisis-desk drill) never count in KPIs or PostMortems.
        deps.incidents.listOpenedBetween(brand.id, lookbackFrom, week.to).then((all) => all.filter((i) => !i.drill)),
        deps.counters.range(brand.id, last.from, week.to),
      ]);
      return { incidents, buckets };
    }),
  );
  return {
    incidents: perBrand.flatMap((b) => b.incidents),
    buckets: perBrand.flatMap((b) => b.buckets),
  };
}

async function renderCharts(deps: WeeklyReportDeps, report: WeeklyReport): Promise<RenderedChart[]> {
  const results = await Promise.allSettled(report.charts.map((c) => deps.charts.render(c)));
  return results.flatMap((r, i) => {
    if (r.status === 'fulfilled') return [r.value];
    deps.logger.warn('chart failed to render; the report goes out without it', {
      chart: report.charts[i]?.id,
      error: r.reason instanceof Error ? r.reason.message : String(r.reason),
    });
    return [];
  });
}

const imagesBy = (charts: RenderedChart[], src: (c: RenderedChart) => string) =>
  Object.fromEntries(charts.map((c) => [c.id, { src: src(c), width: c.width, height: c.height } satisfies ChartImage]));

export async function buildWeeklyReport(
  deps: WeeklyReportDeps,
  config: WeeklyReportConfig,
  request: WeeklyReportRequest = {},
): Promise<WeeklyReportResult> {
  const now = deps.clock.now();
  const week = request.week ? weekContaining(request.week, config.timeZone) : lastCompleteWeek(now, config.timeZone);
  const lookbackWeeks = request.lookbackWeeks ?? DEFAULT_LOOKBACK_WEEKS;
  const { incidents, buckets } = await gather(deps, config, week, lookbackWeeks);

  const report = assembleWeeklyReport({
    week,
    generatedAt: now.toISOString(),
    brands: config.brands,
    owners: config.owners,
    settings: config,
    incidents,
    buckets,
    lookbackWeeks,
  });
  const charts = await renderCharts(deps, report);

  const folder = reportFolder(week, deps.keyPrefix);
  const stored: Record<string, string> = {};
  const put = async (name: string, body: string | Uint8Array, contentType: string) => {
    stored[folder + name] = await deps.reports.put(folder + name, body, contentType);
    return stored[folder + name]!;
  };
  for (const c of charts) await put(c.filename, c.content, c.contentType);
  await put('report.json', JSON.stringify(report, null, 2), 'application/json');
  await put('report.txt', renderWeeklyReportText(report), 'text/plain; charset=utf-8');
  // The archived page sits next to its PNGs, so it links them by file name.
  const archiveUrl = await put('index.html', renderWeeklyReportHtml(report, { images: imagesBy(charts, (c) => c.filename) }), 'text/html; charset=utf-8');

  const send = request.send ?? true;
  if (send) {
    const email: Email = {
      from: config.sender,
      to: config.report.recipients,
      subject: subjectLine(report.brands.map((b) => b.name), formatWeekRange(week.start, week.end), report.thisWeek),
      html: renderWeeklyReportHtml(report, { images: imagesBy(charts, (c) => `cid:${c.id}`), archiveUrl }),
      text: renderWeeklyReportText(report, { archiveUrl }),
      attachments: charts.map((c) => ({ id: c.id, filename: c.filename, contentType: c.contentType, content: c.content })),
    };
    await deps.mailer.send(email);
    deps.metrics?.count('WeeklyReportSent');
  }
  deps.logger.info('weekly report built', {
    week: week.start,
    incidents: report.thisWeek.incidentsTotal,
    postMortems: report.postMortems.length,
    charts: charts.length,
    emailed: send,
  });
  return { week, report, stored, archiveUrl, emailedTo: send ? [...config.report.recipients] : [], charts: charts.map((c) => c.id) };
}
