/** SentimentAnalyzer that runs in-process: VADER plus the core complaint rules. */
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import type { Analysis } from '../core/mention.ts';
import type { AnalysisRequest, SentimentAnalyzer } from '../core/ports.ts';
import { combine, readSignals } from '../core/analysis/index.ts';

export class LexiconAnalyzer implements SentimentAnalyzer {
  async analyze(requests: readonly AnalysisRequest[]): Promise<(Analysis | undefined)[]> {
    return requests.map((r) => this.analyzeOne(r.text));
  }

  /** Synchronous form, for the evaluation command and for other analysers' fallback paths. */
  analyzeOne(text: string): Analysis {
    return combine(SentimentIntensityAnalyzer.polarity_scores(text), readSignals(text), 'lexicon');
  }
}
