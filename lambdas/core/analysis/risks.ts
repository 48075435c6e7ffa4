/**
 * Risk terms: legal, safety, security and discrimination language. One such Mention can
 * open an Incident on its own, so the lists are specific phrases, not single loose words
 * ("killing my battery" is not a safety risk; "food poisoning" is).
 */
import { normalise } from './text.ts';

export const RISK_CATEGORIES = ['legal', 'safety', 'security', 'discrimination'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

const RISK_TERMS: Record<RiskCategory, RegExp> = {
  legal: /\b(?:lawsuits?|law ?suits?|sue|suing|sued|lawyers?|attorneys?|solicitors?|class[- ]action|legal action|take (?:you|this|them) to court|small claims|trading standards|ombudsman|consumer protection|report(?:ing|ed)? (?:you|this|them) to (?:the )?(?:ftc|fca|cma|ofcom|ofgem|bbb|regulator|authorities|police)|breach of contract|gdpr (?:complaint|violation|breach)|cease and desist)\b/,
  safety: /\b(?:food poisoning|poison(?:ed|ing)|salmonella|listeria|e\.? ?coli|norovirus|allergic reaction|anaphyla\w*|hospitali[sz]ed|in (?:the )?hospital|a&e|emergency room|injur(?:ed|y|ies)|burn(?:ed|t) (?:my|his|her|their|our)|caught (?:on )?fire|burst into flames|on fire|explod(?:ed|es|ing)|exploding|explosion|electric(?:al)? shock|electrocuted|choking hazard|choked|unsafe|safety (?:hazard|issue|risk|concern)|fire hazard|recall(?:ed)?|contaminat\w*|mou?ld(?:y)? (?:in|on|food|bread)|glass in|metal in|found a (?:bug|hair|insect|worm|cockroach)|cockroach|rat droppings|sick after (?:eating|drinking))\b/,
  security: /\b(?:data breach|breach(?:ed)?|hacked|hack(?:ers?)?|leak(?:ed)? (?:my|our|customer|personal|user)|leaked|stolen (?:card|identity|data|details|account|password)|identity theft|fraud(?:ulent)?|phishing|scam(?:med|mers?)? (?:call|text|email)|unauthori[sz]ed (?:charge|access|transaction|payment|login|purchase)|account (?:was |got |has been )?(?:compromised|taken over|hijacked)|compromised|someone (?:logged|got) into my account|password (?:leak|reset i didn't)|exposed (?:my|our|customer) data)\b/,
  discrimination: /\b(?:racis[mt]|racially|sexis[mt]|misogyn\w*|homophob\w*|transphob\w*|xenophob\w*|islamophob\w*|antisemit\w*|ableis[mt]|discriminat\w*|bigot\w*|slurs?|harass(?:ed|ment|ing)|racial(?:ly)? profil\w*|profiled)\b/,
};

/** Risk terms found, as `category:term` (for example "safety:food poisoning"). */
export function riskTerms(text: string): string[] {
  const t = normalise(text);
  const out: string[] = [];
  for (const category of RISK_CATEGORIES) {
    const m = RISK_TERMS[category].exec(t);
    if (m && !negatedRisk(t, m.index)) out.push(`${category}:${m[0]}`);
  }
  return out;
}

/** "no data breach", "not racist" are reassurances, not risks. */
const negatedRisk = (t: string, index: number): boolean =>
  /\b(?:no|not|never|isn't|wasn't|without)\s+(?:\w+\s+)?$/.test(t.slice(Math.max(0, index - 20), index));

export const riskCategory = (risk: string): RiskCategory | undefined => {
  const c = risk.split(':')[0];
  return (RISK_CATEGORIES as readonly string[]).includes(c ?? '') ? (c as RiskCategory) : undefined;
};
