/**
 * Labelled weeks of our own for detection (no other public labelled set is pulled in): a
 * fortnight of three brands, generated from a seed, each post labelled by how it was written.
 *
 *  - skyways: a busy brand (about 10 labelled negatives an hour at its median) with daily and
 *    weekly rhythm, then a three-day storm with four surges spread over several themes.
 *  - nordlys: a quiet brand. One stray post on day 1, nothing until its first real traffic on
 *    day 6 (a launch-day burst), and a second surge on day 9 once it has history.
 *  - lumen: an ordinary brand with no surge: a lone viral complaint, figures of speech that use
 *    risk words ("on fire", "I'd sue"), one lone safety report, and later the same hazard
 *    reported by several people within the hour.
 *
 * `npx tsx test/eval/write-storm-weeks.ts <file.jsonl>` writes them, for
 * `npm run cli -- eval:detection <file.jsonl> --config config/eval/storm-weeks.yaml --label label --negative negative`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gaussian, poisson, seeded, type Random } from '../../lib/local/demo/random.ts';

export interface WeekRow {
  id: string;
  created_at: string;
  author: string;
  followers: number;
  text: string;
  label: 'negative' | 'neutral' | 'positive';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday. */
export const WEEKS_START = Date.parse('2026-01-05T00:00:00Z');
const DAYS = 14;

const NAMES = ['ana', 'bo', 'carl', 'dina', 'emre', 'fay', 'gus', 'hira', 'ivo', 'jun', 'kat', 'luis', 'maud', 'nico', 'omar', 'pia', 'quin', 'rosa', 'sid', 'tess', 'uma', 'vik', 'wren', 'xia', 'yosef', 'zuri'];

const COMPLAINTS: Record<string, string[]> = {
  'customer-service': [
    'been on hold with {b} for {n} minutes, this is ridiculous',
    '{b} support hung up on me twice. worst service ever',
    'no response from {b} after three emails. terrible customer service',
    'the {b} agent was rude and useless, still no answer',
  ],
  billing: [
    'still waiting for my refund from {b}, {n} days now',
    '{b} charged me twice and refuses to refund the second charge',
    'hidden fees again from {b}. never booking with them again',
  ],
  delivery: [
    '{b} lost my bag and the tracking page still says nothing',
    'my {b} order is {n} days late and nobody can tell me where it is',
    'delayed again. {b} is a joke, thanks for nothing',
  ],
  outage: [
    'the {b} app is down again, can not check in at all',
    '{b} website keeps crashing when I try to pay. broken',
    'is {b} down? the app just shows an error',
  ],
};

const STORM: string[] = [
  '{b} cancelled my flight and the rebooking line will not pick up. stranded',
  'stuck at the gate for {n} hours, {b} will not rebook us. awful',
  '{b} cancelled every flight out of here and nobody is at the desk',
  'third cancellation today from {b}. absolutely unacceptable',
  'been on hold with {b} for {n} minutes to rebook a cancelled flight',
  '{b} app crashed while rebooking and now my seat is gone. furious',
];

const NEUTRAL = [
  'does {b} allow pets in the cabin?',
  'anyone know when the {b} winter schedule comes out',
  'trying {b} for the first time next week',
  '{b} has a new logo apparently',
  'which {b} plan do people actually use?',
];

const POSITIVE = [
  'shoutout to the {b} team, really friendly and quick',
  'smooth experience with {b} today, no complaints',
  'love the new {b} update, great work',
  '{b} sorted my issue in five minutes. impressed',
];

/** Risk words used as figures of speech: praise and jokes, not crises. */
const FIGURES_OF_SPEECH = [
  'my feed is on fire with {b} memes today 😂',
  'that {b} sale should be illegal, I would sue them for making me spend this much lol',
  'the new {b} ad is exploding on my timeline, love it',
  '{b} just hacked my heart with that promo ❤️',
  'this {b} deal is so good it feels like fraud 😂',
];

const SAFETY = ['my {b} heater caught fire last night, this is unsafe', 'the {b} heater burst into flames in our living room. please recall it'];

interface BrandPlan {
  brand: string;
  /** Hours from UTC to the brand's local time (diurnal rhythm). */
  utcOffset: number;
  /** Ordinary posts an hour at the daily peak, and the negative share. */
  peakPosts: number;
  negativeShare: number;
  /** Extra labelled-negative posts an hour at time t (surges, storm background). */
  extra?: (t: number) => number;
  /** Ordinary traffic starts here (ms); before it the brand is not talked about. */
  trafficFrom?: number;
}

const diurnal = (localHour: number): number => 0.4 + 0.6 * Math.max(0, Math.sin(((localHour - 6) / 18) * Math.PI)) ** 1.3;
const weekly = (t: number, utcOffset: number): number => {
  const day = new Date(t + utcOffset * HOUR).getUTCDay();
  return day === 0 || day === 6 ? 0.75 : 1;
};
/** A surge: rises over `rise` hours to `peak` extra an hour at `at`, then decays with time constant `decay` hours. */
const surge = (at: number, peak: number, rise: number, decay: number) => (t: number): number => {
  const h = (t - at) / HOUR;
  if (h < -rise) return 0;
  return h <= 0 ? peak * (1 + h / rise) : peak * Math.exp(-h / decay);
};

/** Poisson counts, the busiest hours by their normal approximation. */
function count(rnd: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rnd)));
  return poisson(rnd, lambda);
}


const day = (d: number, hourUtc: number) => WEEKS_START + (d - 1) * DAY + hourUtc * HOUR;

const PLANS: BrandPlan[] = [
  {
    brand: 'skyways',
    utcOffset: -5,
    peakPosts: 34,
    negativeShare: 0.42,
    extra: (t) => {
      // The storm: days 9 to 11, a background of stranded travellers plus four surges.
      const storm = t >= day(9, 11) && t < day(12, 3) ? 6 * diurnal(new Date(t - 5 * HOUR).getUTCHours()) : 0;
      return storm + surge(day(9, 15), 42, 2, 3)(t) + surge(day(10, 12), 60, 1, 4)(t) + surge(day(10, 23), 32, 1, 1.5)(t) + surge(day(11, 17), 36, 2, 2)(t);
    },
  },
  {
    brand: 'nordlys',
    utcOffset: 1,
    peakPosts: 9,
    negativeShare: 0.22,
    trafficFrom: day(6, 8),
    extra: (t) => surge(day(6, 10), 24, 1, 2)(t) + surge(day(9, 14), 30, 1, 2)(t),
  },
  { brand: 'lumen', utcOffset: 0, peakPosts: 12, negativeShare: 0.18 },
];

export function generateStormWeeks(seed = 20260105): WeekRow[] {
  const rnd = seeded(seed);
  const rows: WeekRow[] = [];
  let serial = 0;
  const person = () => `${rnd.pick(NAMES)}${rnd.int(1, 9999)}`;
  const reach = () => Math.round(Math.exp(5.3 + 1.5 * gaussian(rnd)));
  const fill = (template: string, brand: string) => template.replaceAll('{b}', rnd.chance(0.3) ? `@${brand}` : brand).replaceAll('{n}', String(rnd.int(2, 90)));
  const push = (at: number, text: string, label: WeekRow['label'], author = person(), followers = reach()) =>
    rows.push({ id: `w${++serial}`, created_at: new Date(Math.floor(at)).toISOString(), author, followers, text, label });

  for (const plan of PLANS) {
    for (let t = WEEKS_START; t < WEEKS_START + DAYS * DAY; t += HOUR) {
      const local = new Date(t + plan.utcOffset * HOUR).getUTCHours();
      const ordinary = plan.trafficFrom !== undefined && t < plan.trafficFrom ? 0 : plan.peakPosts * diurnal(local) * weekly(t, plan.utcOffset);
      for (let i = count(rnd, ordinary); i > 0; i--) {
        const at = t + rnd.next() * HOUR;
        if (rnd.chance(plan.negativeShare)) {
          const theme = rnd.pick(Object.keys(COMPLAINTS));
          push(at, fill(rnd.pick(COMPLAINTS[theme]!), plan.brand), 'negative');
        } else if (rnd.chance(0.5)) push(at, fill(rnd.pick(NEUTRAL), plan.brand), 'neutral');
        else push(at, fill(rnd.pick(POSITIVE), plan.brand), 'positive');
      }
      for (let i = count(rnd, plan.extra?.(t + HOUR / 2) ?? 0); i > 0; i--) {
        const text = plan.brand === 'skyways' && rnd.chance(0.6) ? rnd.pick(STORM) : rnd.pick(COMPLAINTS[rnd.pick(Object.keys(COMPLAINTS))]!);
        push(t + rnd.next() * HOUR, fill(text, plan.brand), 'negative');
      }
      // Figures of speech, about one a day on the busier brands.
      if (ordinary > 0 && rnd.chance(plan.peakPosts >= 12 ? 0.05 : 0.02)) push(t + rnd.next() * HOUR, fill(rnd.pick(FIGURES_OF_SPEECH), plan.brand), 'positive');
    }
  }
  // nordlys: one stray post long before anyone talks about the brand.
  push(day(1, 10.3), 'nordlys support never answered my email. annoying', 'negative');
  // lumen: a lone viral complaint (far-reaching, alone), a lone safety report, then the same hazard from several people.
  push(day(4, 16.2), 'lumen lost my order twice and support just sends the same copy-paste reply. done with them', 'negative', 'famous_reviewer', 450_000);
  push(day(8, 11.5), fill(SAFETY[0]!, 'lumen'), 'negative');
  for (let k = 0; k < 4; k++) push(day(12, 19) + k * 11 * 60_000, fill(rnd.pick(SAFETY), 'lumen'), 'negative');
  // skyways: a lone far-reaching complaint on an ordinary day.
  push(day(3, 18.4), 'skyways cancelled my flight with no notice and the refund form is broken', 'negative', 'travel_writer', 180_000);
  return rows.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** The config the weeks are replayed with: their three brands and the default detection thresholds. */
export const STORM_WEEKS_CONFIG = 'config/eval/storm-weeks.yaml';

/** Writes the weeks as JSONL to `file`. */
export async function writeStormWeeks(file: string, seed?: number): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, generateStormWeeks(seed).map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
