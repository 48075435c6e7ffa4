/**
 * Theme: the complaint category a Mention belongs to, so related Mentions group into one
 * Incident per brand and theme. Keyword scores per category; risk terms decide first.
 */
import { normalise } from './text.ts';
import { riskCategory } from './risks.ts';

export const THEMES = [
  'billing', 'outage', 'delivery', 'product-defect', 'customer-service',
  'account-security', 'safety', 'legal', 'brand-post', 'other',
] as const;
export type Theme = (typeof THEMES)[number];

const KEYWORDS: Record<Exclude<Theme, 'safety' | 'legal' | 'other'>, RegExp> = {
  // Bare "charge"/"charging" is left out: it is as often a battery as a bill.
  billing: /\b(?:bill|bills|billed|billing|(?:double[- ]|over|been |was |were )charged|charged (?:me|us|twice|double|again|for)|charges? (?:on|to) (?:my|our)|charging me|overcharg\w*|refund\w*|invoice|payment|paid|pay|price|prices|pricing|fee|fees|subscription|direct debit|money back|compensation|voucher|credit|debit|renewal|cost me)\b/g,
  outage: /\b(?:outage|down|offline|not loading|won't load|can't connect|no (?:signal|service|internet|wifi|power|connection)|server|servers|wifi|internet|broadband|network|connection|disconnect\w*|log ?in|login|sign ?in|error|site|website|app is|status page|dns|streaming|buffering)\b/g,
  delivery: /\b(?:deliver\w*|parcel|package|shipping|shipped|shipment|courier|tracking|arrive\w*|dispatch\w*|order|orders|postage|driver|missing item|delivery slots?|flight|flights|train|trains|bus|delay\w*|late|cancel+ed|cancel+ation|luggage|baggage|bags?|boarding|gate|platform|rebook\w*|stranded|connection)\b/g,
  'product-defect': /\b(?:broken|broke|faulty|bricked|brick|flicker\w*|boot (?:loop|logo)|hot|overheat\w*|heats? up|warm|temperature|charger|charging|won't (?:charge|turn on|boot)|defective|damaged|cracked|crash\w*|freez\w*|frozen|bug|bugs|buggy|glitch\w*|battery|batteries|drain\w*|overheat\w*|update|ios|software|firmware|screen|device|phone|iphone|ipad|laptop|printer|quality|stopped working|doesn't work|not working|skipping|slow|lag\w*|restart\w*)\b/g,
  'customer-service': /\b(?:customer service|support|staff|agent|rude|unhelpful|manager|on hold|hold music|call centre|call center|helpline|hung up|no response|no reply|nobody|no ?one|respond\w*|repl(?:y|ied|ies)|live ?chat|chat|voicemail|complaint|complained|emailed|called|rang|store|shop|colleague|employee|waiter|waitress|cashier|queue|id'?d|treated)\b/g,
  'account-security': /\b(?:hack\w*|breach\w*|password|account (?:locked|compromised|hijacked)|locked out|fraud\w*|phishing|scam|unauthori[sz]ed|identity|2fa|two[- ]factor|verification code|security|privacy|data)\b/g,
  'brand-post': /\b(?:your (?:ad|advert|advertisement|commercial|campaign|tweet|post|video|promo|marketing|slogan|logo|statement|ceo)|this (?:ad|advert|campaign|commercial)|tone[- ]deaf|offensive (?:ad|tweet|post|campaign)|boycott\w*|pr disaster|delete this|read the room|who approved)\b/g,
};

/** The Mention's theme: a risk category first, then the best keyword score, else "other". */
export function classifyTheme(text: string, risks: readonly string[] = []): Theme {
  const categories = new Set(risks.map(riskCategory));
  if (categories.has('safety')) return 'safety';
  if (categories.has('security')) return 'account-security';
  if (categories.has('legal') && !categories.has('discrimination')) return 'legal';
  const t = normalise(text);
  let best: Theme = 'other';
  let bestScore = 0;
  for (const [theme, re] of Object.entries(KEYWORDS) as [Theme, RegExp][]) {
    const score = t.match(re)?.length ?? 0;
    // Ties keep the earlier, more specific category (the order of KEYWORDS).
    if (score > bestScore) {
      best = theme;
      bestScore = score;
    }
  }
  if (categories.has('discrimination') && best === 'other') return 'customer-service';
  if (categories.has('legal') && best === 'other') return 'legal';
  return best;
}
