/**
 * How well detection followed the crises that people labelled: surges derived from the human
 * labels with one documented rule, matched against the alerts a replay raised.
 *
 * The rule (per brand, UTC hours, every hour from the brand's first to its last labelled post):
 *  - m = the median of the brand's hourly counts of labelled-negative posts (zero hours included);
 *  - an hour is elevated when it holds at least max(2m, 8) labelled negatives, and major when it
 *    holds at least max(3m, 15);
 *  - a surge is a run of consecutive elevated hours holding at least one major hour. Its onset is
 *    the start of the run, its peak the major hour with the most labelled negatives.
 *
 * An alert is an Incident opened, raised or reopened. A surge is alerted before its peak when an
 * alert of its brand falls between one hour before its onset (a window straddles the hour) and
 * the end of its peak hour; read strictly, when it comes no later than the peak hour's start
 * (which a surge whose first hour is its peak can only meet by an alert before its onset). A page is an alert at SEV1 or SEV2; it is outside any elevated period
 * when it is further than one hour before or two hours after every elevated run of its brand.
 */
import { SEVERITIES, type Incident, type Severity } from '../incident.ts';
import { median } from './baseline.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** Alerts this long before a surge's first hour still belong to it (a window straddles the hour). */
const LEAD_MS = HOUR;
/** A page this long after an elevated run is still about it. */
const TRAIL_MS = 2 * HOUR;

export const SURGE_RULE = { elevatedRatio: 2, elevatedMin: 8, majorRatio: 3, majorMin: 15 } as const;

export interface LabelledPost {
  brand: string;
  /** ms since the epoch. */
  at: number;
  negative: boolean;
}

export interface LabelledSurge {
  brand: string;
  /** ISO start of the first elevated hour. */
  onset: string;
  /** ISO start of the peak hour. */
  peak: string;
  /** ISO end of the last elevated hour. */
  end: string;
  peakNegative: number;
}

export interface LabelledBrand {
  brand: string;
  /** Median labelled negatives an hour. */
  medianHourly: number;
  hours: number;
  /** The brand's span in weeks (at least 1: a shorter file is one brand-week). */
  weeks: number;
  surges: LabelledSurge[];
  /** Elevated runs as [start, end) ms. */
  elevated: [number, number][];
}

/** Surges and elevated periods per brand, from labelled posts. */
export function labelledSurges(posts: readonly LabelledPost[]): LabelledBrand[] {
  const byBrand = new Map<string, LabelledPost[]>();
  for (const p of posts) byBrand.set(p.brand, [...(byBrand.get(p.brand) ?? []), p]);
  return [...byBrand].sort(([a], [b]) => a.localeCompare(b)).map(([brand, list]) => brandSurges(brand, list));
}

function brandSurges(brand: string, posts: readonly LabelledPost[]): LabelledBrand {
  const first = Math.floor(Math.min(...posts.map((p) => p.at)) / HOUR) * HOUR;
  const last = Math.floor(Math.max(...posts.map((p) => p.at)) / HOUR) * HOUR;
  const hours = (last - first) / HOUR + 1;
  const counts = new Array<number>(hours).fill(0);
  for (const p of posts) if (p.negative) counts[(Math.floor(p.at / HOUR) * HOUR - first) / HOUR]!++;
  const m = median(counts);
  const elevatedAt = Math.max(SURGE_RULE.elevatedRatio * m, SURGE_RULE.elevatedMin);
  const majorAt = Math.max(SURGE_RULE.majorRatio * m, SURGE_RULE.majorMin);
  const elevated: [number, number][] = [];
  const surges: LabelledSurge[] = [];
  for (let h = 0; h < hours; h++) {
    if (counts[h]! < elevatedAt) continue;
    let e = h;
    while (e + 1 < hours && counts[e + 1]! >= elevatedAt) e++;
    elevated.push([first + h * HOUR, first + (e + 1) * HOUR]);
    let peak = -1;
    for (let k = h; k <= e; k++) if (counts[k]! >= majorAt && (peak < 0 || counts[k]! > counts[peak]!)) peak = k;
    if (peak >= 0)
      surges.push({
        brand,
        onset: iso(first + h * HOUR),
        peak: iso(first + peak * HOUR),
        end: iso(first + (e + 1) * HOUR),
        peakNegative: counts[peak]!,
      });
    h = e;
  }
  return { brand, medianHourly: m, hours, weeks: Math.max(1, (hours * HOUR) / WEEK), surges, elevated };
}

export interface Alert {
  brand: string;
  incidentId: string;
  /** ms since the epoch. */
  at: number;
  type: 'opened' | 'raised' | 'reopened';
  severity: Severity;
}

/** The alerts in Incidents' timelines: opened, raised and reopened, with the severity each paged at. */
export function alertsOf(incidents: readonly Incident[]): Alert[] {
  const out: Alert[] = [];
  for (const i of incidents) {
    // Timelines written before raises carried a severity field say it in words ("SEV3 → SEV1: ...").
    const raises = i.timeline.filter((e) => alertType(e.type) === 'raised');
    let severity: Severity = i.openedSeverity ?? severityIn(raises[0]?.detail, /(SEV[123])\s*→/) ?? i.severity;
    let opened = false;
    for (const e of i.timeline) {
      const type = alertType(e.type);
      if (!type) continue;
      severity = e.severity ?? (type === 'opened' ? severity : severityIn(e.detail, /→\s*(SEV[123])/)) ?? severity;
      opened ||= type === 'opened';
      out.push({ brand: i.brand, incidentId: i.id, at: Date.parse(e.at), type, severity });
    }
    if (!opened) out.push({ brand: i.brand, incidentId: i.id, at: Date.parse(i.openedAt), type: 'opened', severity: i.openedSeverity ?? i.severity });
  }
  return out.sort((a, b) => a.at - b.at);
}

function alertType(type: string): Alert['type'] | undefined {
  if (type === 'opened' || type === 'raised' || type === 'reopened') return type;
  return type === 'severity-raised' ? 'raised' : undefined;
}

function severityIn(detail: string | undefined, pattern: RegExp): Severity | undefined {
  const found = detail?.match(pattern)?.[1];
  return SEVERITIES.find((s) => s === found);
}

export interface SurgeScore extends LabelledSurge {
  /** ISO time of the first alert, if any. */
  firstAlert?: string;
  alertedBeforePeak: boolean;
  /** The strict reading: the first alert no later than the start of the peak hour. */
  alertedBeforePeakHour: boolean;
  /** Minutes from onset to the first alert (0 when it came before the onset hour began), null when never alerted. */
  onsetToAlertMinutes: number | null;
  /** Distinct Incidents alerted during the surge. */
  incidents: number;
}

export interface DetectionFigures {
  surges: number;
  alertedBeforePeak: number;
  /** Alerted no later than the start of their peak hour. */
  alertedBeforePeakHour: number;
  /** Median over surges, a missed surge counting as never; null when half or more were missed. */
  medianOnsetToAlertMinutes: number | null;
  maxOnsetToAlertMinutes: number | null;
  pagesOutsideElevated: number;
  brandWeeks: number;
  pagesOutsideElevatedPerBrandWeek: number;
  maxIncidentsPerSurge: number;
  meanIncidentsPerSurge: number;
}

export interface BrandScore extends DetectionFigures {
  brand: string;
  medianHourlyNegative: number;
  surgeDetails: SurgeScore[];
}

export interface DetectionScore {
  total: DetectionFigures;
  brands: BrandScore[];
}

export function scoreDetection(brands: readonly LabelledBrand[], alerts: readonly Alert[]): DetectionScore {
  const scored = brands.map((b) => scoreBrand(b, alerts.filter((a) => a.brand === b.brand)));
  const surges = scored.flatMap((b) => b.surgeDetails);
  const pages = scored.reduce((s, b) => s + b.pagesOutsideElevated, 0);
  const weeks = brands.reduce((s, b) => s + b.weeks, 0);
  return { total: figures(surges, pages, weeks), brands: scored };
}

function scoreBrand(b: LabelledBrand, alerts: readonly Alert[]): BrandScore {
  const surgeDetails = b.surges.map((s): SurgeScore => {
    const onset = Date.parse(s.onset);
    const during = alerts.filter((a) => a.at >= onset - LEAD_MS && a.at <= Date.parse(s.end) + LEAD_MS);
    const first = during[0];
    return {
      ...s,
      ...(first && { firstAlert: iso(first.at) }),
      alertedBeforePeak: !!first && first.at <= Date.parse(s.peak) + HOUR,
      alertedBeforePeakHour: !!first && first.at <= Date.parse(s.peak),
      onsetToAlertMinutes: first ? Math.max(0, Math.round((first.at - onset) / 60_000)) : null,
      incidents: new Set(during.map((a) => a.incidentId)).size,
    };
  });
  const outside = alerts.filter(
    (a) => a.severity !== 'SEV3' && !b.elevated.some(([from, to]) => a.at >= from - LEAD_MS && a.at <= to + TRAIL_MS),
  ).length;
  return { brand: b.brand, medianHourlyNegative: b.medianHourly, ...figures(surgeDetails, outside, b.weeks), surgeDetails };
}

function figures(surges: readonly SurgeScore[], pagesOutside: number, weeks: number): DetectionFigures {
  const delays = surges.map((s) => s.onsetToAlertMinutes ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const half = Math.floor(delays.length / 2);
  // Not baseline's interpolating median: a missed surge is infinitely late, and ∞ − ∞ is no number.
  const mid = !delays.length ? null : delays.length % 2 ? delays[half]! : (delays[half - 1]! + delays[half]!) / 2;
  const alerted = delays.filter(Number.isFinite);
  const perSurge = surges.map((s) => s.incidents);
  return {
    surges: surges.length,
    alertedBeforePeak: surges.filter((s) => s.alertedBeforePeak).length,
    alertedBeforePeakHour: surges.filter((s) => s.alertedBeforePeakHour).length,
    medianOnsetToAlertMinutes: mid === null || !Number.isFinite(mid) ? null : mid,
    maxOnsetToAlertMinutes: alerted.length ? Math.max(...alerted) : null,
    pagesOutsideElevated: pagesOutside,
    brandWeeks: round2(weeks),
    pagesOutsideElevatedPerBrandWeek: round2(weeks ? pagesOutside / weeks : 0),
    maxIncidentsPerSurge: perSurge.length ? Math.max(...perSurge) : 0,
    meanIncidentsPerSurge: round2(perSurge.length ? perSurge.reduce((s, n) => s + n, 0) / perSurge.length : 0),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const round2 = (x: number): number => Math.round(x * 100) / 100;
