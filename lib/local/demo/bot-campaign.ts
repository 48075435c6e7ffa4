/**
 * A small episode beside the demo's crisis (scenario.ts): on the report week's Monday afternoon,
 * a dozen accounts made that week paste the same angry post within the hour. Detection sees a
 * spike like any other and pages; the demo's owners look, and mark it a false alarm (spam or a
 * bot campaign), so the weekly report has alert quality to show. Seeded on its own, so it never
 * changes the crisis' random stream.
 */
import type { FetchedMention } from '../../../lambdas/core/mention.ts';
import { seeded } from './random.ts';

const MINUTE = 60_000;

export interface BotCampaignOptions {
  /** When the first post goes out. */
  at: Date;
  source: { id: string; kind: FetchedMention['sourceKind']; postUrl: (id: string, handle: string) => string };
  /** The campaign's words, with the brand's hashtag: every account posts them. */
  text: string;
  /** @default 11 */
  accounts?: number;
  /** @default 40 */
  overMinutes?: number;
  seed?: number;
}

/** What bots add so the copies do not look identical to a filter: the text stays the same. */
const TAILS = ['', '!!', ' 👎', ' #truth', ' RT', '!!!'];

export function botCampaign(o: BotCampaignOptions): FetchedMention[] {
  const rnd = seeded(o.seed ?? 1116);
  const accounts = o.accounts ?? 11;
  const span = (o.overMinutes ?? 40) * MINUTE;
  return Array.from({ length: accounts }, (_, n) => {
    const handle = `@real_voice_${rnd.int(1000, 9999)}`;
    const nativeId = `bot-${n + 1}`;
    return {
      sourceId: o.source.id,
      sourceKind: o.source.kind,
      nativeId,
      url: o.source.postUrl(nativeId, handle.slice(1)),
      author: { handle, displayName: handle.slice(1), reach: rnd.int(0, 40), isBrand: false },
      text: `${o.text}${rnd.pick(TAILS)}`,
      language: 'en',
      createdAt: new Date(o.at.getTime() + Math.round((n / accounts) * span) + rnd.int(0, 59_000)).toISOString(),
      engagement: { likes: rnd.int(0, 2), replies: 0, reposts: rnd.int(0, 3) },
    };
  });
}

/** True for an Incident the campaign opened: it opened while the posts came in, or within the two hours after. */
export const fromBotCampaign = (incident: { openedAt: string }, o: Pick<BotCampaignOptions, 'at' | 'overMinutes'>): boolean => {
  const t = Date.parse(incident.openedAt);
  return t >= o.at.getTime() && t <= o.at.getTime() + ((o.overMinutes ?? 40) + 120) * MINUTE;
};
