/**
 * Local language detection for texts whose source gave no language (franc-min: trigrams of
 * 82 languages, pure JS, no model download). Short posts are hard: a text with few letters,
 * or Latin-script text that is not clearly another language, is left undetermined rather
 * than guessed, so an English complaint is never set aside as "not supported".
 */
import { francAll } from 'franc-min';

/** ISO 639-3 (franc) to ISO 639-1 (Comprehend, the platforms) for the languages franc-min knows. */
const ISO1: Record<string, string> = {
  eng: 'en', spa: 'es', fra: 'fr', deu: 'de', ita: 'it', por: 'pt', nld: 'nl', arb: 'ar', cmn: 'zh', jpn: 'ja', kor: 'ko', rus: 'ru',
  ukr: 'uk', pol: 'pl', tur: 'tr', hin: 'hi', ben: 'bn', urd: 'ur', pes: 'fa', ind: 'id', zlm: 'ms', vie: 'vi', tha: 'th', swe: 'sv',
  nob: 'no', dan: 'da', fin: 'fi', ces: 'cs', slk: 'sk', hun: 'hu', ron: 'ro', bul: 'bg', ell: 'el', heb: 'he', srp: 'sr', hrv: 'hr',
  bos: 'bs', slv: 'sl', lit: 'lt', lav: 'lv', est: 'et', cat: 'ca', glg: 'gl', eus: 'eu', tgl: 'tl', swh: 'sw', hau: 'ha', yor: 'yo',
  ibo: 'ig', amh: 'am', som: 'so', zul: 'zu', xho: 'xh', afr: 'af', tam: 'ta', tel: 'te', mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml',
  pan: 'pa', npi: 'ne', sin: 'si', mya: 'my', khm: 'km', uzn: 'uz', kaz: 'kk', azj: 'az', bel: 'be', mkd: 'mk', als: 'sq', hye: 'hy',
  kat: 'ka', ceb: 'ceb', jav: 'jv', sun: 'su', mad: 'mad', mai: 'mai', bho: 'bho', ilo: 'ilo', hat: 'ht', nya: 'ny', kin: 'rw',
};

/** Scripts that name their language on their own when trigrams cannot (very short texts). */
const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Hangul}/gu, 'ko'], [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'], [/\p{Script=Han}/gu, 'zh'], [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'], [/\p{Script=Thai}/gu, 'th'], [/\p{Script=Greek}/gu, 'el'], [/\p{Script=Devanagari}/gu, 'hi'],
  [/\p{Script=Cyrillic}/gu, 'ru'], [/\p{Script=Armenian}/gu, 'hy'], [/\p{Script=Georgian}/gu, 'ka'],
];

/** Fewer letters than this and trigrams say little. */
const MIN_LETTERS = 12;
/** Latin-script text is called another language only with this many letters and English well behind. */
const MIN_LATIN_LETTERS = 40;
const ENGLISH_BEHIND = 0.75;
/** English function words: two of them in a short post say English better than trigrams do. */
const ENGLISH_WORDS = new Set(['the', 'and', 'to', 'of', 'is', 'my', 'you', 'your', 'for', 'in', 'it', 'this', 'with', 'just', 'get', 'got', 'as', 'at', 'on', 'not', 'what', 'why', 'are', 'was', 'have', 'has', 'about', 'from', 'but', 'be', 'me', 'we', 'our', 'they', 'will', "don't", "can't", 'how', 'up', 'out', 'all', 'do', 'so']);

/** The text's language (ISO 639-1) when it can be told, else undefined. */
export function detectLanguage(text: string): string | undefined {
  const words = text.replace(/https?:\/\/\S+/g, ' ').replace(/[@#$][\p{L}\p{N}_]+/gu, ' ');
  const letters = words.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS && !SCRIPTS.some(([re]) => (words.match(re)?.length ?? 0) >= 4)) return undefined;
  const latin = words.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (latin * 2 < letters) {
    const top = francAll(words, { minLength: 1 })[0]?.[0];
    const script = SCRIPTS.map(([re, code]) => [words.match(re)?.length ?? 0, code] as const).sort((a, b) => b[0] - a[0])[0];
    return (top && top !== 'und' ? ISO1[top] ?? top : undefined) ?? (script && script[0] > 0 ? script[1] : undefined);
  }
  if (latin < MIN_LATIN_LETTERS) return undefined;
  const english = new Set(words.toLowerCase().split(/[^\p{L}']+/u).filter((w) => ENGLISH_WORDS.has(w)));
  if (english.size >= 2) return 'en';
  const ranked = francAll(words);
  const top = ranked[0]?.[0];
  if (!top || top === 'und') return undefined;
  if (top === 'eng') return 'en';
  const englishScore = ranked.find(([code]) => code === 'eng')?.[1] ?? 0;
  return englishScore < ENGLISH_BEHIND ? (ISO1[top] ?? top) : undefined;
}
