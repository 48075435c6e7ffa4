/** The week's verdict in one sentence: incidents by severity, and the change against last week. */
import { SEVERITIES } from '../incident.ts';
import { formatCount, formatShare, plural } from './format.ts';
import type { WeekMetrics } from './weekly-report.ts';

const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** "Nimbus Phone", "Nimbus Phone and Nimbus Watch", "your 4 brands". */
export const brandPhrase = (names: readonly string[]): string =>
  names.length === 0 ? 'your brands' : names.length <= 2 ? list([...names]) : `your ${names.length} brands`;

function verdict(m: WeekMetrics): string {
  if (m.incidents.SEV1 > 0) return 'A tough week';
  if (m.incidents.SEV2 > 0) return 'A testing week';
  if (m.incidents.SEV3 > 0) return 'A steady week';
  return 'A quiet week';
}

function incidentPhrase(m: WeekMetrics): string {
  if (m.incidentsTotal === 0) return 'no incidents';
  const parts = SEVERITIES.filter((s) => m.incidents[s] > 0).map((s) => `${m.incidents[s]} ${s}`);
  return `${list(parts)} ${m.incidentsTotal === 1 ? 'incident' : 'incidents'}`;
}

function againstLastWeek(now: number, before: number): string {
  if (now === before) return before === 0 ? 'none last week either' : `the same as last week`;
  return `${now > before ? 'up' : 'down'} from ${before} last week`;
}

function sentimentClause(now: WeekMetrics, before: WeekMetrics): string {
  if (now.mentions === 0) {
    return before.mentions > 0
      ? `no mentions were counted (last week ${formatCount(before.mentions)})`
      : 'no mentions were counted';
  }
  const share = `${formatShare(now.negativeShare)} of ${formatCount(now.mentions)} mentions were negative`;
  return before.negativeShare === null ? share : `${share} (last week ${formatShare(before.negativeShare)})`;
}

export function headline(brandNames: readonly string[], now: WeekMetrics, before: WeekMetrics): string {
  return (
    `${verdict(now)} for ${brandPhrase(brandNames)}: ${incidentPhrase(now)}` +
    ` (${againstLastWeek(now.incidentsTotal, before.incidentsTotal)}), and ${sentimentClause(now, before)}.`
  );
}

/** The email subject: numbers and brand names only, never text that came from a mention. */
export function subjectLine(brandNames: readonly string[], range: string, now: WeekMetrics): string {
  const incidents = now.incidentsTotal === 0 ? 'no incidents' : plural(now.incidentsTotal, 'incident');
  const worst = SEVERITIES.find((s) => now.incidents[s] > 0);
  return `Weekly report ${range}, ${brandPhrase(brandNames)}: ${incidents}${worst && worst !== 'SEV3' ? ` (worst ${worst})` : ''}`;
}
