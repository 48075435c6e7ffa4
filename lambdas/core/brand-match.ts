/**
 * Which brands a fetched item is about. Pure: keywords and phrases match on word boundaries,
 * handles in every form people write them (`@acme`, `.@acme`, `@Acme's`, `@acme:`, `#acme`, a
 * link to the account's profile) case-insensitively, and exclusions ("slack adjusters" for
 * Slack) are masked out of the text before anything else is looked for.
 */
import type { Brand } from './config.ts';
import type { FetchedMention } from './mention.ts';

type BrandTerms = Pick<Brand, 'handles' | 'keywords' | 'exclusions'>;

interface Matcher {
  exclusions?: RegExp;
  terms?: RegExp;
  /** The brand's handles alone: which of them is the addressee. */
  handles?: RegExp;
}

// A letter, digit or underscore on either side means the term is part of a longer word.
const WORD = String.raw`[\p{L}\p{N}_]`;
// Handles and hashtags also may not be glued to another handle, hashtag or address
// ("team@acme.com", "#acmedown"); ".@acme" (a public reply on X) is a handle, "x.@acme" is not.
const BEFORE_TAG = String.raw`(?<![\p{L}\p{N}_@#])(?<![\p{L}\p{N}_]\.)`;
// "@acme." ends a sentence; "@acme.com" is an address.
const AFTER_TAG = String.raw`(?!${WORD})(?!\.[\p{L}\p{N}])`;
/** Profile links: x.com/acme, twitter.com/acme, instagram.com/acme, bsky.app/profile/acme.bsky.social ... */
const PROFILE_HOSTS = String.raw`(?:https?:\/\/)?(?:www\.|mobile\.|m\.)?(?:twitter\.com|x\.com|instagram\.com|facebook\.com|threads\.net|tiktok\.com|youtube\.com|linkedin\.com\/company|bsky\.app\/profile|reddit\.com\/u(?:ser)?)\/@?`;

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
  if (t.startsWith('#') || t.startsWith('@')) return String.raw`${BEFORE_TAG}${phrase(t)}${AFTER_TAG}`;
  return String.raw`(?<!${WORD})${phrase(t)}(?!${WORD})`;
}

/** Every way a post names one of the brand's accounts: the handle, its hashtag, a link to its profile. */
function handlePatterns(handle: string): string[] {
  const [user, instance] = handle.split('@');
  const patterns = [termPattern(`@${handle}`), termPattern(`#${user}`)];
  // A fediverse account's profile lives on its instance: https://mastodon.social/@acme.
  if (instance) patterns.push(String.raw`(?<!${WORD})${escape(instance)}\/@${escape(user!)}(?![\p{L}\p{N}_.-])`);
  else patterns.push(String.raw`${PROFILE_HOSTS}${escape(user!)}(?![\p{L}\p{N}_.-])`);
  return patterns;
}

/** Exclusions also cover their plural and possessive ("slack adjuster" covers "slack adjusters"). */
const exclusionPattern = (term: string): string =>
  String.raw`(?<!${WORD})${phrase(term)}(?:s|es|['’]s)?(?!${WORD})`;

function matcherFor(brand: BrandTerms): Matcher {
  let m = compiled.get(brand);
  if (m) return m;
  const handles = brand.handles.map(normaliseHandle).filter((h) => h.length > 0);
  const handleTerms = handles.flatMap(handlePatterns);
  const terms = [...brand.keywords.filter((k) => k.trim().length > 0).map(termPattern), ...handleTerms];
  const exclusions = brand.exclusions.filter((e) => e.trim().length > 0).map(exclusionPattern);
  m = {
    terms: terms.length ? new RegExp(terms.join('|'), 'iu') : undefined,
    exclusions: exclusions.length ? new RegExp(exclusions.join('|'), 'giu') : undefined,
    handles: handles.length ? new RegExp(handles.map((h) => termPattern(`@${h}`)).join('|'), 'iu') : undefined,
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

/** Where the text first names the brand outside its exclusions, or -1. */
function firstMention(brand: BrandTerms, folded: string): number {
  const m = matcherFor(brand);
  if (!m.terms) return -1;
  // Masking keeps offsets: an exclusion is replaced by as many spaces.
  const t = m.exclusions ? folded.replace(m.exclusions, (x) => ' '.repeat(x.length)) : folded;
  return t.search(m.terms);
}

/** True when the text names the brand outside its exclusions. */
export function mentionsBrand(brand: BrandTerms, text: string): boolean {
  return firstMention(brand, fold(text)) >= 0;
}

type Attributable = Pick<FetchedMention, 'text'> & { author?: Pick<FetchedMention['author'], 'handle'> };

/** The handles a post opens with ("@acme @bob hi", ".@acme why"): whom it is addressed to. */
const LEADING_HANDLES = /^[\s.]*(?:@[\p{L}\p{N}_]+(?:@[\p{L}\p{N}_.-]+)?[\s,:;]*)+/u;

/**
 * Every brand the item is about, primary first; the same whatever the order of `brands`.
 * A brand is about the item when its text names the brand or the brand's own account wrote it
 * (a reply such as "Sorry, DM us" need not name the brand). The primary brand is the author,
 * else the addressee (the first brand handle the post opens with), else `context` (the brand
 * of the source it came from, which counts even when not named: an owned channel), else the
 * brand named first in the text. Ties are broken by brand id, never by config order.
 */
export function attributeBrands<B extends BrandTerms & { id: string }>(
  brands: readonly B[],
  mention: Attributable,
  context?: B,
): B[] {
  const text = fold(mention.text);
  const lead = LEADING_HANDLES.exec(text)?.[0] ?? '';
  const ranked: { brand: B; rank: number; at: number }[] = [];
  for (const brand of brands) {
    const author = mention.author !== undefined && isBrandAuthor(brand, mention.author.handle);
    const at = firstMention(brand, text);
    if (!author && at < 0 && brand !== context) continue;
    const addressed = lead ? lead.search(matcherFor(brand).handles ?? /$^/) : -1;
    const rank = author ? 0 : addressed >= 0 ? 1 : brand === context ? 2 : 3;
    ranked.push({ brand, rank, at: rank === 1 ? addressed : at < 0 ? Number.MAX_SAFE_INTEGER : at });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.at - b.at || (a.brand.id < b.brand.id ? -1 : a.brand.id > b.brand.id ? 1 : 0));
  return ranked.map((r) => r.brand);
}

/** The item's primary brand (see attributeBrands), if it is about any. */
export function matchBrand<B extends BrandTerms & { id: string }>(brands: readonly B[], mention: Attributable): B | undefined {
  return attributeBrands(brands, mention)[0];
}
