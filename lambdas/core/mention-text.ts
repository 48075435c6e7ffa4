/**
 * A Mention as people read it wherever it is shown (emails, the incident page): who wrote it,
 * on which platform, and how negative it is for ordering "worst first".
 */
import { cleanText } from './html.ts';
import type { Mention } from './mention.ts';

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  x: 'X', reddit: 'Reddit', mastodon: 'Mastodon', bluesky: 'Bluesky', hackernews: 'Hacker News',
  facebook: 'Facebook', linkedin: 'LinkedIn', rss: 'Web', import: 'Import',
};

/** "Hacker News" for hackernews. */
export const sourceLabel = (kind: string): string => SOURCE_LABELS[kind] ?? kind;

/** "Marta K (@marta_k)", or the handle alone; controls and bidi overrides removed. */
export function authorName(m: Pick<Mention, 'author'>): string {
  const handle = cleanText(m.author.handle);
  const name = m.author.displayName ? cleanText(m.author.displayName) : undefined;
  return name && name !== handle ? `${name} (${handle})` : handle;
}

/** How bad a Mention is for the brand: its negative score, more for a complaint, more still for a risk. */
export const negativity = (m: Pick<Mention, 'analysis'>): number =>
  (m.analysis?.scores.negative ?? 0) + (m.analysis?.risks.length ? 1 : 0) + (m.analysis?.complaint ? 0.5 : 0);
