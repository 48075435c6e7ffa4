/** Which fetched items are about the brand: search results must name it; owned channels need not. */
import { matchBrand } from './brand-match.ts';
import type { Brand } from './config.ts';
import type { FetchedMention, SourceKind } from './mention.ts';

/** Sources that read the brand's own channels (its blog, page, organisation): every item is about it. */
const OWNED_CHANNELS: ReadonlySet<SourceKind> = new Set(['facebook', 'linkedin']);

export function isRelevant(brand: Brand, kind: SourceKind, mention: FetchedMention): boolean {
  if (matchBrand([brand], mention)) return true;
  return OWNED_CHANNELS.has(kind) || mention.author.isBrand;
}
