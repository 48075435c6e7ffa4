/** Formatting shared by the report's HTML, text and headline: durations, shares, changes, local times. */
import { DateTime } from 'luxon';

/** 12,400 */
export const formatCount = (n: number): string => new Intl.NumberFormat('en-GB').format(Math.round(n));

/** 1.2M, for reach. */
export const formatCompact = (n: number): string =>
  new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 }).format(n);

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "under 1 min", "42 min", "5 h 10 min", "2 d 3 h"; "—" for no value. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const m = Math.round(minutes);
  if (m < 1) return 'under 1 min';
  if (m < 60) return `${m} min`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
}

/** "18%", "4.2%" below 10%, "—" for no value. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  const pct = share * 100;
  if (pct > 0 && pct < 10) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** Which way a change points, and whether that is good news. */
export interface Change {
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  /** true: better; false: worse; undefined: neither (e.g. volume). */
  better?: boolean;
}

/** A count against last week: "+3", "−2", "no change". `lowerIsBetter` colours it. */
export function countChange(now: number, before: number, lowerIsBetter?: boolean): Change {
  const d = now - before;
  if (d === 0) return { text: 'no change', direction: 'flat' };
  const better = lowerIsBetter === undefined ? undefined : lowerIsBetter ? d < 0 : d > 0;
  const pct = before > 0 ? ` (${d > 0 ? '+' : '−'}${Math.round((Math.abs(d) / before) * 100)}%)` : '';
  return { text: `${d > 0 ? '+' : '−'}${formatCount(Math.abs(d))}${pct}`, direction: d > 0 ? 'up' : 'down', better };
}

/** A share against last week, in percentage points: "+11 pts". */
export function shareChange(now: number | null, before: number | null, lowerIsBetter?: boolean): Change {
  if (now === null || before === null) return { text: '—', direction: 'none' };
  const pts = Math.round((now - before) * 1000) / 10;
  if (pts === 0) return { text: 'no change', direction: 'flat' };
  const better = lowerIsBetter === undefined ? undefined : lowerIsBetter ? pts < 0 : pts > 0;
  return { text: `${pts > 0 ? '+' : '−'}${Math.abs(pts)} pts`, direction: pts > 0 ? 'up' : 'down', better };
}

/** A duration against last week: "−12 min" is good news for MTTA/MTTR. */
export function durationChange(now: number | null, before: number | null): Change {
  if (now === null || before === null) return { text: '—', direction: 'none' };
  const d = Math.round(now - before);
  if (d === 0) return { text: 'no change', direction: 'flat' };
  return { text: `${d > 0 ? '+' : '−'}${formatMinutes(Math.abs(d))}`, direction: d > 0 ? 'up' : 'down', better: d < 0 };
}

/** "Tue 17 Nov, 14:05" in the report's time zone. */
export function formatLocalTime(iso: string, timeZone: string): string {
  const dt = DateTime.fromISO(iso, { zone: timeZone });
  return dt.isValid ? dt.toFormat('ccc d LLL, HH:mm') : iso;
}

/** "16–22 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027". */
export function formatWeekRange(start: string, end: string): string {
  const a = DateTime.fromISO(start);
  const b = DateTime.fromISO(end);
  if (a.year !== b.year) return `${a.toFormat('d LLL yyyy')} – ${b.toFormat('d LLL yyyy')}`;
  if (a.month !== b.month) return `${a.toFormat('d LLL')} – ${b.toFormat('d LLL yyyy')}`;
  return `${a.toFormat('d')}–${b.toFormat('d LLL yyyy')}`;
}

/** "Mon 16" for a chart axis or a table row. */
export const formatDay = (date: string): string => DateTime.fromISO(date).toFormat('ccc d');

/** The short name of the time zone at an instant ("GMT", "BST", "EST"). */
export function zoneAbbreviation(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('ZZZZ');
}

/** "27 Nov" for a YYYY-MM-DD due date (the text as written when it is not a date). */
export function formatDate(date: string): string {
  const dt = DateTime.fromISO(date);
  return dt.isValid ? dt.toFormat('d LLL') : date;
}
