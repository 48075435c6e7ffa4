/**
 * When the demo happens: the two weeks before the week it is run in, so its weekly report is
 * last week's, as on a real Monday morning, and its emails are days old, not months.
 * Every span is counted in hours from the start, so the generated fortnight (and everything
 * detected in it) is the same whatever the date, daylight saving included.
 */
import { DateTime } from 'luxon';

const HOUR = 3_600_000;

export interface DemoFortnight {
  /** Monday 00:00 local, two weeks before the week of `today`. */
  start: Date;
  /** The ordinary week is over; the launch goes wrong (the second Wednesday, 10:00). */
  launch: Date;
  /** Two weeks after the start: the end of the generated traffic. */
  end: Date;
  /** The week the report covers: the second one (its Monday, YYYY-MM-DD, local). */
  reportWeek: string;
  /** When the report is built: the Monday after, 09:00, or `today` if that is earlier. */
  reportAt: Date;
}

export function demoFortnight(today: Date, timeZone: string): DemoFortnight {
  const thisMonday = DateTime.fromJSDate(today, { zone: timeZone }).startOf('week');
  const startLocal = thisMonday.minus({ weeks: 2 });
  const start = startLocal.toJSDate();
  const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
  const end = at(14 * 24);
  return {
    start,
    launch: at(9 * 24 + 10),
    end,
    reportWeek: startLocal.plus({ weeks: 1 }).toISODate()!,
    reportAt: new Date(Math.max(end.getTime(), Math.min(end.getTime() + 9 * HOUR, today.getTime()))),
  };
}
