/**
 * The demo's brand fortnight: an ordinary week for a baseline, then a botched phone launch that
 * floods in complaints, one high-reach post, a safety claim, the brand replying, and a quiet
 * recovery. Generated, seeded, and shaped like real traffic (diurnal, bursty, many voices).
 */
import type { FetchedMention, SourceKind } from '../../../lambdas/core/mention.ts';
import {
  BRAND_REPLIES, FIRST_NAMES, GRIPES, HANDLE_SUFFIXES, HIGH_REACH_POST, LAUNCH_CLOSINGS, LAUNCH_OPENINGS,
  LAUNCH_PROBLEMS, NEUTRAL, PRAISE, RECOVERY, SAFETY_POST,
} from './phrases.ts';
import { gaussian, poisson, seeded, type Random } from './random.ts';

export interface ScenarioSource {
  id: string;
  kind: SourceKind;
  /** Share of the traffic this source carries. */
  share: number;
  postUrl: (id: string, handle: string) => string;
}

export interface ScenarioOptions {
  seed?: number;
  /** Start of the ordinary week (a Monday 00:00). */
  start: Date;
  /** When the launch goes wrong. */
  launchAt: Date;
  end: Date;
  brandName: string;
  launchName: string;
  brandHandle: string;
  supportHandle: string;
  tag: string;
  sources: ScenarioSource[];
}

const HOUR = 3_600_000;

/** People post by day: a smooth curve peaking mid-afternoon, low at night. */
const diurnal = (hourOfDay: number): number => 0.15 + 0.85 * Math.max(0, Math.sin(((hourOfDay - 6) / 18) * Math.PI)) ** 1.5;

export function generateScenario(o: ScenarioOptions): FetchedMention[] {
  const rnd = seeded(o.seed ?? 20261118);
  const out: FetchedMention[] = [];
  let serial = 1000;
  const fill = (t: string, user = '') =>
    t
      .replaceAll('{brand}', rnd.chance(0.5) ? o.brandName : o.launchName)
      .replaceAll('{launch}', o.launchName)
      .replaceAll('{handle}', rnd.chance(0.7) ? o.brandHandle : o.supportHandle)
      .replaceAll('{tag}', o.tag)
      .replaceAll('{user}', user);
  const person = () => {
    const handle = `@${rnd.pick(FIRST_NAMES)}${rnd.pick(HANDLE_SUFFIXES)}${rnd.int(1, 999)}`;
    // Lognormal-ish reach: most people have hundreds of followers, a few have tens of thousands.
    const reach = Math.round(Math.exp(5.5 + 1.6 * gaussian(rnd)));
    return { handle, displayName: handle.slice(1).replace(/[_\d]+/g, ' ').trim(), reach, isBrand: false };
  };
  const pickSource = () => {
    let r = rnd.next();
    for (const s of o.sources) if ((r -= s.share) <= 0) return s;
    return o.sources[0]!;
  };
  const push = (at: number, text: string, author = person(), source = pickSource(), inReplyTo?: string): FetchedMention => {
    const nativeId = String(++serial);
    const m: FetchedMention = {
      sourceId: source.id,
      sourceKind: source.kind,
      nativeId,
      url: source.postUrl(nativeId, author.handle.slice(1)),
      author,
      text,
      language: 'en',
      createdAt: new Date(at).toISOString(),
      engagement: { likes: poisson(rnd, 3), replies: poisson(rnd, 0.7), reposts: poisson(rnd, 0.5) },
      ...(inReplyTo ? { inReplyTo } : {}),
    };
    out.push(m);
    return m;
  };
  const brandReply = (to: FetchedMention, delayMinutes: number) => {
    const at = Date.parse(to.createdAt) + delayMinutes * 60_000;
    if (at >= o.end.getTime()) return;
    const author = { handle: o.supportHandle, displayName: `${o.brandName} Support`, reach: 48_000, isBrand: true };
    const source = o.sources.find((s) => s.id === to.sourceId)!;
    push(at, rnd.pick(BRAND_REPLIES).replaceAll('{user}', to.author.handle), author, source, to.nativeId);
  };

  const launch = o.launchAt.getTime();
  for (let hour = o.start.getTime(); hour < o.end.getTime(); hour += HOUR) {
    // Hours from the start (a local midnight), not the UTC hour: the same day on any date, in any zone.
    const hod = Math.round((hour - o.start.getTime()) / HOUR) % 24;
    // The ordinary chatter: praise, questions, and a few gripes.
    const ordinary = poisson(rnd, 4.5 * diurnal(hod) * (hour > launch ? 1.6 : 1));
    for (let i = 0; i < ordinary; i++) {
      const at = hour + rnd.int(0, HOUR - 1);
      const r = rnd.next();
      const m = push(at, fill(r < 0.45 ? rnd.pick(PRAISE) : r < 0.88 ? rnd.pick(NEUTRAL) : rnd.pick(GRIPES)));
      if (r >= 0.88 && rnd.chance(0.5)) brandReply(m, rnd.int(30, 600));
    }
    // The launch: complaints build for two hours to a storm, then fall away within the afternoon as
    // the fix rolls out (an owner who resolves at the peak's tail sees it flare up again).
    const since = (hour - launch) / HOUR;
    if (since >= 0) {
      const rate = launchRate(since) * (0.5 + 0.5 * diurnal(hod));
      const complaints = poisson(rnd, rate);
      for (let i = 0; i < complaints; i++) {
        const at = hour + rnd.int(0, HOUR - 1);
        const theme = weightedTheme(rnd);
        const text = `${fill(rnd.pick(LAUNCH_OPENINGS[theme]))} ${rnd.pick(LAUNCH_PROBLEMS[theme])}.${fill(rnd.pick(LAUNCH_CLOSINGS))}`;
        const m = push(at, text);
        if (rnd.chance(0.35)) brandReply(m, rnd.int(since < 3 ? 90 : 20, 240));
      }
      if (since > 30 && rnd.chance(0.5 * diurnal(hod))) push(hour + rnd.int(0, HOUR - 1), fill(rnd.pick(RECOVERY)));
    }
  }
  const journalist = { handle: '@dana_reviews', displayName: 'Dana Whitfield (TechWeekly)', reach: 862_000, isBrand: false };
  const viral = push(launch + 2.4 * HOUR, fill(HIGH_REACH_POST), journalist, o.sources[0]);
  viral.engagement = { likes: 18_400, replies: 2_150, reposts: 6_900 };
  brandReply(viral, 38);
  // A distinct problem during the defect: a burn while charging, which two other owners confirm within the hour.
  push(launch + 5.2 * HOUR, fill(SAFETY_POST), { handle: '@karen_h_1974', displayName: 'Karen H', reach: 210, isBrand: false });
  for (const [k, text] of SAFETY_CONFIRMATIONS.entries()) push(launch + (5.3 + 0.1 * k) * HOUR, fill(text), person());
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Launch-day complaints an hour at full daytime volume, by hours since the launch. */
function launchRate(since: number): number {
  if (since < 1) return 14;
  if (since < 2) return 60;
  return 160 * Math.exp(-(since - 2) / 1.3);
}

const SAFETY_CONFIRMATIONS = [
  'Same here, my {launch} burned my palm while charging last night. That is a safety hazard {handle}',
  '{handle} mine got so hot on the charger it scorched the desk. Unsafe. Is there a recall coming for the {launch}?',
  'My {launch} burned my fingers when I unplugged it. Safety issue, please warn people {handle}',
];

function weightedTheme(rnd: Random): keyof typeof LAUNCH_PROBLEMS {
  const r = rnd.next();
  return r < 0.55 ? 'product-defect' : r < 0.75 ? 'delivery' : r < 0.9 ? 'customer-service' : 'billing';
}

