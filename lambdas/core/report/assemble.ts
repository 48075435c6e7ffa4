/**
 * Builds the WeeklyReport data object from what the stores returned: counter buckets for this
 * week and last, and the Incidents opened from the lookback start to the end of the week.
 * Pure: the same input always gives the same report.
 */
import type { Industry } from '../analysis/theme-presets.ts';
import type { Config } from '../config.ts';
import { severityRank, type Incident } from '../incident.ts';
import { responsibilityMap } from '../responsibility-map.ts';
import { alertQuality } from './alert-quality.ts';
import { recommendations } from './recommendations.ts';
import type { CounterBucket } from '../ports.ts';
import { chartsFor } from './charts.ts';
import { headline } from './headline.ts';
import { timesBySeverity, weekMetrics, resolvedAt } from './metrics.ts';
import { themeLabel, type ThemeLabelSource } from '../theme-label.ts';
import { activeInWeek, actionItemsOf, incidentLine, minorIncident, postMortem, type PostMortemContext } from './post-mortem.ts';
import { daysOf, localDate, previousWeek, within, type ReportWeek } from './week.ts';
import {
  WEEKLY_REPORT_VERSION,
  type DailyPoint,
  type IncidentMark,
  type ThemeCount,
  type WeeklyReport,
} from './weekly-report.ts';

/** The config the learning sections read: who is on which Level, the targets, the detection settings. */
export type ReportSettings = Pick<Config, 'timeZone' | 'escalationPolicies' | 'targets' | 'detection'>;

export interface WeeklyReportInput {
  week: ReportWeek;
  generatedAt: string;
  brands: readonly ({ id: string; name: string; industry?: Industry } & ThemeLabelSource)[];
  owners: Config['owners'];
  settings: ReportSettings;
  /** Incidents opened between the lookback start and the end of the week, any brand. */
  incidents: readonly Incident[];
  /** Counter buckets of last week and this week, any brand. */
  buckets: readonly CounterBucket[];
  /** How far back Incidents were read, for the note on overdue action items. */
  lookbackWeeks: number;
}

function daily(week: ReportWeek, buckets: readonly CounterBucket[]): DailyPoint[] {
  const days = new Map(daysOf(week).map((d) => [d.date, { date: d.date, mentions: 0, negative: 0, complaint: 0 }]));
  for (const b of buckets) {
    if (!within(b.bucketStart, week.from, week.to)) continue;
    const day = days.get(localDate(b.bucketStart, week.timeZone));
    if (!day) continue;
    day.mentions += b.total;
    day.negative += b.negative;
    day.complaint += b.complaint;
  }
  return [...days.values()].map((d) => ({ ...d, negativeShare: d.mentions > 0 ? d.negative / d.mentions : null }));
}

function themes(week: ReportWeek, last: ReportWeek, buckets: readonly CounterBucket[], labels: (theme: string) => string): ThemeCount[] {
  const counts = new Map<string, ThemeCount>();
  for (const b of buckets) {
    const key = within(b.bucketStart, week.from, week.to) ? 'thisWeek' : within(b.bucketStart, last.from, last.to) ? 'lastWeek' : undefined;
    if (!key) continue;
    for (const [theme, n] of Object.entries(b.byTheme)) {
      const t = counts.get(theme) ?? { theme, label: labels(theme), thisWeek: 0, lastWeek: 0 };
      t[key] += n;
      counts.set(theme, t);
    }
  }
  return [...counts.values()].sort((a, b) => b.thisWeek - a.thisWeek || b.lastWeek - a.lastWeek || a.theme.localeCompare(b.theme));
}

const byId = (incidents: readonly Incident[]): Incident[] => [...new Map(incidents.map((i) => [i.id, i])).values()];

const worstFirst = (a: Incident, b: Incident): number =>
  severityRank(a.severity) - severityRank(b.severity) || Date.parse(a.openedAt) - Date.parse(b.openedAt);

export function assembleWeeklyReport(input: WeeklyReportInput): WeeklyReport {
  const { week, buckets } = input;
  const last = previousWeek(week);
  const incidents = byId(input.incidents).filter((i) => Date.parse(i.openedAt) < Date.parse(week.to));
  const ctx: PostMortemContext = {
    week,
    generatedAt: input.generatedAt,
    brands: new Map(input.brands.map((b) => [b.id, b])),
    owners: input.owners,
  };
  // Themes of one brand read with its labels; across brands, the first brand's (a shared theme id has one name).
  const labelOf = (theme: string) => themeLabel(theme, input.brands.find((b) => b.themes?.some((t) => t.id === theme)) ?? input.brands[0]);

  const thisWeek = weekMetrics(week, incidents, buckets);
  const lastWeek = weekMetrics(last, incidents, buckets);
  const active = incidents.filter((i) => activeInWeek(i, week)).sort(worstFirst);
  const days = daily(week, buckets);
  const themeCounts = themes(week, last, buckets, labelOf);
  const times = timesBySeverity(week, incidents);
  const marks: IncidentMark[] = incidents
    .filter((i) => within(i.openedAt, week.from, week.to))
    .map((i) => ({ incidentId: i.id, severity: i.severity, date: localDate(i.openedAt, week.timeZone), openedAt: i.openedAt }));

  const overdue = incidents
    .filter((i) => {
      const resolved = resolvedAt(i);
      return resolved !== undefined && Date.parse(resolved) < Date.parse(week.from);
    })
    .flatMap((i) => actionItemsOf(i, week))
    .filter((a) => a.overdue)
    .sort((a, b) => b.daysOverdue - a.daysOverdue);

  const notes: string[] = [];
  if (thisWeek.mentions === 0) {
    notes.push(
      lastWeek.mentions > 0
        ? 'No mentions were counted this week, after a week with some: check that the sources are still fetching (see the fetcher alarms).'
        : 'No mentions were counted this week or last: check that sources are configured and fetching.',
    );
  }
  const carried = active.filter((i) => !within(i.openedAt, week.from, week.to)).length;
  if (carried > 0) {
    notes.push(
      carried === 1
        ? 'One incident below opened in an earlier week and was still open in this one.'
        : `${carried} incidents below opened in an earlier week and were still open in this one.`,
    );
  }

  const quality = {
    thisWeek: alertQuality(week, incidents, input.settings.detection, labelOf),
    lastWeek: alertQuality(last, incidents, input.settings.detection, labelOf),
  };
  const config = { ...input.settings, owners: input.owners, brands: input.brands };

  return {
    version: WEEKLY_REPORT_VERSION,
    week,
    previousWeek: last,
    generatedAt: input.generatedAt,
    brands: input.brands.map((b) => ({ id: b.id, name: b.name })),
    headline: headline(input.brands.map((b) => b.name), thisWeek, lastWeek),
    thisWeek,
    lastWeek,
    daily: days,
    themes: themeCounts,
    timesBySeverity: times,
    incidents: active.map((i) => incidentLine(i, ctx)),
    postMortems: active.filter((i) => i.severity !== 'SEV3').map((i) => postMortem(i, ctx)),
    minorIncidents: active.filter((i) => i.severity === 'SEV3').map((i) => minorIncident(i, ctx)),
    overdueActionItems: overdue,
    notes,
    alertQuality: quality,
    recommendations: recommendations({ week, incidents, metrics: thisWeek, alertQuality: quality.thisWeek, config }),
    responsibilities: responsibilityMap(config),
    charts: chartsFor({ daily: days, incidents: marks, timesBySeverity: times, themes: themeCounts }),
  };
}
