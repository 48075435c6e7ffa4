/**
 * Theme: what a Mention is about, so related Mentions group into one Incident per brand and
 * theme. A brand's taxonomy is its own `themes:`, then its industry preset, then the generic
 * default (theme-presets.ts). Phrases score; a phrase negated just before ("no delays") or
 * overlapped by a word-sense guard ("all credit to the staff") does not. A risk decides first.
 */
import { compilePhrases, findPhrases, hasPhrase } from './phrases.ts';
import { riskCategory } from './risks.ts';
import {
  GENERIC_THEMES, INDUSTRY_THEMES, OTHER_THEME, RISK_THEMES,
  type Industry, type ThemeDefinition,
} from './theme-presets.ts';
import { normalise } from './text.ts';
import { themeLabel } from '../theme-label.ts';

/** The generic default's theme ids (stable: escalation policies and counters use them). */
export const THEMES = [...GENERIC_THEMES.map((t) => t.id), ...RISK_THEMES.map((t) => t.id), OTHER_THEME.id] as readonly string[];
export type Theme = string;

/** A brand's own theme, as written in the config: a new one, or more phrases (and a label) for an existing id. */
export interface ThemeInput {
  id: string;
  label?: string;
  phrases?: readonly string[];
  unless?: readonly string[];
}

interface CompiledTheme {
  id: string;
  label: string;
  /** A brand's or industry's own theme is more specific than a generic one: its score counts double. */
  weight: number;
  re?: RegExp;
  unless?: RegExp;
}

export interface ThemeTaxonomy {
  themes: CompiledTheme[];
}

/** The themes of a brand, most specific first: its own, its industry's, the generic ones. */
export function themeDefinitions(industry: Industry = 'generic', custom: readonly ThemeInput[] = []): ThemeDefinition[] {
  const byId = new Map<string, ThemeDefinition>();
  const add = (t: ThemeInput) => {
    const prior = byId.get(t.id);
    byId.set(t.id, {
      id: t.id,
      // The first label given wins: the brand's own, then the preset's.
      label: prior?.label ?? t.label ?? themeLabel(t.id),
      phrases: [...(prior?.phrases ?? []), ...(t.phrases ?? [])],
      unless: [...(prior?.unless ?? []), ...(t.unless ?? [])],
    });
  };
  for (const t of [...custom, ...INDUSTRY_THEMES[industry], ...GENERIC_THEMES, ...RISK_THEMES, OTHER_THEME]) add(t);
  const generic = new Set([...GENERIC_THEMES, ...RISK_THEMES, OTHER_THEME].map((t) => t.id));
  return [...byId.values()].map((t) => ({ ...t, specific: !generic.has(t.id) || custom.some((c) => c.id === t.id) || INDUSTRY_THEMES[industry].some((p) => p.id === t.id) }));
}

export function compileTaxonomy(definitions: readonly ThemeDefinition[]): ThemeTaxonomy {
  return {
    themes: definitions.map((d) => {
      const re = compilePhrases(d.phrases);
      const unless = d.unless?.length ? compilePhrases(d.unless) : undefined;
      return { id: d.id, label: d.label, weight: d.specific ? SPECIFIC_WEIGHT : 1, ...(re ? { re } : {}), ...(unless ? { unless } : {}) };
    }),
  };
}

export const GENERIC_TAXONOMY: ThemeTaxonomy = compileTaxonomy(themeDefinitions());

const SPECIFIC_WEIGHT = 2;

/** A negator in the two words before a phrase cancels it: "no delays", "not broken", "never late". */
const NEGATED = /(?:^|\s)(?:no|not|never|without|zero|isn't|wasn't|aren't|weren't|don't|doesn't|didn't|ain't)(?:\s+\S+)?\s*$/;

/** How strongly the text speaks of each theme: distinct phrases, longer ones counting more, a specific theme's double. */
export function themeScores(text: string, taxonomy: ThemeTaxonomy = GENERIC_TAXONOMY): Map<string, number> {
  const t = normalise(text);
  const scores = new Map<string, number>();
  for (const theme of taxonomy.themes) {
    // Most texts speak of one theme or none: a theme whose phrases are absent costs one test.
    if (!theme.re || !hasPhrase(theme.re, t)) continue;
    const guards = findPhrases(theme.unless, t);
    const seen = new Set<string>();
    let score = 0;
    for (const m of findPhrases(theme.re, t)) {
      if (seen.has(m.text)) continue;
      if (guards.some((g) => g.index < m.end && g.end > m.index)) continue;
      if (NEGATED.test(t.slice(Math.max(0, m.index - 30), m.index))) continue;
      seen.add(m.text);
      score += m.text.includes(' ') ? 1.5 : 1;
    }
    if (score > 0) scores.set(theme.id, score * theme.weight);
  }
  return scores;
}

/** The Mention's theme: a risk category first, then the best phrase score (ties: the more specific theme), else "other". */
export function classifyTheme(text: string, risks: readonly string[] = [], taxonomy: ThemeTaxonomy = GENERIC_TAXONOMY): Theme {
  const categories = new Set(risks.map(riskCategory));
  if (categories.has('safety')) return 'safety';
  if (categories.has('security')) return 'account-security';
  if (categories.has('legal') && !categories.has('discrimination')) return 'legal';
  const scores = themeScores(text, taxonomy);
  let best: Theme = OTHER_THEME.id;
  let bestScore = 0;
  for (const theme of taxonomy.themes) {
    const score = scores.get(theme.id) ?? 0;
    if (score > bestScore) {
      best = theme.id;
      bestScore = score;
    }
  }
  if (categories.has('discrimination') && best === OTHER_THEME.id) return 'customer-service';
  if (categories.has('legal') && best === OTHER_THEME.id) return 'legal';
  return best;
}
