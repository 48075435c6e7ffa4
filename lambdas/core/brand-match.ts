/**
 * Which brand a fetched item is about. Pure: keywords and phrases match on word boundaries,
 * handles and hashtags case-insensitively, and exclusions ("slack adjusters" for Slack) are
 * masked out of the text before anything else is looked for.
 */
import type { Brand } from './config.ts';
import type { FetchedMention } from './mention.ts';

type BrandTerms = Pick<Brand, 'handles' | 'keywords' | 'exclusions'>;

interface Matcher {
  exclusions?: RegExp;
  terms?: RegExp;
}

// A letter, digit or underscore on either side means the term is part of a longer word.
const WORD = String.raw`[\p{L}\p{N}_]`;
// Handles and hashtags also may not be glued to another handle, hashtag or address.
const BEFORE_TAG = String.raw`[\p{L}\p{N}_@#.]`;

const compiled = new WeakMap<BrandTerms, Matcher>();

const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase matches across any run of whitespace ("acme  air", "acme\nair"). */
const phrase = (s: string): string => fold(s.trim()).split(/\s+/).map(escape).join(String.raw`\s+`);

/** `@acme`, `acme`, `u/acme`, `/u/acme` and `@acme@mastodon.social` all name one account. */
export function normaliseHandle(handle: string): string {
  return fold(handle.trim()).replace(/^\/?u\//, '').replace(/^@/, '');
}

function termPattern(term: string): string {
  const t = term.trim();
  if (t.startsWith('#') || t.startsWith('@')) return String.raw`(?<!${BEFORE_TAG})${phrase(t)}(?!${WORD})`;
  return String.raw`(?<!${WORD})${phrase(t)}(?!${WORD})`;
}

/** Exclusions also cover their plural and possessive ("slack adjuster" covers "slack adjusters"). */
const exclusionPattern = (term: string): string =>
  String.raw`(?<!${WORD})${phrase(term)}(?:s|es|['’]s)?(?!${WORD})`;

function matcherFor(brand: BrandTerms): Matcher {
  let m = compiled.get(brand);
  if (m) return m;
  const handles = brand.handles.map(normaliseHandle).filter((h) => h.length > 0);
  const terms = [
    ...brand.keywords.filter((k) => k.trim().length > 0).map(termPattern),
    ...handles.map((h) => termPattern(`@${h}`)),
  ];
  const exclusions = brand.exclusions.filter((e) => e.trim().length > 0).map(exclusionPattern);
  m = {
    terms: terms.length ? new RegExp(terms.join('|'), 'iu') : undefined,
    exclusions: exclusions.length ? new RegExp(exclusions.join('|'), 'giu') : undefined,
  };
  compiled.set(brand, m);
  return m;
}

/** True when `handle` is one of the brand's own accounts. */
export function isBrandAuthor(brand: Pick<Brand, 'handles'>, handle: string | undefined): boolean {
  if (!handle) return false;
  const h = normaliseHandle(handle);
  return h.length > 0 && brand.handles.some((b) => normaliseHandle(b) === h);
}

/** True when the text names the brand outside its exclusions. */
export function mentionsBrand(brand: BrandTerms, text: string): boolean {
  const m = matcherFor(brand);
  if (!m.terms) return false;
  let t = fold(text);
  if (m.exclusions) t = t.replace(m.exclusions, ' ');
  return m.terms.test(t);
}

/**
 * The first brand (in config order) the item is about: its text names the brand, or the
 * brand's own account wrote it (a reply such as "Sorry, DM us" need not name the brand).
 */
export function matchBrand<B extends BrandTerms>(
  brands: readonly B[],
  mention: Pick<FetchedMention, 'text'> & { author?: Pick<FetchedMention['author'], 'handle'> },
): B | undefined {
  return brands.find(
    (b) => mentionsBrand(b, mention.text) || (mention.author !== undefined && isBrandAuthor(b, mention.author.handle)),
  );
}
