/**
 * Text encodings of exported files. Spreadsheet and listening-tool exports arrive as UTF-8,
 * UTF-16 (with a byte-order mark), Windows-1252/Latin-1, or UTF-8 that was once read as
 * Latin-1 and saved again ("Â£5", "cafÃ©"): the decoder tells which, so a user can check.
 */
import type { TEXT_ENCODINGS } from '../core/config.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Runs of double-encoded UTF-8 ("Ã©" for "é") put back; 0 when there were none. */
  repaired: number;
  /** How the encoding was chosen, for a user: "not valid UTF-8: read as windows-1252 (Latin-1)". */
  description: string;
}

/** An encoding a user may name instead of detection (`encoding:` of an import source). */
export type EncodingChoice = (typeof TEXT_ENCODINGS)[number];

/**
 * A character of U+00C2..U+00F4 (a UTF-8 lead byte read as Latin-1) followed by one to three
 * characters that were continuation bytes (U+0080..U+00BF, or the Windows-1252 letters those
 * bytes become, such as "€" for 0x80).
 */
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]{1,3}/g;

/** Decodes a file's bytes with the encoding given, or the one detected (BOM, UTF-8 validity, else Windows-1252). */
export function decodeText(bytes: Uint8Array, choice: EncodingChoice = 'auto'): DecodedText {
  if (choice !== 'auto') {
    const encoding: TextEncoding = choice === 'latin1' ? 'windows-1252' : choice;
    return repair(encoding === 'windows-1252' ? decodeCp1252(bytes) : new TextDecoder(encoding).decode(bytes), encoding, `read as ${label(encoding)} (as configured)`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return plain(new TextDecoder('utf-16le').decode(bytes), 'utf-16le', 'UTF-16LE byte-order mark');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return plain(new TextDecoder('utf-16be').decode(bytes), 'utf-16be', 'UTF-16BE byte-order mark');
  try {
    return repair(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'utf-8', 'valid UTF-8');
  } catch {
    return plain(decodeCp1252(bytes), 'windows-1252', 'not valid UTF-8: read as windows-1252 (Latin-1)');
  }
}

const label = (e: TextEncoding): string => (e === 'windows-1252' ? 'windows-1252 (Latin-1)' : e.toUpperCase());

const plain = (text: string, encoding: TextEncoding, description: string): DecodedText => ({ text, encoding, repaired: 0, description });

/** Puts back UTF-8 that was decoded as Latin-1 and encoded again, run by run; a run that does not decode stays as it was. */
function repair(text: string, encoding: TextEncoding, description: string): DecodedText {
  let repaired = 0;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const fixed = text.replace(MOJIBAKE, (run) => {
    const bytes = cp1252Bytes(run);
    if (!bytes) return run;
    try {
      const decoded = utf8.decode(bytes);
      repaired++;
      return decoded;
    } catch {
      return run;
    }
  });
  return { text: fixed, encoding, repaired, description: repaired ? `${description}, ${repaired} double-encoded (Latin-1) run${repaired === 1 ? '' : 's'} repaired` : description };
}

/** Windows-1252's characters for bytes 0x80..0x9F (Node's TextDecoder reads them as Latin-1 controls); unassigned bytes keep their control. */
const CP1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const CP1252_HIGH: Record<string, number> = Object.fromEntries([...CP1252_80_9F].map((ch, i) => [ch, 0x80 + i]));

/** Windows-1252 text of bytes: Latin-1, with 0x80..0x9F mapped by the table above. */
function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_80_9F.charCodeAt(b - 0x80) : b)));
  }
  return out;
}

/** The Windows-1252 bytes of a string, or undefined when a character has none. */
function cp1252Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b = c < 0x100 && !(c >= 0x80 && c < 0xa0) ? c : CP1252_HIGH[s[i]!];
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}
