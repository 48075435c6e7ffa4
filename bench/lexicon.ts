/** 1. LexiconAnalyzer throughput over the real tweet fixture (or generated text without ../shared). */
import { LexiconAnalyzer } from '../lambdas/adapters/lexicon-analyzer.ts';
import { fixtureTweets, generatedTexts, TWEETS_CSV } from './inputs.ts';
import { median, timeRuns, type SectionResult } from './measure.ts';

export async function benchLexicon(): Promise<SectionResult> {
  const notes: string[] = [];
  let texts = fixtureTweets();
  let corpus = `the ${texts?.length ?? 0} non-empty fixture tweets`;
  if (!texts) {
    notes.push(`lexicon: ${TWEETS_CSV} is absent; measured on 9,093 generated texts instead`);
    texts = generatedTexts(9_093);
    corpus = `${texts.length} generated texts`;
  }
  const analyzer = new LexiconAnalyzer();
  // Warm-up: JIT and VADER's lexicon load, so the timed runs see steady state.
  await analyzer.analyze(texts.slice(0, 2_000).map((text) => ({ text })));

  let sink = 0;
  const durations = await timeRuns(async () => {
    const results = await analyzer.analyze(texts.map((text) => ({ text })));
    sink += results.length;
  }, { runs: 5, minRuns: 3, budgetMs: 12_000 });
  if (sink === 0) throw new Error('the analyser returned nothing');

  const perSecond = durations.map((ms) => texts.length / (ms / 1000));
  return {
    notes,
    figures: [
      {
        name: 'lexicon.throughput',
        measured: `LexiconAnalyzer.analyze over ${corpus}, after a warm-up`,
        value: median(perSecond),
        unit: 'texts/s',
        better: 'higher',
        samples: perSecond,
      },
      {
        name: 'lexicon.per-text',
        measured: 'mean time per text (same runs)',
        value: (median(durations) * 1000) / texts.length,
        unit: 'µs/text',
        better: 'lower',
      },
    ],
  };
}
