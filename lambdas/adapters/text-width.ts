/**
 * How wide a label is in the charts' font, so axes and margins are laid out from the text itself:
 * there is no DOM to measure with, and guessing wastes the width of a phone or clips a label.
 */

/**
 * Advance widths of Open Sans regular and bold (the packaged TTFs) for printable ASCII, U+0020
 * to U+007E, in hundredths of an em, as resvg lays them out (test/adapters/text-width.test.ts
 * measures them again with resvg and the fonts).
 */
const ASCII_WIDTHS = {
  regular: [
    26, 26, 40, 65, 57, 83, 73, 22, 29, 29, 55, 57, 26, 32, 26, 37, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 26, 26, 57, 57, 57, 43, 90, 63, 65, 63, 73, 56,
    52, 73, 74, 28, 27, 61, 52, 90, 75, 78, 60, 78, 62, 55, 55, 73, 60, 92, 58, 56, 57, 33, 37, 33, 57, 44, 28, 56, 61, 48, 61, 56, 34, 54, 61, 25, 25,
    53, 25, 93, 61, 60, 61, 61, 41, 48, 36, 61, 50, 77, 52, 50, 47, 38, 55, 38, 57,
  ],
  bold: [
    26, 29, 47, 65, 57, 90, 75, 27, 34, 34, 54, 57, 29, 32, 29, 41, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 29, 29, 57, 57, 57, 48, 90, 69, 67, 64, 74, 56,
    55, 72, 77, 33, 33, 66, 56, 94, 81, 80, 63, 80, 66, 55, 58, 76, 65, 97, 67, 62, 58, 33, 41, 33, 57, 41, 36, 60, 63, 51, 63, 59, 39, 56, 66, 31, 31,
    62, 31, 98, 66, 62, 63, 63, 45, 50, 43, 66, 57, 86, 58, 57, 49, 39, 55, 39, 57,
  ],
} as const;

/** Any other character: about an accented letter's width, a little over (a wide letter stays inside its margin). */
const OTHER_WIDTH = 0.65;
/** Combining marks draw over the letter before them. */
const COMBINING = /\p{M}/u;
export const ELLIPSIS = '…';
const ELLIPSIS_WIDTH = { regular: 0.78, bold: 0.85 } as const;

export type FontWeight = keyof typeof ASCII_WIDTHS;

const charWidth = (ch: string, weight: FontWeight): number => {
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && code <= 0x7e) return ASCII_WIDTHS[weight][code - 0x20]! / 100;
  if (ch === ELLIPSIS) return ELLIPSIS_WIDTH[weight];
  return COMBINING.test(ch) ? 0 : OTHER_WIDTH;
};

/** The width of `text` at `fontSize` px, in px. */
export function textWidth(text: string, fontSize: number, weight: FontWeight = 'regular'): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch, weight);
  return em * fontSize;
}

/** `text`, or as much of it as fits in `maxWidth` px followed by "…". */
export function fitText(text: string, fontSize: number, maxWidth: number, weight: FontWeight = 'regular'): string {
  if (textWidth(text, fontSize, weight) <= maxWidth) return text;
  let out = '';
  let width = ELLIPSIS_WIDTH[weight] * fontSize;
  for (const ch of text) {
    width += charWidth(ch, weight) * fontSize;
    if (width > maxWidth) break;
    out += ch;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}
