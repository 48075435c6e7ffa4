/** Text normalisation shared by the complaint, risk and theme rules. */

/**
 * Lower-cases and flattens a post so the rules can be plain regular expressions:
 * curly quotes become straight, URLs and leftover HTML entities go, whitespace collapses.
 * @handles and #hashtags stay (a hashtag's words are often the complaint: #fail, #outage).
 */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&(lt|gt|quot|apos|#\d+);/g, ' ')
    .replace(/#(\w)/g, '#$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits a normalised text into sentences (or clauses ended by ! ? . or a newline). */
export const sentences = (normalised: string): string[] =>
  normalised.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);

/** A first-person word: the writer speaking for themselves. */
export const FIRST_PERSON = /(?<![\w'])(?:i|i'm|im|i've|i'd|i'll|me|my|mine|we|we're|we've|us|our|ours|myself)(?![\w'])/;
/** A second-person word: said to someone, usually the brand. */
export const SECOND_PERSON = /(?<![\w'])(?:you|your|you're|youre|u|ur|yours|y'all|yall)(?![\w'])/;
