/**
 * "What to change": recommendations computed from the week's Incidents, counters and verdicts,
 * each with the numbers behind it, for the people who own the escalation policies, the
 * detection settings and the replies. A rule that has nothing to say says nothing: a good week
 * gets no recommendation.
 *
 * The rules:
 *  - a Level that rarely acknowledges within its timeout (below targets.acknowledgedInTime);
 *  - a trigger with many false alarms (at least 2, and above targets.falseAlarmShare): its setting;
 *  - themes (and, with several brands, brands) of real Incidents that no policy names and no
 *    checklist has steps for;
 *  - an Owner paged far more than everyone else;
 *  - complaints replied to, and the median time to first reply, against targets.repliedShare
 *    and targets.firstReplyMinutes (when set);
 *  - overdue action items, by owner.
 */
import type { FalseAlarmReason } from '../alert-verdict.ts';
import type { Config, EscalationPolicy } from '../config.ts';
import { hasOwnSteps } from '../email/checklist.ts';
import { findPolicy } from '../escalation.ts';
import type { Incident } from '../incident.ts';
import { answersOf, pagesOf } from '../incident-timeline.ts';
import { personName } from '../people.ts';
import { themeInText, type ThemeLabelSource } from '../theme-label.ts';
import { triggerOf, TRIGGER_LABELS, type AlertQuality } from './alert-quality.ts';
import { formatMinutes, formatShare, plural } from './format.ts';
import { minutesBetween, resolvedAt } from './metrics.ts';
import { actionItemsOf } from './post-mortem.ts';
import { within, type ReportWeek } from './week.ts';
import type { WeekMetrics } from './weekly-report.ts';

export type RecommendationKind = 'slow-level' | 'noisy-trigger' | 'uncovered-theme' | 'uncovered-brand' | 'busy-owner' | 'reply-share' | 'reply-time' | 'overdue-owner';

export interface Recommendation {
  kind: RecommendationKind;
  /** What to change, in one sentence. */
  change: string;
  /** The week's numbers behind it, in words. */
  because: string;
  /** The same numbers, for the JSON and the tests. */
  figures: Record<string, number | string>;
}

export interface RecommendationInput {
  week: ReportWeek;
  /** Every Incident the report read (opened from the lookback start to the end of the week). */
  incidents: readonly Incident[];
  metrics: Pick<WeekMetrics, 'repliedShare' | 'medianReplyMinutes'>;
  alertQuality: AlertQuality;
  config: Pick<Config, 'escalationPolicies' | 'owners' | 'targets' | 'detection'> & { brands: readonly ({ id: string; name: string } & ThemeLabelSource)[] };
}

/** A page at least this often makes an Owner "paged far more" when it is twice the next person's. */
const BUSY_PAGES = 4;
/** A Level needs this many pages in the week before its answer rate means anything. */
const MIN_PAGES = 2;
const MIN_FALSE_ALARMS = 2;
const MAX_OVERDUE_OWNERS = 5;

const REASON_ADVICE: Readonly<Record<FalseAlarmReason, string>> = {
  'figure-of-speech': 'the words read as complaints and were not',
  'not-about-us': 'they were about something else with a similar name: add those phrases to brands[].exclusions',
  'spam-or-bots': 'copy-pasted posts from new accounts tipped it over',
  'already-known': 'a problem already being handled paged again: snooze or resolve it with its known cause',
};

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const inWeek = (week: ReportWeek, at: string | undefined): boolean => at !== undefined && within(at, week.from, week.to);

const isNoise = (i: Incident): boolean => i.resolution?.alert?.verdict === 'false-alarm' || i.resolution?.alert?.verdict === 'duplicate';

export function recommendations(input: RecommendationInput): Recommendation[] {
  return [...slowLevels(input), ...noisyTriggers(input), ...uncovered(input), ...busyOwners(input), ...replies(input), ...overdueByOwner(input)];
}

/** Levels whose pages this week were rarely answered within the Level's timeout. */
function slowLevels({ week, incidents, config }: RecommendationInput): Recommendation[] {
  const levels = new Map<string, { policy: EscalationPolicy; level: number; pages: number; inTime: number }>();
  for (const i of incidents) {
    const answers = answersOf(i);
    for (const page of pagesOf(i)) {
      if (page.reminder || page.position.startsWith('everyone') || !inWeek(week, page.at)) continue;
      const policy = findPolicy(config, { ...i, severity: page.severity ?? i.severity });
      const timeout = policy?.levels[page.level - 1]?.timeoutMinutes;
      if (!policy || timeout === undefined) continue;
      const key = `${policy.id}#${page.level}`;
      const stat = levels.get(key) ?? { policy, level: page.level, pages: 0, inTime: 0 };
      stat.pages += 1;
      if (answers.some((a) => Date.parse(a.at) >= Date.parse(page.at) && minutesBetween(page.at, a.at) <= timeout)) stat.inTime += 1;
      levels.set(key, stat);
    }
  }
  const names = (ids: readonly string[]) => list(ids.map((id) => config.owners.find((o) => o.id === id)?.name ?? id));
  return [...levels.values()]
    .filter((s) => s.pages >= MIN_PAGES && s.inTime / s.pages < config.targets.acknowledgedInTime)
    .sort((a, b) => a.inTime / a.pages - b.inTime / b.pages || b.pages - a.pages)
    .map(({ policy, level, pages, inTime }) => {
      const l = policy.levels[level - 1]!;
      const last = level === policy.levels.length;
      return {
        kind: 'slow-level',
        change: `Make sure ${names(l.owners)}, level ${level} of ${policy.id}, can answer within ${l.timeoutMinutes} min: a second owner, a rota for the hours they are away, or a timeout they can meet.`,
        because: `Level ${level} acknowledged ${inTime} of ${pages} pages within its ${l.timeoutMinutes} min${last ? '' : '; the others went on to the next level'} (the target is ${formatShare(config.targets.acknowledgedInTime)}).`,
        figures: { policy: policy.id, level, pages, acknowledgedInTime: inTime, timeoutMinutes: l.timeoutMinutes, target: config.targets.acknowledgedInTime },
      };
    });
}

/** Triggers whose alerts were mostly false alarms this week: the setting to review, and the usual reason. */
function noisyTriggers({ week, incidents, alertQuality, config }: RecommendationInput): Recommendation[] {
  return alertQuality.byTrigger
    .filter((t) => t.falseAlarms >= MIN_FALSE_ALARMS && (t.falseAlarmShare ?? 0) >= config.targets.falseAlarmShare)
    .map((t) => {
      const reasons = new Map<FalseAlarmReason, number>();
      for (const i of incidents) {
        const a = i.resolution?.alert;
        if (a?.verdict === 'false-alarm' && triggerOf(i) === t.key && inWeek(week, resolvedAt(i))) reasons.set(a.why, (reasons.get(a.why) ?? 0) + 1);
      }
      const [reason, n] = [...reasons].sort((a, b) => b[1] - a[1])[0]!;
      return {
        kind: 'noisy-trigger',
        change: `Review ${t.settings}: ${TRIGGER_LABELS[t.key].toLowerCase()} alerts are mostly noise.`,
        because: `${t.falseAlarms} of ${t.classified} ${TRIGGER_LABELS[t.key].toLowerCase()} alerts resolved this week were false alarms (${formatShare(t.falseAlarmShare)}; the target is under ${formatShare(config.targets.falseAlarmShare)}); in ${n === t.falseAlarms ? 'all of them' : `${n} of them`}, ${REASON_ADVICE[reason]}.`,
        figures: { trigger: t.key, falseAlarms: t.falseAlarms, classified: t.classified, share: t.falseAlarmShare ?? 0, reason, target: config.targets.falseAlarmShare },
      };
    });
}

/** Real Incidents of the week whose theme (or brand) no policy names and no checklist has steps for. */
function uncovered({ week, incidents, config }: RecommendationInput): Recommendation[] {
  const real = incidents.filter((i) => inWeek(week, i.openedAt) && !isNoise(i));
  const out: Recommendation[] = [];
  const namedThemes = new Set(config.escalationPolicies.flatMap((p) => p.themes ?? []));
  const byTheme = new Map<string, Incident[]>();
  for (const i of real) if (!namedThemes.has(i.theme) && !hasOwnSteps(i.theme)) byTheme.set(i.theme, [...(byTheme.get(i.theme) ?? []), i]);
  if (byTheme.size) {
    const brandOf = (i: Incident) => config.brands.find((b) => b.id === i.brand);
    const themes = [...byTheme].sort((a, b) => b[1].length - a[1].length);
    const policies = [...new Set(themes.flatMap(([, is]) => is.map((i) => findPolicy(config, i)?.id).filter((p) => p !== undefined)))];
    out.push({
      kind: 'uncovered-theme',
      change: `Name who owns ${list(themes.map(([t, is]) => themeInText(t, brandOf(is[0]!))))}: a policy with \`themes:\` that pages them, so the people who can fix it hear first.`,
      because: `${plural(themes.reduce((n, [, is]) => n + is.length, 0), 'real incident')} this week (${themes.map(([t, is]) => `${is.length} ${themeInText(t, brandOf(is[0]!))}`).join(', ')}) had no policy and no checklist of their own${policies.length ? `: they went to ${list(policies)}` : ''}.`,
      figures: Object.fromEntries(themes.map(([t, is]) => [t, is.length])),
    });
  }
  if (config.brands.length > 1) {
    const namedBrands = new Set(config.escalationPolicies.flatMap((p) => p.brands ?? []));
    const byBrand = new Map<string, number>();
    for (const i of real) if (!namedBrands.has(i.brand)) byBrand.set(i.brand, (byBrand.get(i.brand) ?? 0) + 1);
    if (byBrand.size) {
      const name = (id: string) => config.brands.find((b) => b.id === id)?.name ?? id;
      out.push({
        kind: 'uncovered-brand',
        change: `Give ${list([...byBrand.keys()].map(name))} a policy of ${byBrand.size === 1 ? 'its' : 'their'} own (\`brands:\`), so the team that knows the brand is paged.`,
        because: `${[...byBrand].map(([b, n]) => `${plural(n, 'real incident')} of ${name(b)}`).join(', ')} this week went to the policies for any brand.`,
        figures: Object.fromEntries(byBrand),
      });
    }
  }
  return out;
}

/** One Owner carrying the pages: far more than anyone else on a Level. */
function busyOwners({ week, incidents, config }: RecommendationInput): Recommendation[] {
  const onLevels = config.owners.filter((o) => config.escalationPolicies.some((p) => p.levels.some((l) => l.owners.includes(o.id))));
  if (onLevels.length < 2) return [];
  const pages = new Map(onLevels.map((o) => [o.email.toLowerCase(), 0]));
  for (const i of incidents)
    for (const page of pagesOf(i))
      if (!page.reminder && inWeek(week, page.at)) for (const to of page.to) if (pages.has(to.toLowerCase())) pages.set(to.toLowerCase(), pages.get(to.toLowerCase())! + 1);
  const [top, second] = [...pages].sort((a, b) => b[1] - a[1]);
  if (!top || top[1] < BUSY_PAGES || top[1] < 2 * (second?.[1] ?? 0)) return [];
  const owner = onLevels.find((o) => o.email.toLowerCase() === top[0])!;
  const roles = config.escalationPolicies.flatMap((p) => p.levels.flatMap((l, n) => (l.owners.includes(owner.id) ? [`${p.id} level ${n + 1}`] : [])));
  return [
    {
      kind: 'busy-owner',
      change: `Share ${owner.name}'s pages: add a second owner or a rota to ${list(roles)}.`,
      because: `${owner.name} was paged ${plural(top[1], 'time')} this week; nobody else more than ${plural(second?.[1] ?? 0, 'time')}.`,
      figures: { owner: owner.name, pages: top[1], nextMost: second?.[1] ?? 0 },
    },
  ];
}

/** The brand's replies to complaints against the targets, when targets are set and the sources report replies. */
function replies({ metrics, config }: RecommendationInput): Recommendation[] {
  const out: Recommendation[] = [];
  const { repliedShare, firstReplyMinutes } = config.targets;
  if (repliedShare !== undefined && metrics.repliedShare !== null && metrics.repliedShare < repliedShare)
    out.push({
      kind: 'reply-share',
      change: 'Name who replies to complaints, and at which hours: too many went unanswered.',
      because: `The brand replied to ${formatShare(metrics.repliedShare)} of complaints this week; the target is ${formatShare(repliedShare)}.`,
      figures: { repliedShare: metrics.repliedShare, target: repliedShare },
    });
  if (firstReplyMinutes !== undefined && metrics.medianReplyMinutes !== null && metrics.medianReplyMinutes > firstReplyMinutes)
    out.push({
      kind: 'reply-time',
      change: 'Answer complaints sooner: a shift that watches the mentions, or saved replies for the common ones.',
      because: `The median first reply took ${formatMinutes(metrics.medianReplyMinutes)}; the target is ${formatMinutes(firstReplyMinutes)}.`,
      figures: { medianReplyMinutes: metrics.medianReplyMinutes, target: firstReplyMinutes },
    });
  return out;
}

/** Overdue action items at the end of the week, by owner: who to ask. */
function overdueByOwner({ week, incidents, config }: RecommendationInput): Recommendation[] {
  const byOwner = new Map<string, { owner: string; items: { text: string; days: number }[] }>();
  for (const i of incidents) {
    if (!resolvedAt(i) || Date.parse(resolvedAt(i)!) >= Date.parse(week.to)) continue;
    for (const a of actionItemsOf(i, week).filter((x) => x.overdue)) {
      const owner = personName(config.owners, a.owner);
      const key = owner.toLowerCase();
      const entry = byOwner.get(key) ?? { owner, items: [] };
      entry.items.push({ text: a.text, days: a.daysOverdue });
      byOwner.set(key, entry);
    }
  }
  return [...byOwner.values()]
    .sort((a, b) => b.items.length - a.items.length || Math.max(...b.items.map((x) => x.days)) - Math.max(...a.items.map((x) => x.days)))
    .slice(0, MAX_OVERDUE_OWNERS)
    .map(({ owner, items }) => {
      const oldest = Math.max(...items.map((x) => x.days));
      return {
        kind: 'overdue-owner',
        change: `Ask ${owner} about ${items.length === 1 ? 'their overdue action item' : `their ${items.length} overdue action items`}: finish, re-plan or drop ${items.length === 1 ? 'it' : 'them'}.`,
        because: `${plural(items.length, 'action item')} past due (the oldest by ${plural(oldest, 'day')}): ${items.map((x) => `“${x.text}”`).join('; ')}.`,
        figures: { owner, overdue: items.length, oldestDays: oldest },
      };
    });
}

