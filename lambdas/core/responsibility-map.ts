/**
 * Who does what: the responsibility map a config implies. For every brand, severity and theme,
 * the EscalationPolicy an Incident would follow (the same choice the flow makes, findPolicy),
 * its Levels and the people on them, with their quiet hours; then the gaps: an Incident no
 * policy takes, themes and brands no policy names, hours when a SEV3 reaches nobody, a person
 * who is every Level, an Owner on no Level. `crisis-desk roles` prints it and the weekly report
 * carries it in an appendix.
 */
import type { Industry } from './analysis/theme-presets.ts';
import { themeDefinitions } from './analysis/themes.ts';
import type { Config, EscalationPolicy } from './config.ts';
import { findPolicy } from './escalation.ts';
import { SEVERITIES, type Severity } from './incident.ts';
import { themeLabel, type ThemeLabelSource } from './theme-label.ts';

export interface MapLevel {
  level: number;
  /** The Owners' names, as the config spells them. */
  people: string[];
  timeoutMinutes: number;
  /** SEV3 only: the Level is not paged inside this daily window (in `timeZone`). */
  quietHours?: { start: string; end: string };
}

export interface MapRow {
  brand: string;
  brandName: string;
  severities: Severity[];
  /** The themes this row is about; 'any' for every theme, 'other' for every theme no other row of the brand names. */
  themes: string[] | 'any' | 'other';
  /** Only Incidents opened by Mentions from these sources (the policy's `sources`). */
  sources?: string[];
  policy: string;
  levels: MapLevel[];
  /** How many times the ladder repeats before everyone in the policy is paged. */
  repeat: number;
  remindMinutes: number;
  /** The time zone of the quiet hours. */
  timeZone: string;
}

export type GapKind = 'no-policy' | 'unnamed-theme' | 'unnamed-brand' | 'quiet-sev3' | 'one-person' | 'no-level';

export interface Gap {
  kind: GapKind;
  /** An Incident no policy takes fails its escalation: that is an error, the rest are warnings. */
  severity: 'error' | 'warning';
  text: string;
}

export interface MapPerson {
  name: string;
  email: string;
  /** "major level 1", one per Level the person is on. */
  roles: string[];
}

export interface ResponsibilityMap {
  timeZone: string;
  rows: MapRow[];
  people: MapPerson[];
  gaps: Gap[];
}

type MapBrand = { id: string; name: string; industry?: Industry } & ThemeLabelSource;

export type ResponsibilityConfig = Pick<Config, 'timeZone' | 'owners' | 'escalationPolicies'> & { brands: readonly MapBrand[] };

/** The themes an Incident of the brand can have: its taxonomy (own themes, industry preset, generic ones), and any a policy names. */
function themesOf(brand: MapBrand, policies: readonly EscalationPolicy[]): string[] {
  return [...new Set([...themeDefinitions(brand.industry, brand.themes).map((t) => t.id), ...policies.flatMap((p) => p.themes ?? [])])];
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

export function responsibilityMap(config: ResponsibilityConfig): ResponsibilityMap {
  const ownerName = new Map(config.owners.map((o) => [o.id, o.name]));
  const levelsOf = (p: EscalationPolicy): MapLevel[] =>
    p.levels.map((l, n) => ({
      level: n + 1,
      people: l.owners.map((o) => ownerName.get(o) ?? o),
      timeoutMinutes: l.timeoutMinutes,
      ...(l.quietHours && { quietHours: { start: l.quietHours.start, end: l.quietHours.end } }),
    }));
  const named = new Set(config.escalationPolicies.flatMap((p) => p.themes ?? []));
  const gaps: Gap[] = [];
  const rows: MapRow[] = [];

  for (const brand of config.brands) {
    const themes = themesOf(brand, config.escalationPolicies);
    // The theme groups of this brand: each theme some policy names on its own, then every other one together.
    const groups: { themes: string[] | 'any'; probe: string }[] = [
      ...themes.filter((t) => named.has(t)).map((t) => ({ themes: [t], probe: t })),
      ...(themes.some((t) => !named.has(t)) ? [{ themes: 'any' as const, probe: themes.find((t) => !named.has(t))! }] : []),
    ];
    const brandRows: MapRow[] = [];
    const add = (severity: Severity, group: { themes: string[] | 'any' }, policy: EscalationPolicy, sources?: string[]) => {
      const same = brandRows.find((r) => r.policy === policy.id && sameThemes(r.themes, group.themes) && String(r.sources) === String(sources));
      if (same) {
        if (!same.severities.includes(severity)) same.severities.push(severity);
        return;
      }
      brandRows.push({
        brand: brand.id,
        brandName: brand.name,
        severities: [severity],
        themes: group.themes,
        ...(sources && { sources }),
        policy: policy.id,
        levels: levelsOf(policy),
        repeat: policy.repeat,
        remindMinutes: policy.remindMinutes,
        timeZone: policy.timeZone ?? config.timeZone,
      });
    };
    for (const severity of SEVERITIES) {
      const uncovered: string[] = [];
      const chosen = groups.map((group) => ({ group, policy: findPolicy(config, { brand: brand.id, severity, theme: group.probe, triggerMentionIds: [] }) }));
      const fallback = chosen.find((c) => c.group.themes === 'any')?.policy;
      for (const { group, policy } of chosen) {
        if (!policy) uncovered.push(group.themes === 'any' ? 'any other theme' : themeLabel(group.themes[0]!, brand));
        // A named theme that goes to the same policy as every other theme needs no row of its own.
        else if (group.themes === 'any' || policy.id !== fallback?.id) add(severity, group, policy);
      }
      if (uncovered.length)
        gaps.push({
          kind: 'no-policy',
          severity: 'error',
          text: `A ${severity} incident of ${brand.name}${uncovered.length === groups.length ? '' : ` about ${list(uncovered)}`} matches no escalation policy: its escalation would fail and nobody would be paged.`,
        });
      // Policies that take over for Incidents from some sources only.
      for (const policy of config.escalationPolicies.filter((p) => p.sources && p.severities.includes(severity) && (!p.brands || p.brands.includes(brand.id)))) {
        const themesOfPolicy = policy.themes ? policy.themes : ('any' as const);
        const probe = policy.themes?.[0] ?? groups.find((g) => g.themes === 'any')?.probe ?? 'other';
        const chosen = findPolicy(config, { brand: brand.id, severity, theme: probe, triggerMentionIds: policy.sources!.map((s) => `${s}#probe`) });
        if (chosen?.id === policy.id) add(severity, { themes: themesOfPolicy }, policy, policy.sources);
      }
    }
    if (brandRows.some((r) => Array.isArray(r.themes))) for (const r of brandRows) if (r.themes === 'any') r.themes = 'other';
    rows.push(...brandRows);
  }

  // Themes and brands no policy names: they follow whichever policy takes any theme or any brand.
  const unnamedThemes = [...new Set(config.brands.flatMap((b) => themesOf(b, []).filter((t) => !named.has(t))))];
  if (unnamedThemes.length && config.escalationPolicies.some((p) => p.themes))
    gaps.push({
      kind: 'unnamed-theme',
      severity: 'warning',
      text: `No policy names ${list(unnamedThemes.map((t) => themeLabel(t)))}: they follow the policies for any theme.`,
    });
  else if (unnamedThemes.length)
    gaps.push({
      kind: 'unnamed-theme',
      severity: 'warning',
      text: 'No policy names a theme: a safety or a billing incident pages the same people. A policy with `themes:` sends one to who owns it.',
    });
  if (config.brands.length > 1) {
    const namedBrands = new Set(config.escalationPolicies.flatMap((p) => p.brands ?? []));
    const unnamed = config.brands.filter((b) => !namedBrands.has(b.id)).map((b) => b.name);
    if (unnamed.length)
      gaps.push({ kind: 'unnamed-brand', severity: 'warning', text: `No policy names ${list(unnamed)}: ${unnamed.length === 1 ? 'it follows' : 'they follow'} the policies for any brand.` });
  }

  // Hours when a SEV3 reaches nobody: the ladder starts at level 1, and a quiet level 1 holds the page.
  for (const row of rows.filter((r) => r.severities.includes('SEV3'))) {
    const quiet = row.levels[0]?.quietHours;
    if (!quiet) continue;
    const what = Array.isArray(row.themes) ? ` about ${list(row.themes.map((t) => themeLabel(t)))}` : row.themes === 'other' ? ' about any other theme' : '';
    gaps.push({
      kind: 'quiet-sev3',
      severity: 'warning',
      text: `A SEV3 incident of ${row.brandName}${what} reaches nobody from ${quiet.start} to ${quiet.end} (${row.timeZone}): level 1 of ${row.policy} (${list(row.levels[0]!.people)}) is in quiet hours and the page waits until they end.`,
    });
  }

  for (const policy of config.escalationPolicies) {
    const everyLevel = policy.levels.map((l) => new Set(l.owners)).reduce((a, b) => new Set([...a].filter((o) => b.has(o))));
    const all = new Set(policy.levels.flatMap((l) => l.owners));
    if (all.size === 1)
      gaps.push({
        kind: 'one-person',
        severity: 'warning',
        text: `${ownerName.get([...all][0]!) ?? [...all][0]} is the only person in ${policy.id}: when they are away, nobody else is paged for its ${list(policy.severities)} incidents.`,
      });
    else if (policy.levels.length > 1)
      for (const o of everyLevel)
        gaps.push({
          kind: 'one-person',
          severity: 'warning',
          text: `${ownerName.get(o) ?? o} is every level of ${policy.id}: escalating past them still pages them, and nobody stands in when they are away.`,
        });
  }

  const people: MapPerson[] = config.owners.map((o) => ({
    name: o.name,
    email: o.email,
    roles: config.escalationPolicies.flatMap((p) => p.levels.flatMap((l, n) => (l.owners.includes(o.id) ? [`${p.id} level ${n + 1}`] : []))),
  }));
  for (const p of people.filter((x) => x.roles.length === 0))
    gaps.push({ kind: 'no-level', severity: 'warning', text: `${p.name} is on no level of any policy: never paged.` });

  return { timeZone: config.timeZone, rows, people, gaps };
}

function sameThemes(a: MapRow['themes'], b: MapRow['themes']): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join() === b.join() : a === b;
}

/** "SEV1, SEV2 · any theme → major" */
export function rowHeading(row: MapRow, labels?: ThemeLabelSource): string {
  const themes = row.themes === 'any' ? 'any theme' : row.themes === 'other' ? 'any other theme' : list(row.themes.map((t) => themeLabel(t, labels)));
  const sources = row.sources ? ` · from ${list(row.sources)}` : '';
  return `${row.severities.join(', ')} · ${themes}${sources} → ${row.policy}`;
}

/** "22:00–07:00 quiet" or ''. */
export const quietText = (l: MapLevel): string => (l.quietHours ? `quiet ${l.quietHours.start}–${l.quietHours.end}` : '');

/** The repeat and reminder rules of a row, in words. */
export function ladderText(row: MapRow): string {
  const repeat = row.repeat === 0 ? 'then everyone in the policy' : `then the ladder ${row.repeat === 1 ? 'once more' : `${row.repeat} more times`}, then everyone`;
  return `${repeat}; reminders every ${row.remindMinutes} min once acknowledged`;
}
