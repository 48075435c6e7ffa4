/**
 * The checklist of an escalation email: the same three steps for every Incident, with the
 * steps a safety, security, legal or discrimination risk needs put first (a safety post that
 * names a lawyer gets both the safety and the legal steps).
 */

export interface ChecklistInput {
  theme: string;
  /** Risk categories seen in the Incident's Mentions or its reason: safety, security, legal, discrimination. */
  risks: readonly string[];
  brandName: string;
}

const STEPS: Record<'safety' | 'security' | 'legal' | 'discrimination', string[]> = {
  safety: [
    'Bring in the product-safety lead now. If someone may be hurt, contact them privately first: ask whether they are safe and how to reach them.',
    'Keep the evidence: screenshots and links of the posts, and ask them to keep the product. Say nothing in public about the cause until the safety lead has.',
  ],
  security: ['Bring in the security team before any public reply. Confirm no breach in public, and never ask for passwords or codes.'],
  legal: [
    'Tell legal before anyone replies in public: a post talks of a lawyer or legal action.',
    'Keep every post and reply (screenshots with links and times). Admit no liability and do not argue the facts in public.',
  ],
  discrimination: ['Bring in the head of communications and HR: a post alleges discrimination. Reply with care, never defensively.'],
};

/** The risk a theme stands for: the theme a risk decided counts as that risk even when no Mention is at hand. */
const THEME_RISK: Readonly<Record<string, keyof typeof STEPS>> = { safety: 'safety', legal: 'legal', 'account-security': 'security' };

/** True when the checklist has steps of the theme's own (not only the three every Incident gets). */
export const hasOwnSteps = (theme: string): boolean => Object.hasOwn(THEME_RISK, theme);

export function checklistFor(input: ChecklistInput): string[] {
  const risks = new Set(input.risks);
  const risk = Object.hasOwn(THEME_RISK, input.theme) ? THEME_RISK[input.theme] : undefined;
  if (risk) risks.add(risk);
  const specific = (['safety', 'security', 'legal', 'discrimination'] as const).filter((r) => risks.has(r)).flatMap((r) => STEPS[r]);
  return [
    `Decide who replies: one voice from the ${input.brandName} account. That is you unless you hand it over now.`,
    ...specific,
    'Reply to the valid complaints (start with the most reached), skip the trolls, and move details to a private channel.',
    'Post an update in the same threads when it is fixed, then resolve the incident here with what you learned.',
  ];
}
