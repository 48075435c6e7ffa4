/**
 * A SentimentAnalyzer built on first use. The fetch functions load the lexicon this way: with
 * Comprehend it only scores the languages Comprehend cannot, so most cold starts never load
 * VADER's word list (nor whatever else the lexicon path brings).
 */
import type { Analysis } from '../core/mention.ts';
import type { AnalysisRequest, SentimentAnalyzer } from '../core/ports.ts';

export class LazyAnalyzer implements SentimentAnalyzer {
  #loading: Promise<SentimentAnalyzer> | undefined;

  constructor(private readonly load: () => Promise<SentimentAnalyzer>) {}

  async analyze(requests: readonly AnalysisRequest[]): Promise<(Analysis | undefined)[]> {
    if (!requests.length) return [];
    // A failed load is tried again on the next call, not remembered.
    this.#loading ??= this.load().catch((err: unknown) => {
      this.#loading = undefined;
      throw err;
    });
    return (await this.#loading).analyze(requests);
  }
}

type LexiconModule = typeof import('./lexicon-analyzer.ts');

/**
 * The lexicon analyser, imported when first needed. In a Lambda bundle it is a chunk of its own
 * beside index.mjs (CrisisFunction's `lexiconChunk`): esbuild's define replaces the literal
 * `process.env.CRISIS_DESK_LEXICON_CHUNK` with the chunk's path, and the branch that would
 * bundle the module is dropped. Unbundled (tests, the CLI) the variable is unset.
 */
export const lazyLexicon = (): LazyAnalyzer =>
  new LazyAnalyzer(async () => {
    const mod: LexiconModule = process.env.CRISIS_DESK_LEXICON_CHUNK
      ? await import(process.env.CRISIS_DESK_LEXICON_CHUNK)
      : await import('./lexicon-analyzer.ts');
    return new mod.LexiconAnalyzer();
  });
