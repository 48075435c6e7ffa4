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
