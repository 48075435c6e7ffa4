/**
 * Alert quality: of the Incidents resolved in a week, how many the resolvers called real, a
 * false alarm or a duplicate, by what opened them (a spike, a lone high-reach post, a risk term)
 * and by theme, with the detection setting behind each trigger, so the people who can change
 * the thresholds see what they cost. A week counts the verdicts given in it (at resolution).
 */
import { FALSE_ALARM_LABELS, FALSE_ALARM_REASONS, type FalseAlarmReason } from '../alert-verdict.ts';
import type { DetectionConfig } from '../config.ts';
import type { Incident } from '../incident.ts';
import { parseReason } from '../plain-reason.ts';
import { formatShare, plural } from './format.ts';
import { resolvedAt } from './metrics.ts';
import { within, type ReportWeek } from './week.ts';

export const ALERT_TRIGGERS = ['spike', 'high-reach', 'risk'] as const;
export type AlertTrigger = (typeof ALERT_TRIGGERS)[number];

export const TRIGGER_LABELS: Readonly<Record<AlertTrigger, string>> = {
  spike: 'Spike of negative mentions',
  'high-reach': 'Lone high-reach post',
  risk: 'Risk term (legal, safety, security)',
};

/** What opened the Incident: the first finding of its reason (a spike, a far-reaching post, a risk term). */
export function triggerOf(i: Pick<Incident, 'reason'>): AlertTrigger {
  for (const part of parseReason(i.reason).parts) {
    if (part.kind === 'volume') return 'spike';
    if (part.kind === 'reach') return 'high-reach';
    if (part.kind === 'risk') return 'risk';
  }
  return 'spike';
}

/** The detection settings that decide each trigger, as they read in the config. */
export function triggerSettings(trigger: AlertTrigger, d: Pick<DetectionConfig, 'sigma' | 'minNegative' | 'windowMinutes' | 'warmupThreshold' | 'highReach'>): string {
  switch (trigger) {
    case 'spike':
      return `detection.sigma ${d.sigma}, detection.minNegative ${d.minNegative} in ${d.windowMinutes} min (detection.warmupThreshold ${d.warmupThreshold} while warming up)`;
    case 'high-reach':
      return `detection.highReach ${d.highReach.toLocaleString('en-GB')}`;
    case 'risk':
      return 'the risk terms of the analyser';
  }
}

export interface VerdictCounts {
  /** Resolved with an answer to "was the alert real?". */
  classified: number;
  real: number;
  falseAlarms: number;
  duplicates: number;
  /** False alarms over classified; null when nothing was classified. */
  falseAlarmShare: number | null;
}

export interface AlertQualityRow extends VerdictCounts {
  key: string;
  label: string;
}

export interface AlertQuality extends VerdictCounts {
  /** Incidents resolved in the week. */
  resolved: number;
  /** Resolved without an answer (auto-resolved, or before the question existed). */
  unclassified: number;
  byTrigger: (AlertQualityRow & { key: AlertTrigger; settings: string })[];
  byTheme: AlertQualityRow[];
  /** False alarms by reason, most first. */
  reasons: { reason: FalseAlarmReason; label: string; count: number }[];
}

const counts = (incidents: readonly Incident[]): VerdictCounts => {
  const verdicts = incidents.map((i) => i.resolution?.alert?.verdict).filter((v) => v !== undefined);
  const falseAlarms = verdicts.filter((v) => v === 'false-alarm').length;
  return {
    classified: verdicts.length,
    real: verdicts.filter((v) => v === 'real').length,
    falseAlarms,
    duplicates: verdicts.filter((v) => v === 'duplicate').length,
    falseAlarmShare: verdicts.length ? falseAlarms / verdicts.length : null,
  };
};

export function alertQuality(
  week: ReportWeek,
  incidents: readonly Incident[],
  detection: Pick<DetectionConfig, 'sigma' | 'minNegative' | 'windowMinutes' | 'warmupThreshold' | 'highReach'>,
  themeLabel: (theme: string) => string,
): AlertQuality {
  const resolved = incidents.filter((i) => {
    const at = resolvedAt(i);
    return at !== undefined && within(at, week.from, week.to);
  });
  const classified = resolved.filter((i) => i.resolution?.alert);
  const themes = [...new Set(classified.map((i) => i.theme))];
  const reasons = FALSE_ALARM_REASONS.map((reason) => ({
    reason,
    label: FALSE_ALARM_LABELS[reason],
    count: classified.filter((i) => i.resolution?.alert?.verdict === 'false-alarm' && i.resolution.alert.why === reason).length,
  }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
  return {
    resolved: resolved.length,
    unclassified: resolved.length - classified.length,
    ...counts(classified),
    byTrigger: ALERT_TRIGGERS.map((key) => ({
      key,
      label: TRIGGER_LABELS[key],
      settings: triggerSettings(key, detection),
      ...counts(classified.filter((i) => triggerOf(i) === key)),
    })),
    byTheme: themes
      .map((key) => ({ key, label: themeLabel(key), ...counts(classified.filter((i) => i.theme === key)) }))
      .sort((a, b) => b.falseAlarms - a.falseAlarms || b.classified - a.classified || a.label.localeCompare(b.label)),
    reasons,
  };
}

/** "Of the 5 alerts resolved and judged this week: 1 real, 3 false alarms, 1 duplicate (60% false alarms; last week 0%)." */
export function qualitySentence(q: AlertQuality, last: AlertQuality): string {
  if (q.resolved === 0) return 'No alert was resolved this week: nothing to judge yet.';
  if (q.classified === 0)
    return `${q.resolved === 1 ? 'The one alert' : `All ${q.resolved} alerts`} resolved this week went without an answer to "was it real?" (auto-resolved, or resolved before the question).`;
  const parts = [`${q.real} real`, ...(q.falseAlarms ? [plural(q.falseAlarms, 'false alarm')] : []), ...(q.duplicates ? [plural(q.duplicates, 'duplicate')] : [])];
  const share = `${formatShare(q.falseAlarmShare)} false alarms; last week ${last.classified ? formatShare(last.falseAlarmShare) : 'none judged'}`;
  const unanswered = q.unclassified ? ` ${q.unclassified} more went without an answer.` : '';
  return `Of the ${q.classified === 1 ? 'one alert' : plural(q.classified, 'alert')} resolved and judged this week: ${parts.join(', ')} (${share}).${unanswered}`;
}
