/**
 * EventBridge Scheduler expressions, the dialect the stack deploys: `rate(5 minutes)`,
 * `cron(minutes hours day-of-month month day-of-week year)` and `at(yyyy-mm-ddThh:mm:ss)`,
 * checked field by field with the rules AWS applies at deploy time, and evaluated in a time zone
 * so that `crisis-desk watch` runs each job when the deployed schedule would.
 *
 * EventBridge cron is not Unix cron: it has six fields (a year at the end), numbers the days of the
 * week 1-7 from Sunday, and needs `?` in one of day-of-month and day-of-week. Mistakes get a
 * message that says which field is wrong and why, before `cdk deploy` would.
 */
import { DateTime } from 'luxon';

export type Schedule =
  | { kind: 'rate'; expression: string; minutes: number }
  | { kind: 'cron'; expression: string; cron: CronFields }
  | { kind: 'at'; expression: string; /** Local date-time in the schedule's time zone. */ at: string };

/** One cron field as the set of values it allows, plus the day wildcards (L, W, #). */
export interface CronFields {
  minutes: number[];
  hours: number[];
  /** undefined: `?` (the day-of-week decides). */
  daysOfMonth?: DayOfMonthRule;
  months: number[];
  /** undefined: `?` (the day-of-month decides). 1 = Sunday ... 7 = Saturday, as EventBridge numbers them. */
  daysOfWeek?: DayOfWeekRule;
  /** undefined: every year. */
  years?: number[];
}

type DayOfMonthRule = { days: number[]; last: boolean; lastWeekday: boolean; nearestWeekday: number[] };
type DayOfWeekRule = { days: number[]; last: number[]; nth: { day: number; n: number }[] };

export class ScheduleError extends Error {
  constructor(readonly expression: string, why: string) {
    super(why);
    this.name = 'ScheduleError';
  }
}

const UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days'] as const;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELD_NAMES = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week', 'year'] as const;
const EXAMPLE = 'cron(0 9 ? * MON *)';

/** Parses and checks an expression; throws ScheduleError saying what is wrong. */
export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  const call = /^(rate|cron|at)\((.*)\)$/s.exec(text);
  if (!call) throw new ScheduleError(expression, `must be rate(5 minutes), ${EXAMPLE} or at(2026-11-16T09:00:00), got "${expression}"`);
  const [, kind, body] = call as unknown as [string, 'rate' | 'cron' | 'at', string];
  if (kind === 'rate') return { kind, expression, minutes: parseRate(expression, body.trim()) };
  if (kind === 'at') return { kind, expression, at: parseAt(expression, body.trim()) };
  return { kind, expression, cron: parseCron(expression, body.trim()) };
}

/** The problem with an expression, or undefined when it is valid. */
export function scheduleProblem(expression: string): string | undefined {
  try {
    parseSchedule(expression);
    return undefined;
  } catch (err) {
    if (err instanceof ScheduleError) return err.message;
    throw err;
  }
}

/** A rate() schedule's period in minutes; undefined for cron() and at(). */
export function ratePeriodMinutes(expression: string): number | undefined {
  try {
    const s = parseSchedule(expression);
    return s.kind === 'rate' ? s.minutes : undefined;
  } catch {
    return undefined;
  }
}

function parseRate(expression: string, body: string): number {
  const match = /^(\S+)\s+(\S+)$/.exec(body);
  if (!match) throw new ScheduleError(expression, `rate() takes a number and a unit, e.g. rate(5 minutes), got "${expression}"`);
  const [, value, unit] = match as unknown as [string, string, string];
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new ScheduleError(expression, `rate() needs a whole number of at least 1, got "${value}"`);
  if (!(UNITS as readonly string[]).includes(unit))
    throw new ScheduleError(expression, `rate() unit must be minute(s), hour(s) or day(s), got "${unit}"`);
  const n = Number(value);
  // EventBridge refuses "rate(1 minutes)" and "rate(5 minute)".
  if (n === 1 && unit.endsWith('s')) throw new ScheduleError(expression, `rate(1 ${unit}) must be singular: rate(1 ${unit.slice(0, -1)})`);
  if (n > 1 && !unit.endsWith('s')) throw new ScheduleError(expression, `rate(${n} ${unit}) must be plural: rate(${n} ${unit}s)`);
  return unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 24 * 60;
}

function parseAt(expression: string, body: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body))
    throw new ScheduleError(expression, `at() takes a local date and time as yyyy-mm-ddThh:mm:ss, e.g. at(2026-11-16T09:00:00), got "${body}"`);
  if (!DateTime.fromISO(body, { zone: 'UTC' }).isValid) throw new ScheduleError(expression, `at(${body}) is not a real date and time`);
  return body;
}

function parseCron(expression: string, body: string): CronFields {
  const fields = body.split(/\s+/).filter(Boolean);
  if (fields.length === 5)
    throw new ScheduleError(
      expression,
      `cron(${body}) has 5 fields, as Unix cron does; EventBridge cron has 6 (minutes hours day-of-month month day-of-week year) and needs ? in day-of-month or day-of-week, e.g. ${EXAMPLE}`,
    );
  if (fields.length !== 6)
    throw new ScheduleError(expression, `cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length} in "${expression}"`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const at = (i: number, why: string) => new ScheduleError(expression, `cron ${FIELD_NAMES[i]} "${fields[i]}": ${why}`);
  if (dom === '?' && dow === '?') throw at(2, 'day-of-month and day-of-week cannot both be ?; set one of them');
  if (dom !== '?' && dow !== '?')
    throw new ScheduleError(
      expression,
      `cron(${body}) sets both day-of-month "${dom}" and day-of-week "${dow}"; EventBridge needs ? in one of them, e.g. ${dom === '*' ? `cron(${min} ${hour} ? ${month} ${dow} ${year})` : `cron(${min} ${hour} ${dom} ${month} ? ${year})`}`,
    );
  return {
    minutes: values(min, 0, 59, [], (why) => at(0, why)),
    hours: values(hour, 0, 23, [], (why) => at(1, why)),
    ...(dom !== '?' && { daysOfMonth: dayOfMonth(dom, (why) => at(2, why)) }),
    months: values(month, 1, 12, MONTHS, (why) => at(3, why)),
    ...(dow !== '?' && { daysOfWeek: dayOfWeek(dow, (why) => at(4, why)) }),
    ...(year !== '*' && { years: values(year, 1970, 2199, [], (why) => at(5, why)) }),
  };
}

/** The values of one comma-separated field: `*`, `n`, `a-b`, `*\/s`, `a/s`, `a-b/s`, with names where the field has them. */
function values(field: string, min: number, max: number, names: string[], fail: (why: string) => Error): number[] {
  const out = new Set<number>();
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    if (named >= 0) return named + min;
    if (!/^\d+$/.test(token)) throw fail(`"${token}" is not ${names.length ? `a number or a name (${names[0]}-${names.at(-1)})` : 'a number'}`);
    const n = Number(token);
    if (n < min || n > max) throw fail(`${n} is out of range ${min}-${max}`);
    return n;
  };
  for (const part of field.split(',')) {
    if (part === '') throw fail('an empty value between commas');
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw fail(`"${part}" has more than one /`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw fail(`the step in "${part}" must be a whole number of at least 1`);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range!.includes('-')) {
      const [a, b, more] = range!.split('-');
      if (more !== undefined || !a || !b) throw fail(`"${range}" is not a range like ${min}-${Math.min(max, min + 4)}`);
      [from, to] = [value(a), value(b)];
      if (from > to) throw fail(`the range ${range} runs backwards`);
    } else {
      from = value(range!);
      to = stepText !== undefined ? max : from;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function dayOfMonth(field: string, fail: (why: string) => Error): DayOfMonthRule {
  const rule: DayOfMonthRule = { days: [], last: false, lastWeekday: false, nearestWeekday: [] };
  for (const part of field.split(',')) {
    const upper = part.toUpperCase();
    if (upper === 'L') rule.last = true;
    else if (upper === 'LW') rule.lastWeekday = true;
    else if (/^\d+W$/.test(upper)) rule.nearestWeekday.push(...values(upper.slice(0, -1), 1, 31, [], fail));
    else rule.days.push(...values(part, 1, 31, [], fail));
  }
  return rule;
}

function dayOfWeek(field: string, fail: (why: string) => Error): DayOfWeekRule {
  const rule: DayOfWeekRule = { days: [], last: [], nth: [] };
  const day = (token: string): number => {
    if (token === '0')
      throw fail('EventBridge numbers the days of the week 1-7 from Sunday (1 = SUN, 7 = SAT); there is no 0. Use SUN or 1');
    return values(token, 1, 7, DAYS, fail)[0]!;
  };
  for (const part of field.split(',')) {
    const upper = part.toUpperCase();
    // Alone, L is the last day of the week: Saturday, every week (as in Quartz, whose dialect EventBridge follows).
    if (upper === 'L') rule.days.push(7);
    else if (/^[A-Z0-9]+L$/.test(upper)) rule.last.push(day(upper.slice(0, -1)));
    else if (upper.includes('#')) {
      const [d, n, more] = upper.split('#');
      if (more !== undefined || !d || !n || !/^[1-5]$/.test(n)) throw fail(`"${part}" must be day#n with n from 1 to 5, e.g. MON#1 (the first Monday)`);
      rule.nth.push({ day: day(d), n: Number(n) });
    } else if (/^\d+$/.test(upper)) rule.days.push(day(upper));
    else {
      if (part.split(/[-,]/).includes('0')) day('0');
      rule.days.push(...values(part, 1, 7, DAYS, fail));
    }
  }
  return rule;
}

const LAST_YEAR = 2199;

/**
 * When the schedule next fires strictly after `after`, in `timeZone`; undefined when it never
 * will again. A rate() schedule fires every period from `start` (when the scheduler began).
 */
export function nextRun(schedule: Schedule, after: Date, timeZone: string, start: Date = after): Date | undefined {
  if (schedule.kind === 'rate') {
    const period = schedule.minutes * 60_000;
    const elapsed = Math.max(0, after.getTime() - start.getTime());
    return new Date(start.getTime() + (Math.floor(elapsed / period) + 1) * period);
  }
  if (schedule.kind === 'at') {
    const at = DateTime.fromISO(schedule.at, { zone: timeZone }).toJSDate();
    return at.getTime() > after.getTime() ? at : undefined;
  }
  return nextCron(schedule.cron, after, timeZone);
}

function nextCron(cron: CronFields, after: Date, timeZone: string): Date | undefined {
  const from = DateTime.fromJSDate(after, { zone: timeZone });
  for (let year = from.year; year <= LAST_YEAR; year++) {
    if (cron.years && !cron.years.includes(year)) continue;
    for (const month of cron.months) {
      if (year === from.year && month < from.month) continue;
      const first = DateTime.fromObject({ year, month, day: 1 }, { zone: timeZone });
      const length = first.daysInMonth!;
      for (let day = 1; day <= length; day++) {
        const date = first.set({ day });
        if (date.endOf('day') < from) continue;
        if (!dayMatches(cron, date, length)) continue;
        for (const hour of cron.hours)
          for (const minute of cron.minutes) {
            const t = date.set({ hour, minute, second: 0, millisecond: 0 });
            // A time skipped by a daylight-saving change moves forward, as luxon resolves it.
            if (t.toMillis() > after.getTime()) return t.toJSDate();
          }
      }
    }
  }
  return undefined;
}

function dayMatches(cron: CronFields, date: DateTime, daysInMonth: number): boolean {
  const dom = cron.daysOfMonth;
  if (dom) {
    if (dom.days.includes(date.day)) return true;
    if (dom.last && date.day === daysInMonth) return true;
    const weekday = (d: DateTime) => d.weekday <= 5;
    if (dom.lastWeekday) {
      let last = date.set({ day: daysInMonth });
      while (!weekday(last)) last = last.minus({ days: 1 });
      if (last.day === date.day) return true;
    }
    for (const target of dom.nearestWeekday) {
      if (target > daysInMonth) continue;
      let t = date.set({ day: target });
      // The weekday nearest the target, never leaving the month.
      if (t.weekday === 6) t = t.day === 1 ? t.plus({ days: 2 }) : t.minus({ days: 1 });
      else if (t.weekday === 7) t = t.day === daysInMonth ? t.minus({ days: 2 }) : t.plus({ days: 1 });
      if (t.day === date.day) return true;
    }
    return false;
  }
  const dow = cron.daysOfWeek!;
  // luxon: 1 = Monday ... 7 = Sunday; EventBridge: 1 = Sunday ... 7 = Saturday.
  const eb = (date.weekday % 7) + 1;
  if (dow.days.includes(eb)) return true;
  if (dow.last.includes(eb) && date.day + 7 > daysInMonth) return true;
  return dow.nth.some((n) => n.day === eb && Math.ceil(date.day / 7) === n.n);
}
