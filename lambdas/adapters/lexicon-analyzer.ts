/**
 * SentimentAnalyzer that runs in-process: VADER plus the core complaint rules. VADER reads
 * English only: a text in another language (given by its source, or detected here) is not
 * scored but marked "language not supported locally", so it counts as a Mention and never
 * as a negative by accident.
 */
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import type { Analysis } from '../core/mention.ts';
import type { AnalysisRequest, SentimentAnalyzer } from '../core/ports.ts';
import { combine, readSignals } from '../core/analysis/index.ts';
import { detectLanguage } from './language-detector.ts';

/** Languages the lexicon analyser scores (ISO 639-1, region ignored). */
export const LOCAL_LANGUAGES: ReadonlySet<string> = new Set(['en']);
export const UNSUPPORTED_LANGUAGE = 'language not supported locally';

export class LexiconAnalyzer implements SentimentAnalyzer {
  async analyze(requests: readonly AnalysisRequest[]): Promise<(Analysis | undefined)[]> {
    return requests.map((r) => this.analyzeOne(r.text, r.language));
  }

  /** Synchronous form, for the evaluation command and for other analysers' fallback paths. */
  analyzeOne(text: string, language?: string): Analysis {
    const lang = language ?? detectLanguage(text);
    if (lang && !LOCAL_LANGUAGES.has(lang.toLowerCase().split(/[-_]/)[0]!)) return unscored(lang);
    const analysis = combine(SentimentIntensityAnalyzer.polarity_scores(text), readSignals(text), 'lexicon');
    return lang ? { ...analysis, language: lang } : analysis;
  }
}

/** Counted, never negative: neutral with nothing read into it. */
const unscored = (language: string): Analysis => ({
  sentiment: 'NEUTRAL',
  scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
  language,
  complaint: false,
  signals: [`language-unsupported:${language}`],
  risks: [],
  theme: 'other',
  analyzer: 'lexicon',
  unsupported: UNSUPPORTED_LANGUAGE,
});
