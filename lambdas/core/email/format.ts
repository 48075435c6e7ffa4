/** Formatting shared by the emails and pages: times in the reader's time zone, counts, short texts. */

/** "Tue 12 Mar 2024, 14:05 GMT" in the given IANA time zone; the ISO text when it is not a date. */
export function formatTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
}

/** 12,400 */
export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-GB').format(Math.round(n));
}

/** 12.4K, for reach next to a handle. */
export function formatCompact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Cuts at a grapheme boundary, so an emoji or accented letter is never split. */
export function truncate(s: string, max: number): string {
  const graphemes = Array.from(segmenter.segment(s), (g) => g.segment);
  return graphemes.length > max ? `${graphemes.slice(0, max - 1).join('').trimEnd()}…` : s;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
