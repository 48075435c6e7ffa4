/**
 * The report's charts as data, and the port that renders them. Core says what to show;
 * the ChartRenderer adapter decides how (a chart library, PNG for email clients).
 */
import { formatDay, formatMinutes, formatShare, formatCount } from './format.ts';
import type { DailyPoint, IncidentMark, ReportChart, ReportChartId, SeverityTimes, ThemeCount } from './weekly-report.ts';

export interface RenderedChart {
  id: ReportChartId;
  /** File name under the week's folder and in the email (`cid:<id>`). */
  filename: string;
  contentType: 'image/png';
  content: Uint8Array;
  /** CSS pixels the image is designed to show at (the PNG itself is 2x for sharp phones). */
  width: number;
  height: number;
}

/** Renders one chart to an image. */
export interface ChartRenderer {
  render(chart: ReportChart): Promise<RenderedChart>;
}

const TOP_THEMES = 8;

function dailyChart(days: DailyPoint[], incidents: IncidentMark[]): ReportChart {
  const peak = days.reduce((a, b) => (b.mentions > a.mentions ? b : a), days[0]!);
  const negPeak = days.reduce((a, b) => ((b.negativeShare ?? 0) > (a.negativeShare ?? 0) ? b : a), days[0]!);
  const marks = incidents.map((m) => `${m.severity} on ${formatDay(m.date)}`);
  return {
    id: 'daily-mentions',
    title: 'Mentions per day, negative share and incidents',
    alt:
      `Mentions per day, ${formatDay(days[0]!.date)} to ${formatDay(days[days.length - 1]!.date)}: peak ${formatCount(peak.mentions)} on ${formatDay(peak.date)}; ` +
      `negative share peaked at ${formatShare(negPeak.negativeShare)} on ${formatDay(negPeak.date)}.` +
      (marks.length ? ` Incidents opened: ${marks.join(', ')}.` : ' No incidents opened.'),
    days,
    incidents,
  };
}

function responseChart(rows: SeverityTimes[]): ReportChart {
  const measured = rows.filter((r) => r.mtta.n > 0 || r.mttr.n > 0);
  return {
    id: 'response-times',
    title: 'Mean time to acknowledge and to resolve, by severity',
    alt: measured
      .map((r) => `${r.severity}: acknowledge ${formatMinutes(r.mtta.minutes)}, resolve ${formatMinutes(r.mttr.minutes)}`)
      .join('; '),
    rows: measured,
  };
}

function themesChart(themes: ThemeCount[]): ReportChart {
  const top = themes.filter((t) => t.thisWeek > 0).slice(0, TOP_THEMES);
  return {
    id: 'complaint-themes',
    title: 'Top complaint themes (negative mentions)',
    alt: `Top complaint themes this week: ${top.map((t) => `${t.label} ${formatCount(t.thisWeek)} (last week ${formatCount(t.lastWeek)})`).join(', ')}.`,
    themes: top,
  };
}

/** The charts worth drawing for the week: a chart with nothing to show is left out. */
export function chartsFor(input: {
  daily: DailyPoint[];
  incidents: IncidentMark[];
  timesBySeverity: SeverityTimes[];
  themes: ThemeCount[];
}): ReportChart[] {
  const charts: ReportChart[] = [];
  if (input.daily.some((d) => d.mentions > 0)) charts.push(dailyChart(input.daily, input.incidents));
  if (input.timesBySeverity.some((r) => r.mtta.n > 0 || r.mttr.n > 0)) charts.push(responseChart(input.timesBySeverity));
  if (input.themes.some((t) => t.thisWeek > 0)) charts.push(themesChart(input.themes));
  return charts;
}
