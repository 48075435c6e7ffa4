/**
 * The report week: Monday 00:00 to the next Monday 00:00 in the configured time zone.
 * A week that crosses a DST change is 167 or 169 hours long, so its bounds are computed in
 * local time and only then turned into UTC instants.
 */
import { DateTime } from 'luxon';

export interface ReportWeek {
  /** The Monday, YYYY-MM-DD, local. It names the week (`reports/<start>/`). */
  start: string;
  /** The Sunday, YYYY-MM-DD, local: the last day in the week. */
  end: string;
  timeZone: string;
  /** UTC instants of the local bounds, [from, to), in the counters' ISO format. */
  from: string;
  to: string;
}

export interface ReportDay {
  /** YYYY-MM-DD, local. */
  date: string;
  from: string;
  to: string;
}

export class InvalidWeekError extends Error {
  constructor(readonly week: string) {
    super(`week "${week}" is not a date (use YYYY-MM-DD, e.g. 2026-11-16)`);
    this.name = 'InvalidWeekError';
  }
}

const WEEK_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const iso = (dt: DateTime): string => dt.toUTC().toISO({ includeOffset: true, suppressMilliseconds: false })!.replace('+00:00', 'Z');

const fromMonday = (monday: DateTime): ReportWeek => {
  const next = monday.plus({ weeks: 1 });
  return {
    start: monday.toISODate()!,
    end: next.minus({ days: 1 }).toISODate()!,
    timeZone: monday.zoneName!,
    from: iso(monday),
    to: iso(next),
  };
};

/** The week that contains `date` (any day of it; the report names it by its Monday). */
export function weekContaining(date: string, timeZone: string): ReportWeek {
  const day = WEEK_PATTERN.test(date) ? DateTime.fromISO(date, { zone: timeZone }) : undefined;
  if (!day?.isValid) throw new InvalidWeekError(date);
  return fromMonday(day.startOf('week'));
}

/** The last complete week before `now`: what the Monday-morning schedule reports on. */
export function lastCompleteWeek(now: Date, timeZone: string): ReportWeek {
  const thisMonday = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week');
  return fromMonday(thisMonday.minus({ weeks: 1 }));
}

export function previousWeek(week: ReportWeek): ReportWeek {
  return fromMonday(DateTime.fromISO(week.start, { zone: week.timeZone }).minus({ weeks: 1 }));
}

/** The week `n` weeks before (negative) or after. */
export function shiftWeek(week: ReportWeek, weeks: number): ReportWeek {
  return fromMonday(DateTime.fromISO(week.start, { zone: week.timeZone }).plus({ weeks }));
}

/** The seven local days of the week; one of them may be 23 or 25 hours long. */
export function daysOf(week: ReportWeek): ReportDay[] {
  const monday = DateTime.fromISO(week.start, { zone: week.timeZone });
  return Array.from({ length: 7 }, (_, i) => {
    const day = monday.plus({ days: i });
    return { date: day.toISODate()!, from: iso(day), to: iso(day.plus({ days: 1 })) };
  });
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(at: string, timeZone: string): string {
  return DateTime.fromISO(at, { zone: timeZone }).toISODate() ?? at.slice(0, 10);
}

/** True when `at` falls in [from, to). Compares instants, not strings, so any ISO form works. */
export function within(at: string | undefined, from: string, to: string): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  return t >= Date.parse(from) && t < Date.parse(to);
}
