/**
 * The phrase syntax of the rules a user can write in the config (theme phrases, risk terms,
 * risk context rules), compiled to one regular expression over normalised text:
 *
 * - words match whole words, case-insensitively: `cold food` does not match "scold foodie";
 * - a word ending in `*` matches any ending: `deliver*` matches "delivery", "delivered";
 * - a lone `*` stands for up to two words: `lost * bag` matches "lost my bag", "lost bag";
 * - `a|b` inside a word is either: `was|is cold`;
 * - a phrase may start with `#` (a hashtag) and contain `'` and `-`.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One word of a phrase as a pattern. */
function word(w: string): string {
  return `(?:${w
    .split('|')
    .map((alt) => (alt.endsWith('*') ? `${escape(alt.slice(0, -1))}[\\w'-]*` : escape(alt)))
    .join('|')})`;
}

/** One phrase as a pattern (without boundaries). */
export function phrasePattern(phrase: string): string {
  const words = phrase.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let out = '';
  for (const [i, w] of words.entries()) {
    if (w === '*') {
      out += String.raw`(?:\s+[^\s.!?]+){0,2}`;
      continue;
    }
    out += (i === 0 || out === '' ? '' : String.raw`\s+`) + word(w);
  }
  return out;
}

/** Boundaries: not inside a longer word (a `#` or `@` before the phrase is part of another token). */
const bounded = (pattern: string): string => String.raw`(?<![\w#@'-])(?:${pattern})(?![\w'-])`;

/** All phrases as one global pattern; undefined when the list is empty. */
export function compilePhrases(phrases: readonly string[]): RegExp | undefined {
  const patterns = phrases.map((p) => p.trim()).filter((p) => p.length > 0 && p !== '*').map(phrasePattern);
  return patterns.length ? new RegExp(patterns.map(bounded).join('|'), 'g') : undefined;
}

export interface PhraseMatch {
  text: string;
  index: number;
  end: number;
}

/** Whether any of the compiled phrases is in normalised text (a global pattern's position is reset). */
export function hasPhrase(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/** Every non-overlapping match of the compiled phrases in normalised text. */
export function findPhrases(re: RegExp | undefined, text: string): PhraseMatch[] {
  if (!re) return [];
  re.lastIndex = 0;
  const out: PhraseMatch[] = [];
  for (const m of text.matchAll(re)) out.push({ text: m[0], index: m.index, end: m.index + m[0].length });
  return out;
}
