/**
 * Why an Incident opened, in words a reader outside the team follows, with the numbers kept
 * as detail: "8 negative mentions in an hour; at this hour there are normally 0 or 1." instead
 * of "8 negative mentions in 1 h, baseline 0 ± 1 (8σ; same hour over 20 past windows; min 8)
 * [theme product-defect]". It reads the detector's reason text; a part it does not know is
 * kept as written, so no reason is ever lost.
 */

export type RiskCategory = 'legal' | 'safety' | 'security' | 'discrimination';

export type ReasonPart =
  | {
      kind: 'volume';
      negative: number;
      windowMinutes: number;
      /** The brand's own usual level for the window, when one was trusted. */
      baseline?: { center: number; spread: number; sigma: number; sameHour: boolean; samples: number };
      /** The fixed threshold used instead of a baseline (warm-up, or no history of this hour). */
      threshold?: number;
      /** Warm-up: too little history for a baseline, so the fixed threshold decided. */
      warmup?: boolean;
      /** Warm-up: hours of history so far, and how many the baseline needs. */
      historyHours?: number;
      warmupHours?: number;
      /** Warm-up on a busy brand: what its observed windows showed is ordinary, which raised the threshold. */
      seen?: { center: number; spread: number };
    }
  | { kind: 'reach'; handle: string; reach: number; threshold: number }
  | { kind: 'risk'; mentions: number; terms: { category: string; term: string }[] }
  | { kind: 'more'; negative: number }
  | { kind: 'text'; text: string };

export interface ParsedReason {
  parts: ReasonPart[];
  /** The theme the detector named at the end ("[theme product-defect]"), if any. */
  theme?: string;
  /** The detector's own words without the theme tag: the numbers, for whoever wants them. */
  figures: string;
}

const NUM = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const WINDOW = String.raw`(\d+) (h|min)`;
const COUNTED = String.raw`${NUM} negative mentions? in ${WINDOW}`;
const PATTERNS: [RegExp, (m: RegExpExecArray) => ReasonPart][] = [
  [
    new RegExp(String.raw`^${COUNTED}, baseline ${NUM} ± ${NUM} \((-?${NUM})σ(?:, ${NUM}× the usual)?(?:; (same hour over )?${NUM} past windows)?(?:; min \d+)?\)$`),
    (m) => ({
      kind: 'volume',
      negative: num(m[1]),
      windowMinutes: minutes(m[2], m[3]),
      baseline: { center: num(m[4]), spread: num(m[5]), sigma: num(m[6]), sameHour: m[9] !== undefined, samples: m[10] ? num(m[10]) : 0 },
    }),
  ],
  [
    // Warm-up as detection words it since it counts observed hours, not the age of the first post.
    new RegExp(
      String.raw`^${COUNTED}, warm-up \(the brand was observed ${NUM} h of the ${NUM} h its baseline needs in the last \d+ days?\): absolute threshold ${NUM}` +
        String.raw`(?:, raised to ${NUM} by the brand's observed windows \(${NUM} ± ${NUM}\))?$`,
    ),
    (m) => ({
      kind: 'volume', negative: num(m[1]), windowMinutes: minutes(m[2], m[3]), warmup: true, historyHours: num(m[4]), warmupHours: num(m[5]),
      threshold: num(m[7] ?? m[6]),
      ...(m[7] !== undefined && { seen: { center: num(m[8]), spread: num(m[9]) } }),
    }),
  ],
  [
    new RegExp(String.raw`^${COUNTED}, warm-up \(${NUM} h of history < ${NUM} h\): absolute threshold ${NUM}$`),
    (m) => ({ kind: 'volume', negative: num(m[1]), windowMinutes: minutes(m[2], m[3]), warmup: true, historyHours: num(m[4]), warmupHours: num(m[5]), threshold: num(m[6]) }),
  ],
  [
    new RegExp(String.raw`^${COUNTED}, no baseline yet: absolute threshold ${NUM}$`),
    (m) => ({ kind: 'volume', negative: num(m[1]), windowMinutes: minutes(m[2], m[3]), threshold: num(m[4]) }),
  ],
  [
    new RegExp(String.raw`^${COUNTED} during warm-up \(threshold ${NUM}\)$`),
    (m) => ({ kind: 'volume', negative: num(m[1]), windowMinutes: minutes(m[2], m[3]), threshold: num(m[4]), warmup: true }),
  ],
  [new RegExp(String.raw`^${COUNTED}$`), (m) => ({ kind: 'volume', negative: num(m[1]), windowMinutes: minutes(m[2], m[3]) })],
  [
    new RegExp(String.raw`^negative mention by (@?\S+) with reach ${NUM} \(≥ ${NUM}\)$`),
    (m) => ({ kind: 'reach', handle: m[1]!.startsWith('@') ? m[1]! : `@${m[1]}`, reach: num(m[2]), threshold: num(m[3]) }),
  ],
  [
    /^risk terms in (\d+) mentions?: (.+)$/,
    (m) => ({
      kind: 'risk',
      mentions: num(m[1]),
      terms: m[2]!.split(', ').map((t) => {
        const at = t.indexOf(':');
        return at > 0 ? { category: t.slice(0, at), term: t.slice(at + 1) } : { category: 'other', term: t };
      }),
    }),
  ],
  [new RegExp(String.raw`^${NUM} more negative mentions?$`), (m) => ({ kind: 'more', negative: num(m[1]) })],
];

function num(s: string | undefined): number {
  return Number((s ?? '').replaceAll(',', ''));
}

function minutes(n: string | undefined, unit: string | undefined): number {
  return num(n) * (unit === 'h' ? 60 : 1);
}

/** Splits on "; " outside parentheses: the baseline's own details use semicolons too. */
function splitParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0 && text[i + 1] === ' ') {
      parts.push(text.slice(start, i));
      start = i + 2;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseReason(reason: string): ParsedReason {
  // "[theme x]", or a surge's breakdown "[themes x 30, y 8]" (its first theme leads).
  const tag = /\s*\[themes? ([^\]\s,]+)[^\]]*\]\s*$/.exec(reason);
  const figures = (tag ? reason.slice(0, tag.index) : reason).trim();
  const parts = splitParts(figures).map((text): ReasonPart => {
    for (const [re, build] of PATTERNS) {
      const m = re.exec(text);
      if (m) return build(m);
    }
    return { kind: 'text', text };
  });
  return { parts, ...(tag && { theme: tag[1] }), figures };
}

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "an hour", "30 minutes", "2 hours". */
export function windowPhrase(windowMinutes: number): string {
  if (windowMinutes === 60) return 'an hour';
  if (windowMinutes % 60 === 0) return `${windowMinutes / 60} hours`;
  return `${windowMinutes} minutes`;
}

/** The usual range of a baseline: "none", "about 4", "0 or 1", "3 to 7". */
export function usualRange(center: number, spread: number): string {
  const lo = Math.max(0, Math.round(center - spread));
  const hi = Math.max(0, Math.round(center + spread));
  if (hi === 0) return 'none';
  if (lo === hi) return `about ${lo}`;
  return hi === lo + 1 ? `${lo} or ${hi}` : `${lo} to ${hi}`;
}

const CATEGORY_WORDS: Record<string, string> = {
  safety: 'a safety risk',
  legal: 'possible legal action',
  security: 'a security problem',
  discrimination: 'discrimination',
};

/** Harm to people first, then harm to the brand. */
const GRAVITY = ['safety', 'security', 'legal', 'discrimination'];
const byGravity = (a: string, b: string): number => (GRAVITY.indexOf(a) + 1 || 99) - (GRAVITY.indexOf(b) + 1 || 99);

const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const sentence = (s: string): string => {
  const t = s.trim().replace(/[.;,]+$/, '');
  return t ? `${t[0]!.toUpperCase()}${t.slice(1)}.` : '';
};

function plainPart(p: ReasonPart, brandName?: string): string {
  switch (p.kind) {
    case 'volume': {
      const counted = `${count(p.negative, 'negative mention')} in ${windowPhrase(p.windowMinutes)}`;
      if (p.baseline) {
        const range = usualRange(p.baseline.center, p.baseline.spread);
        const verb = range === 'about 1' ? 'is' : 'are';
        return p.baseline.sameHour
          ? `${counted}; at this hour there ${verb} normally ${range}`
          : `${counted}; ${windowPhrase(p.windowMinutes)} normally has ${range}`;
      }
      if (p.threshold !== undefined && p.warmup && p.historyHours === undefined)
        return `${counted}, at or over the fixed alert level of ${p.threshold} used while crisis-desk learns what is normal for ${brandName ?? 'the brand'}`;
      if (p.threshold !== undefined && p.historyHours !== undefined && p.seen) {
        const brand = brandName ?? 'the brand';
        return `${counted}, at or over the alert level of ${p.threshold}: in the ${count(Math.floor(p.historyHours), 'hour')} crisis-desk has watched ${brand} so far, ${windowPhrase(p.windowMinutes)} has had ${usualRange(p.seen.center, p.seen.spread)}, too little history yet to know each hour's normal`;
      }
      if (p.threshold !== undefined && p.historyHours !== undefined) {
        const brand = brandName ?? 'the brand';
        return `${counted}, at or over the fixed alert level of ${p.threshold}: crisis-desk has watched ${brand} for ${count(Math.floor(p.historyHours), 'hour')} so far, too few to know what is normal`;
      }
      if (p.threshold !== undefined) return `${counted}, at or over the fixed alert level of ${p.threshold} (no history of this hour yet)`;
      return counted;
    }
    case 'reach':
      return `a negative mention by ${p.handle}, who reaches ${count(p.reach, 'person', 'people')} (the alert level is ${p.threshold.toLocaleString('en-GB')})`;
    case 'risk': {
      const categories = [...new Set(p.terms.map((t) => t.category))].sort(byGravity).map((c) => CATEGORY_WORDS[c] ?? c);
      const words = p.terms.map((t) => `“${t.term}”`);
      const who = p.mentions === 1 ? 'one mention points' : `${count(p.mentions, 'mention')} point`;
      return `${who} to ${list(categories)} (${p.mentions === 1 ? 'it says' : 'they say'} ${list(words)})`;
    }
    case 'more':
      return `${count(p.negative, 'more negative mention', 'more negative mentions')}`;
    case 'text':
      return p.text;
  }
}

/** The reason in plain words, one sentence per finding. */
export function plainReason(reason: string, options: { brandName?: string } = {}): string {
  return parseReason(reason)
    .parts.map((p) => sentence(plainPart(p, options.brandName)))
    .filter(Boolean)
    .join(' ');
}

/** The risk categories a reason names (a safety post that also threatens a lawyer: safety and legal). */
export function riskCategoriesOf(reason: string): string[] {
  return [...new Set(parseReason(reason).parts.flatMap((p) => (p.kind === 'risk' ? p.terms.map((t) => t.category) : [])))];
}

/** The negative Mentions in the window that opened it, and the window, when the reason says so. */
export function openingVolume(reason: string): { negative: number; windowMinutes: number } | undefined {
  const volume = parseReason(reason).parts.find((p) => p.kind === 'volume');
  return volume?.kind === 'volume' ? { negative: volume.negative, windowMinutes: volume.windowMinutes } : undefined;
}
