/**
 * A brand's analysis profile: its theme taxonomy (own themes, industry preset, generic) and
 * its risk rules (default terms and context rules plus its own, and the names that tell its
 * risks from other brands'). Compiled once per brand object.
 */
import type { Brand } from '../config.ts';
import { compileRiskRules, type RiskRules } from './risks.ts';
import { compileTaxonomy, GENERIC_TAXONOMY, themeDefinitions, type ThemeTaxonomy } from './themes.ts';
import { DEFAULT_RISK_RULES } from './risks.ts';

export interface AnalysisProfile {
  themes: ThemeTaxonomy;
  risk: RiskRules;
}

/** No brand known (eval-sentiment, the analysers themselves): the generic themes and default risk rules. */
export const DEFAULT_PROFILE: AnalysisProfile = { themes: GENERIC_TAXONOMY, risk: DEFAULT_RISK_RULES };

type ProfileBrand = Pick<Brand, 'id' | 'name' | 'handles' | 'keywords' | 'industry' | 'themes' | 'risk'>;

const cache = new WeakMap<object, AnalysisProfile>();

const namesOf = (b: Pick<Brand, 'name' | 'handles' | 'keywords'>): string[] =>
  [b.name, ...b.keywords, ...b.handles.map((h) => h.replace(/^@/, '').split('@')[0]!)].map((s) => s.toLowerCase().replace(/^[#@]/, '')).filter(Boolean);

/** The profile of `brand`; `all` (the config's brands) tells its risks from another brand's. */
export function brandProfile(brand: ProfileBrand, all: readonly ProfileBrand[] = []): AnalysisProfile {
  const cached = cache.get(brand);
  if (cached) return cached;
  const profile: AnalysisProfile = {
    themes: compileTaxonomy(themeDefinitions(brand.industry, brand.themes)),
    risk: compileRiskRules({
      terms: brand.risk?.terms,
      ignore: brand.risk?.ignore,
      brandTerms: namesOf(brand),
      otherBrandTerms: all.filter((b) => b.id !== brand.id).flatMap(namesOf),
    }),
  };
  cache.set(brand, profile);
  return profile;
}

