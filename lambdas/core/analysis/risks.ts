/**
 * Risk terms in context: legal, safety, security and discrimination language. One such
 * Mention can open an Incident on its own, so a term counts only where the post reports a
 * harm, a threat or a legal action: never negated, as a figure of speech, as a topic ("how to
 * avoid food poisoning"), about a device or an animal, about another brand, or in praise.
 * Terms and rules are data (risk-rules.ts) that a brand extends in the config.
 */
import { compilePhrases, findPhrases, hasPhrase, type PhraseMatch } from './phrases.ts';
import { DEFAULT_RISK_CONTEXT, DEFAULT_RISK_TERMS, type RiskContextRule, type RiskTermList } from './risk-rules.ts';
import { FIRST_PERSON as FIRST_PERSON_WORD, normalise, SECOND_PERSON } from './text.ts';

export const RISK_CATEGORIES = ['legal', 'safety', 'security', 'discrimination'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

/** A risk term found, with the rule that accepted or rejected it ("show the work"). */
export interface RiskVerdict {
  /** `category:matched words`, e.g. "safety:food poisoning". */
  risk: string;
  accepted: boolean;
  /**
   * Accepted: `first-person` (the customer reports it), `addressed` (said to the brand),
   * `report` (a third-person report naming no other brand). Rejected: the context rule's id,
   * `third-party` (about another brand) or `positive-post`.
   */
  rule: string;
  /** The customer's own voice (first person, or said to the brand): a complaint, not only a risk. */
  voiced: boolean;
}

/** Risk terms and context rules, compiled once per brand. */
export interface RiskRules {
  terms: { category: RiskCategory; phrase: string; re: RegExp }[];
  /** Every term in one pattern: most texts match none, and one test tells so (not one per term). */
  anyTerm?: RegExp;
  context: { rule: RiskContextRule; re: RegExp; unless?: RegExp; terms?: Set<string> }[];
  /** Other brands' names and handles: a risk about them, not about this brand, is a third party's. */
  others?: RegExp;
  /** This brand's names and handles, when known. */
  brand?: RegExp;
}

export interface RiskSettings {
  /** Extra terms per category. */
  terms?: RiskTermList;
  /** Extra context rules that reject a term. */
  ignore?: readonly RiskContextRule[];
  /** Words and handles that name the brand / other configured brands (lower case). */
  brandTerms?: readonly string[];
  otherBrandTerms?: readonly string[];
}

export function compileRiskRules(settings: RiskSettings = {}): RiskRules {
  const terms: RiskRules['terms'] = [];
  for (const category of RISK_CATEGORIES) {
    for (const phrase of [...DEFAULT_RISK_TERMS[category], ...(settings.terms?.[category] ?? [])]) {
      const re = compilePhrases([phrase]);
      if (re) terms.push({ category, phrase, re });
    }
  }
  const context = [...DEFAULT_RISK_CONTEXT, ...(settings.ignore ?? [])].flatMap((rule) => {
    const re = compilePhrases(rule.phrases);
    if (!re) return [];
    const unless = rule.unless ? compilePhrases(rule.unless) : undefined;
    return [{ rule, re, ...(unless ? { unless } : {}), ...(rule.terms ? { terms: new Set(rule.terms) } : {}) }];
  });
  const names = (list: readonly string[] | undefined) => (list?.length ? compilePhrases(list.map((t) => t.replace(/[*|]/g, ' '))) : undefined);
  const brand = names(settings.brandTerms);
  const others = names(settings.otherBrandTerms);
  const anyTerm = compilePhrases(terms.map((t) => t.phrase));
  return { terms, context, ...(anyTerm ? { anyTerm } : {}), ...(brand ? { brand } : {}), ...(others ? { others } : {}) };
}

export const DEFAULT_RISK_RULES: RiskRules = compileRiskRules();

/** The customer speaking: a first-person word, or a sentence that drops its "I" ("found mould on the bread", "got food poisoning"). */
const FIRST_PERSON = new RegExp(`${FIRST_PERSON_WORD.source}|^(?:[\\s.]*@\\w+)*[\\s,:]*(?:just |literally )?(?:found|got|bought|ordered|ate|had|received|opened|picked up|tried|went)\\b`);
const LEADING_HANDLE = /^[\s.]*@\w/;

const sentenceAround = (t: string, at: number, end: number): { start: number; text: string } => {
  const start = Math.max(t.lastIndexOf('. ', at), t.lastIndexOf('! ', at), t.lastIndexOf('? ', at)) + 1;
  const stops = ['. ', '! ', '? '].map((s) => t.indexOf(s, end)).filter((i) => i >= 0);
  const stop = stops.length ? Math.min(...stops) + 1 : t.length;
  return { start, text: t.slice(start, stop) };
};

/** The n words before (or after) a position, within its sentence. */
const wordsBefore = (clause: string, at: number, n: number): string => clause.slice(0, at).split(/\s+/).filter(Boolean).slice(-n).join(' ');
const wordsAfter = (clause: string, end: number, n: number): string => clause.slice(end).split(/\s+/).filter(Boolean).slice(0, n).join(' ');

const SCOPE_WORDS = { before: 3, near: 4 } as const;

/**
 * Every risk term in the text with its verdict. Terms that overlap keep the longest;
 * one verdict per distinct `category:term`.
 */
export function assessRisks(text: string, rules: RiskRules = DEFAULT_RISK_RULES): RiskVerdict[] {
  const t = normalise(text);
  if (rules.anyTerm && !hasPhrase(rules.anyTerm, t)) return [];
  const found: (PhraseMatch & { category: RiskCategory; phrase: string })[] = [];
  for (const term of rules.terms) for (const m of findPhrases(term.re, t)) found.push({ ...m, category: term.category, phrase: term.phrase });
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept = found.filter((m, i) => !found.some((o, j) => j !== i && o.index <= m.index && o.end >= m.end && (o.end - o.index > m.end - m.index || j < i)));

  const verdicts = new Map<string, RiskVerdict>();
  const addressed = LEADING_HANDLE.test(t) || SECOND_PERSON.test(t);
  for (const m of kept) {
    const risk = `${m.category}:${m.text}`;
    if (verdicts.has(risk)) continue;
    const clause = sentenceAround(t, m.index, m.end);
    const at = m.index - clause.start;
    const end = m.end - clause.start;
    const rejectedBy = rules.context.find(({ rule, re, unless, terms }) => {
      if (rule.categories && !rule.categories.includes(m.category)) return false;
      if (terms && !terms.has(m.phrase)) return false;
      const scope = rule.scope ?? 'around';
      let hit: boolean;
      if (scope === 'around') hit = findPhrases(re, t).some((c) => c.index < m.end && c.end > m.index);
      else if (scope === 'before') hit = hasPhrase(re, wordsBefore(clause.text, at, SCOPE_WORDS.before));
      else if (scope === 'near') hit = hasPhrase(re, `${wordsBefore(clause.text, at, SCOPE_WORDS.near)} | ${wordsAfter(clause.text, end, SCOPE_WORDS.near)}`);
      else hit = hasPhrase(re, clause.text.slice(0, at) + ' | ' + clause.text.slice(end));
      return hit && !(unless && hasPhrase(unless, clause.text));
    });
    const firstPerson = FIRST_PERSON.test(clause.text);
    const voiced = firstPerson || addressed;
    if (rejectedBy) {
      verdicts.set(risk, { risk, accepted: false, rule: rejectedBy.rule.id, voiced });
      continue;
    }
    // About another configured brand and not this one, in nobody's own voice: a third party's news.
    if (!firstPerson && rules.others && hasPhrase(rules.others, clause.text) && !(rules.brand && hasPhrase(rules.brand, clause.text))) {
      verdicts.set(risk, { risk, accepted: false, rule: 'third-party', voiced });
      continue;
    }
    verdicts.set(risk, { risk, accepted: true, rule: firstPerson ? 'first-person' : addressed ? 'addressed' : 'report', voiced });
  }
  return [...verdicts.values()];
}

/** Accepted risk terms, as `category:term` (for example "safety:food poisoning"). */
export function riskTerms(text: string, rules: RiskRules = DEFAULT_RISK_RULES): string[] {
  return assessRisks(text, rules).filter((v) => v.accepted).map((v) => v.risk);
}

export const riskCategory = (risk: string): RiskCategory | undefined => {
  const c = risk.split(':')[0];
  return (RISK_CATEGORIES as readonly string[]).includes(c ?? '') ? (c as RiskCategory) : undefined;
};
